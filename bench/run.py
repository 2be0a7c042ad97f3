"""Benchmarks of the public pages: prints figures, asserts nothing.

For SQLite and PostgreSQL, at each size of BENCH_SIZES (10,000 and 100,000 sample partners
plus the Brussels data): builds the database, measures each public page in-process with a
cold cache (Django test client, production settings; p50/p95, number of queries, and the
CPU time the hypervisor stole meanwhile) in two ways: the page not cached (a new address
each time) and right after a change (the whole cache emptied, so values shared between
pages, like the map's drawing, are computed again), then serves
the site with gunicorn (2 sync workers, production settings) and
loads each page and a bare view through the same middleware with wrk (2 threads, 4
connections, a warm cache), printing requests/s and the ratio to the bare view.

Activities: BENCH_ACTIVITIES sample activities (1,000,000) at the first size, 10,000 of them on
the partner sample-0, whose page shows them as a timeline.

Usage: make bench   (BENCH_SIZES, BENCH_ACTIVITIES, BENCH_SECONDS, BENCH_DATABASES, BENCH_RUNS)
"""

import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from production import PRODUCTION  # bench/production.py: the scripts run from bench/

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "1000000"))
DATABASES = {
    "sqlite": f"sqlite:///{RESULTS / 'bench.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/liaison_bench",
}
SELECTED = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
PAGES = [
    "/en/",
    "/en/partners/",
    "/en/partners/?page=200",
    "/en/partners/?q=kyiv",
    "/en/partners/berlin/",
    "/en/partners/map/",
    "/en/directory/",
    "/en/activities/",
    "/en/activities/retrospective/",
    "/en/activities/retrospective/?year=2020",
    "/en/partners/sample-0/",  # the timeline of the partner that gets 10,000 sample activities
    "/en/activities/calendar.ics",
    "/en/activities/mission-istanbul-ankara-2021/",
    "/fr/activities/retrospective/",
    "/en/news/",
    "/en/news/rss.xml",
    "/en/newsletter/",
    "/en/newsletter/archive/",
    "/en/cooperation/",
    "/en/cooperation/calls/",
    "/en/cooperation/projects/",
    "/en/cooperation/budget/",
    "/en/protocol/gifts/",
    # The API's cached public lists (api.views: a visitor's list is kept until the next change).
    "/api/partners/",
    "/api/activities/",
    "/en/open-data/",
]
BARE = "/bench/bare/"
PY = sys.executable


def environment(url):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "CACHE_URL": f"file://{RESULTS / 'cache'}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
    }


def manage(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(url, size):
    env = environment(url)
    RESULTS.mkdir(exist_ok=True)
    shutil.rmtree(RESULTS / "cache", ignore_errors=True)
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "liaison_bench"], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "liaison_bench"], check=True)
    manage("migrate", "--noinput", env=env)
    manage("import_seed_data", env=env)
    started = time.perf_counter()
    # The activities (1,000,000 by default: about half an hour to generate) only at the first size.
    activities = ACTIVITIES if size == SIZES[0] else 0
    manage("generate_sample_data", "--partners", str(size), "--activities", str(activities), env=env)
    return time.perf_counter() - started


def production_environment(url):
    """The production settings (DEBUG off, static files from their manifest), as a deployment runs."""
    return {**environment(url), **PRODUCTION}


def measure_in_process(url):
    """In a child process, so that each database gets its own Django set-up.

    Each page is timed alone (its queries are counted in one more request, as capturing them
    costs time of its own). The `steal` column is the share of the machine's CPU time that its
    hypervisor took while the page was measured (/proc/stat): this virtual machine's speed
    varies with it, by up to two times within minutes.
    """
    manage("collectstatic", "--noinput", env=production_environment(url))
    code = f"""
import os, statistics, time
import django
django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client()


def cpu_ticks():
    # (stolen, all) CPU ticks of the machine so far, or None where /proc/stat is missing.
    try:
        with open("/proc/stat") as stat:
            ticks = [int(value) for value in stat.readline().split()[1:]]
    except OSError:
        return None
    return ticks[7] if len(ticks) > 7 else 0, sum(ticks)


def measure(path, clear):
    times = []
    before = cpu_ticks()
    for run in range({RUNS}):
        if clear:
            cache.clear()
        address = path + ("&" if "?" in path else "?") + f"bench={{run}}-{{os.getpid()}}"
        started = time.perf_counter()
        response = client.get(address)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    after = cpu_ticks()
    steal = (after[0] - before[0]) / max(after[1] - before[1], 1) * 100 if before else float("nan")
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)], steal


def count_queries(path):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(path + ("&" if "?" in path else "?") + "bench=queries")
    return len(queries)


print(f"  {{'page':<26}} {{'page not cached':>22}} {{'after a change':>22}}  queries  steal")
for path in {PAGES!r}:
    client.get(path + ("&" if "?" in path else "?") + f"bench=warm-{{os.getpid()}}")
    cold = measure(path, clear=False)
    changed = measure(path, clear=True)
    print(
        f"  {{path:<26}} p50 {{cold[0]:5.1f}} p95 {{cold[1]:5.1f}} ms"
        f"  p50 {{changed[0]:5.1f}} p95 {{changed[1]:5.1f}} ms  {{count_queries(path):7d}}"
        f"  {{max(cold[2], changed[2]):4.0f}} %"
    )
"""
    subprocess.run([PY, "-c", code], cwd=ROOT, env=production_environment(url), check=True)


def wrk(url):
    output = subprocess.run(
        ["wrk", "-t2", "-c4", f"-d{SECONDS}s", url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def requests_per_second(url, port=8765):
    env = production_environment(url)
    manage("collectstatic", "--noinput", env=env)
    gunicorn = str(Path(PY).parent / "gunicorn")
    command = [gunicorn, "liaison.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + BARE, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for path in PAGES:  # warm the cache
            urllib.request.urlopen(base + path, timeout=60).read()
        # The bare view is measured between pages, and each page is compared with the mean
        # of the runs just before and after it: the machine's load drifts during a run.
        bare = [wrk(base + BARE)[0]]
        for path in PAGES:
            rate, errors = wrk(base + path)
            bare.append(wrk(base + BARE)[0])
            baseline = (bare[-2] + bare[-1]) / 2
            note = f"  ({errors} not 2xx)" if errors else ""
            print(f"  {path:<26} {rate:8.0f} requests/s  {rate / baseline:5.2f} × bare ({baseline:.0f}/s){note}")
    finally:
        server.terminate()
        server.wait()


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: make bench installs it (apt-get install wrk).")
    print("Liaison public pages benchmark")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}"
    )
    for name in SELECTED:
        for size in SIZES:
            url = DATABASES[name]
            print(f"\n{name}, {size:,} sample partners + the Brussels data:")
            seconds = prepare(url, size)
            print(f"  generating {size:,} sample partners took {seconds:.1f} s")
            measure_in_process(url)
            requests_per_second(url)


if __name__ == "__main__":
    main()
