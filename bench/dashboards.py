"""Benchmark of the back office's dashboards, briefing packs and bulk import: prints figures,
asserts nothing.

1. Dashboards: a database with the Brussels data, BENCH_DASHBOARD_PARTNERS sample partners
   (100,000) and BENCH_DASHBOARD_ACTIVITIES sample activities (1,000,000; partners/sample.py and
   activities/sample.py, as bench/run.py builds them), then, in-process (Django test client),
   the home page of the head of unit and of an officer who follows sample partners, and the
   briefing pack of sample-0 (10,000 activities) as a page and as a PDF: p50/p95 over
   BENCH_RUNS runs right after a change (the cache emptied before each run: every figure
   computed) and cached (the figures kept until the next change), and the number of queries
   of a computed page (the same as on the Brussels data: the tests check that it does not grow).
2. Bulk import: a database with the Brussels data only, then BENCH_IMPORT_PARTNERS (10,000) new
   partners from a CSV file, checked (the preview) and written, as the head of unit, through
   core.imports as the page does: the time of each step.

The databases are SQLite files in bench/results/ by default; BENCH_DASHBOARD_DATABASE names
another (a PostgreSQL address, which is dropped and created again: give it a name of its own).

Usage: make bench   (or .venv/bin/python bench/dashboards.py)
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PARTNERS = int(os.environ.get("BENCH_DASHBOARD_PARTNERS", "100000"))
ACTIVITIES = int(os.environ.get("BENCH_DASHBOARD_ACTIVITIES", "1000000"))
IMPORTED = int(os.environ.get("BENCH_IMPORT_PARTNERS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
DATABASE = os.environ.get("BENCH_DASHBOARD_DATABASE", f"sqlite:///{RESULTS / 'dashboards.sqlite3'}")
SKIP_BUILD = os.environ.get("BENCH_DASHBOARD_REUSE") == "1"  # measure again on the database built before

MEASURE = """
import statistics, time
import django
django.setup()
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from core import roles
from directory.models import StaffMember

def user(name, role, member=None):
    account, _ = User.objects.get_or_create(username=name, defaults={"is_staff": True})
    account.groups.add(Group.objects.get(name=role))
    if member is not None:
        member.user = account
        member.save()
    return account

head = user("bench-head", roles.HEAD_OF_UNIT)
member = StaffMember.objects.filter(is_sample=True, assignments__isnull=False).order_by("pk").first()
officer = user("bench-officer", roles.BILATERAL_OFFICER, member)
runs = int(__import__("sys").argv[1])
from django.core.cache import cache
from activities.models import Activity
from partners.models import Partner
print(f"  measured with {Partner.objects.count():,} partners and {Activity.objects.count():,} activities")

def timed(client, path, clear):
    times = []
    for _ in range(runs):
        if clear:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)]

print(f"  {'page':<40} {'after a change p50/p95 ms':>26} {'cached p50/p95 ms':>20} {'queries':>8}")
for label, account, path in [
    ("home, head of unit", head, "/admin/"),
    ("home, officer (" + str(member.assignments.count()) + " partners)", officer, "/admin/"),
    ("briefing page, sample-0", head, "/en/staff/briefing/sample-0/"),
    ("briefing PDF, sample-0", head, "/en/staff/briefing/sample-0.pdf"),
]:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(account)
    client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    changed = timed(client, path, clear=True)
    cached = timed(client, path, clear=False)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    figures = f"{changed[0]:>12.1f} / {changed[1]:>8.1f} {cached[0]:>9.1f} / {cached[1]:>7.1f}"
    print(f"  {label:<40} {figures} {len(queries):>8}")
"""

IMPORT = """
import time
import django
django.setup()
from django.contrib.auth.models import Group, User
from auditlog.context import set_actor
from core import imports, roles
from partners.models import Partner

count = int(__import__("sys").argv[1])
head, _ = User.objects.get_or_create(username="bench-head", defaults={"is_staff": True})
head.groups.add(Group.objects.get(name=roles.HEAD_OF_UNIT))
lines = ["slug,name_en,name_fr,name_nl,kind,country"]
lines += [f"imported-{n},Imported {n},Importé {n},Geïmporteerd {n},city,DE" for n in range(count)]
content = "\\n".join(lines).encode()
started = time.perf_counter()
header, table = imports.read_table("partners.csv", content)
read = time.perf_counter() - started
plan = imports.check(imports.specs()["partners"], header, table, head)
checked = time.perf_counter() - started
assert plan.is_valid, plan.errors[:3]
with set_actor(head):
    counts = imports.write(plan, head)
written = time.perf_counter() - started
assert Partner.objects.filter(slug__startswith="imported-").count() == count
print(f"  {count:,} partners: read {read:.1f} s, checked (preview) {checked - read:.1f} s, "
      f"written {written - checked:.1f} s, total {written:.1f} s ({counts['create']:,} created)")
"""


def environment(url):
    return {**os.environ, "DATABASE_URL": url, "CACHE_URL": "locmem:", "DJANGO_SETTINGS_MODULE": "liaison.settings"}


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def fresh(url):
    RESULTS.mkdir(exist_ok=True)
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env = environment(url)
    manage("migrate", "--noinput", env=env)
    manage("import_seed_data", env=env)
    return env


def main():
    print(f"Dashboards and briefing packs: {PARTNERS:,} sample partners, {ACTIVITIES:,} activities ({DATABASE})")
    env = environment(DATABASE)
    if not SKIP_BUILD:
        env = fresh(DATABASE)
        started = time.perf_counter()
        manage("generate_sample_data", "--partners", str(PARTNERS), "--activities", str(ACTIVITIES), env=env)
        print(f"  generated in {time.perf_counter() - started:.0f} s")
    subprocess.run([sys.executable, "-c", MEASURE, str(RUNS)], cwd=ROOT, env=env, check=True)

    url = DATABASE.replace("dashboards", "import") if "dashboards" in DATABASE else DATABASE + "_import"
    print(f"Bulk import ({url})")
    env = fresh(url)
    subprocess.run([sys.executable, "-c", IMPORT, str(IMPORTED)], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
