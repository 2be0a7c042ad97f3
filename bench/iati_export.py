"""Benchmark of the IATI export: time and peak memory for 100,000 activities, asserts nothing.

Builds a SQLite database with the Brussels data and BENCH_IATI_GRANTS sample grants (each with
one tranche and one payment), then, in a fresh process each, streams the activities file to
nowhere for 10 % of the grants and for all of them (flat memory shows as the same peak), and
writes the split files under the 40 MB limit.

Usage: make bench   (or .venv/bin/python bench/iati_export.py; BENCH_IATI_GRANTS to change the size)
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRANTS = int(os.environ.get("BENCH_IATI_GRANTS", "100000"))
RESULTS = ROOT / "bench" / "results"
URL = f"sqlite:///{RESULTS / 'iati.sqlite3'}"

MEASURE = """
import os, resource, sys, time, tracemalloc
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
import django
django.setup()
from cooperation import iati
from cooperation.models import Grant

limit = int(sys.argv[1])
mode = sys.argv[2]
grants = Grant.objects.public().for_iati().order_by("pk")
ids = list(Grant.objects.order_by("pk").values_list("pk", flat=True)[:limit])
grants = grants.filter(pk__lte=ids[-1])
tracemalloc.start()
started = time.perf_counter()
size = 0
files = []
if mode == "stream":
    for chunk in iati.activity_chunks(grants=grants):
        size += len(chunk)
else:
    from pathlib import Path
    folder = Path(sys.argv[3])
    folder.mkdir(parents=True, exist_ok=True)
    files = iati.write_activity_files(folder, 40_000_000, grants=grants)
    size = sum(path.stat().st_size for path in files)
elapsed = time.perf_counter() - started
_current, peak = tracemalloc.get_traced_memory()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
largest = max((path.stat().st_size for path in files), default=0)
print(f"{len(ids)}|{elapsed:.1f}|{size}|{peak / 1e6:.1f}|{rss:.0f}|{len(files)}|{largest}")
"""


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def measure(limit, mode, env):
    folder = RESULTS / "iati-files"
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, str(limit), mode, str(folder)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    count, seconds, size, peak, rss, files, largest = output.split("|")
    label = "stream to nowhere" if mode == "stream" else "split files"
    extra = f", {files} files, largest {int(largest) / 1e6:.1f} MB" if mode == "files" else ""
    print(f"| {label} | {int(count):,} | {seconds} s | {int(size) / 1e6:.1f} MB | {peak} MB | {rss} MB{extra} |")


def main():
    RESULTS.mkdir(exist_ok=True)
    Path(URL.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": URL, "PYTHONPATH": str(ROOT)}
    manage("migrate", "--noinput", env=env)
    manage("createcachetable", env=env)
    manage("import_seed_data", env=env)
    started = time.perf_counter()
    manage("generate_cooperation_sample", "--grants", str(GRANTS), env=env)
    print(f"IATI export, SQLite: {GRANTS:,} sample grants generated in {time.perf_counter() - started:.0f} s")
    print("| what | activities | time | output | Python peak (tracemalloc) | process peak RSS |")
    print("| --- | --- | --- | --- | --- | --- |")
    measure(max(GRANTS // 10, 1), "stream", env)
    measure(GRANTS, "stream", env)
    measure(GRANTS, "files", env)


if __name__ == "__main__":
    main()
