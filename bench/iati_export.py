"""Benchmark of the IATI export: time and peak memory for 100,000 activities, asserts nothing.

Builds a SQLite database with the Brussels data and BENCH_IATI_GRANTS sample grants (each with
one tranche and one payment), then, in a fresh process each, streams the activities file to
nowhere for 10 % of the grants and for all of them (flat memory shows as the same peak resident
size; tracemalloc is left off, as it made the export four times slower), writes
the split files under the 40 MB limit, and writes the organisation file. Each line gives the
hypervisor's steal while it ran (/proc/stat), as bench/run.py does for the pages.

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
import os, resource, sys, time
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
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
size = 0
files = []
if mode == "stream":
    for chunk in iati.activity_chunks(grants=grants):
        size += len(chunk)
elif mode == "organisation":
    for chunk in iati.organisation_chunks():
        size += len(chunk)
else:
    from pathlib import Path
    folder = Path(sys.argv[3])
    folder.mkdir(parents=True, exist_ok=True)
    files = iati.write_activity_files(folder, 40_000_000, grants=grants)
    size = sum(path.stat().st_size for path in files)
elapsed = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
largest = max((path.stat().st_size for path in files), default=0)
print(f"{len(ids)}|{elapsed:.1f}|{size}|{rss_before:.0f}|{rss:.0f}|{len(files)}|{largest}")
"""


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def cpu_ticks():
    """(stolen, all) CPU ticks of the machine so far, or None where /proc/stat is missing."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except OSError:
        return None
    return fields[7], sum(fields)


def measure(limit, mode, env):
    folder = RESULTS / "iati-files"
    before = cpu_ticks()
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, str(limit), mode, str(folder)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    after = cpu_ticks()
    steal = (after[0] - before[0]) / max(after[1] - before[1], 1) * 100 if before else float("nan")
    count, seconds, size, start_rss, rss, files, largest = output.split("|")
    label = {"stream": "stream to nowhere", "files": "split files", "organisation": "organisation file"}[mode]
    extra = f", {files} files, largest {int(largest) / 1e6:.1f} MB" if mode == "files" else ""
    print(
        f"| {label} | {int(count):,} | {seconds} s | {int(size) / 1e6:.1f} MB | {start_rss} MB | {rss} MB{extra} "
        f"| {steal:.0f} % |"
    )


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
    print("| what | activities | time | output | process RSS before | process peak RSS | steal |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    measure(max(GRANTS // 10, 1), "stream", env)
    measure(GRANTS, "stream", env)
    measure(GRANTS, "files", env)
    measure(GRANTS, "organisation", env)


if __name__ == "__main__":
    main()
