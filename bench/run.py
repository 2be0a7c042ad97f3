"""Benchmarks of the partners module: prints figures, asserts nothing.

For SQLite and PostgreSQL: builds a database with the Brussels data plus 10,000 sample
partners, then measures in-process (Django test client) the p50/p95 time and the number of
queries of the partners list, a partner page and "My portfolio"; then serves the partners
list with gunicorn (2 workers, production settings) and counts requests per second from 4
client threads on loopback for a bounded time.

Activities: 1,000,000 sample activities (BENCH_ACTIVITIES), 10,000 of them on one partner, measured
on the retrospective, that partner's timeline and the public calendar feed.

Usage: make bench   (BENCH_PARTNERS, BENCH_ACTIVITIES, BENCH_SECONDS, BENCH_DATABASES to change the size)
"""

import os
import platform
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTNERS = int(os.environ.get("BENCH_PARTNERS", "10000"))
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "1000000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
DATABASES = {
    "sqlite": f"sqlite:///{ROOT / 'bench' / 'results' / 'bench.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/liaison_bench",
}
SELECTED = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
PY = sys.executable


def manage(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(url):
    env = {**os.environ, "DATABASE_URL": url}
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "liaison_bench"], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "liaison_bench"], check=True)
    manage("migrate", "--noinput", env=env)
    manage("createcachetable", env=env)
    manage("import_seed_data", env=env)
    started = time.perf_counter()
    manage("generate_sample_data", "--partners", str(PARTNERS), "--activities", str(ACTIVITIES), env=env)
    return time.perf_counter() - started


def measure_in_process(url, runs=40):
    """Runs in a child process so that each database gets its own Django set-up."""
    code = f"""
import os, statistics, time
os.environ["DATABASE_URL"] = {url!r}
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from core import roles
from django.contrib.auth.models import Group
from directory.models import StaffMember
from partners.models import Partner

user, _ = get_user_model().objects.get_or_create(username="bench-head", defaults={{"is_staff": True}})
user.groups.add(Group.objects.get(name=roles.HEAD_OF_UNIT))
member = StaffMember.objects.filter(is_sample=True).order_by("pk").first()
StaffMember.objects.filter(user=user).update(user=None)
member.user = user
member.save()
staff = Client(HTTP_ACCEPT_LANGUAGE="en")
staff.force_login(user)
public = Client()
middle = Partner.objects.filter(is_sample=True).order_by("slug")[Partner.objects.count() // 2].slug
busy = Partner.objects.filter(is_sample=True).order_by("pk").first().slug
pages = [
    ("partners list, page 1", public, "/en/partners/"),
    ("partners list, page 200", public, "/en/partners/?page=200"),
    ("partners list, search", public, "/en/partners/?q=kyjiw"),
    ("partners list, filtered", public, "/en/partners/?continent=EU&kind=city"),
    ("partner page (Berlin)", public, "/en/partners/berlin/"),
    ("partner page (sample)", public, f"/en/partners/{{middle}}/"),
    ("partners map", public, "/en/partners/map/"),
    ("My portfolio (head of unit)", staff, "/admin/"),
    ("activities retrospective", public, "/en/activities/retrospective/"),
    ("retrospective, year 2020", public, "/en/activities/retrospective/?year=2020"),
    ("retrospective, page 500", public, "/en/activities/retrospective/?page=500"),
    ("upcoming activities", public, "/en/activities/"),
    ("partner timeline (10,000 activities)", public, f"/en/partners/{{busy}}/"),
    ("public calendar feed", public, "/en/activities/calendar.ics"),
    ("partner calendar feed (busy)", public, f"/en/partners/{{busy}}/calendar.ics"),
]
for name, client, path in pages:
    client.get(path)
    times = []
    for _ in range({runs}):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"  {{name:<30}} p50 {{statistics.median(times):7.1f}} ms  p95 {{p95:7.1f}} ms  {{len(queries):3d}} queries")
"""
    subprocess.run([PY, "-c", code], cwd=ROOT, check=True)


def requests_per_second(url, port=8765):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DB_CONN_MAX_AGE": "60",
    }
    manage("collectstatic", "--noinput", env=env)
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "liaison.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    target = f"http://127.0.0.1:{port}/en/partners/?page=2"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        counts, errors, stop = [0] * 4, [0], time.monotonic() + SECONDS

        def client(i):
            while time.monotonic() < stop:
                try:
                    with urllib.request.urlopen(target, timeout=10) as response:
                        response.read()
                    counts[i] += 1
                except OSError:
                    errors[0] += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(
            f"  partners list via gunicorn, 2 workers, 4 client threads, {SECONDS} s: "
            f"{sum(counts) / SECONDS:.0f} requests/s ({errors[0]} errors)"
        )
    finally:
        server.terminate()
        server.wait()


def main():
    print(
        f"Liaison benchmark: {PARTNERS:,} sample partners + the 30 of Brussels, "
        f"{ACTIVITIES:,} sample activities (2 participants and 1 programme item each)"
    )
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}"
    )
    for name in SELECTED:
        url = DATABASES[name]
        print(f"\n{name}:")
        seconds = prepare(url)
        print(f"  generating {PARTNERS:,} sample partners and {ACTIVITIES:,} activities took {seconds:.1f} s")
        measure_in_process(url)
        requests_per_second(url)


if __name__ == "__main__":
    main()
