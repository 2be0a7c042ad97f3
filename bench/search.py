"""Benchmark of the search: prints figures, asserts nothing.

For SQLite and PostgreSQL: builds a database with the Brussels data plus BENCH_SEARCH_PARTNERS
(100,000) sample partners and BENCH_SEARCH_ACTIVITIES (1,000,000) sample activities, writes
their index entries straight into the index tables (one entry per record, one text per
record and language, as search.indexer would, with the database's indexes built once after
the load), then measures in-process (production settings, RUNS runs each):

- `search.service.search()` for the public and for the head of unit, for a rare word (in 10
  activities), very common words (in every activity; in half of them), two words, a
  misspelt name (trigrams) and an alias;
- the public page `/en/search/?q=...`, not cached (a new address each run).

Prints how long building the records and the index took, then p50/p95 in milliseconds.

Usage: make bench   (BENCH_SEARCH_PARTNERS, BENCH_SEARCH_ACTIVITIES, BENCH_RUNS, BENCH_DATABASES,
BENCH_SEARCH_REUSE=1 to measure again on the databases of the run before, =rebuild with their
indexes built again)
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from production import PRODUCTION  # bench/production.py: the scripts run from bench/

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PARTNERS = int(os.environ.get("BENCH_SEARCH_PARTNERS", "100000"))
ACTIVITIES = int(os.environ.get("BENCH_SEARCH_ACTIVITIES", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
DATABASES = {
    "sqlite": f"sqlite:///{RESULTS / 'search.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/liaison_bench_search",
}
SELECTED = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
# Measure again on the databases a run before built (after a change to the search's code).
# "rebuild": with the database's indexes dropped and built again as the code now defines them.
REUSE = os.environ.get("BENCH_SEARCH_REUSE", "") in ("1", "rebuild")
REBUILD = os.environ.get("BENCH_SEARCH_REUSE") == "rebuild"
PY = sys.executable
BATCH = 10_000
# (label, query): what each measured search looks for.
QUERIES = [
    ("rare word (10 activities)", "quetzal"),
    ("very common word (every activity)", "brussels"),
    ("common word (half the activities)", "cooperation"),
    ("common + rare words", "brussels quetzal"),
    ("misspelt name (trigrams)", "Bratislawa"),
    ("alias", "Kiev"),
    ("acceptance: Berlin 1992", "Berlin 1992"),
]
SYLLABLES = "ka lo mi ra no vi te sa du be ri go lan dor mek zu pa ti ne vo".split()
WORDS = "meeting visit forum exchange mission culture youth trade urban mobility climate".split()


def environment(url):
    return {
        **os.environ,
        **PRODUCTION,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_CHILD": url,
    }


def manage(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def main():
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in SELECTED:
        url = DATABASES[name]
        env = environment(url)
        if REUSE:
            print(f"\n## search, {name}: the database of the run before", flush=True)
            subprocess.run([PY, __file__], cwd=ROOT / "bench", env=env, check=True)
            continue
        if name == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(str(RESULTS / "search.sqlite3") + suffix).unlink(missing_ok=True)
        else:
            db = url.rsplit("/", 1)[1]
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", db], check=True)
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db], check=True)
        manage("migrate", "--noinput", env=env)
        manage("createcachetable", env=env)
        manage("import_seed_data", env=env)
        manage("collectstatic", "--noinput", env=env)
        print(f"\n## search, {name}: {PARTNERS:,} partners, {ACTIVITIES:,} activities", flush=True)
        subprocess.run([PY, __file__], cwd=ROOT / "bench", env=env, check=True)


# In the child process, on one database


def name_of(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def fast_insert(prototype, rows):
    """Insert rows straight: the prototype's column values, with each row's own for some fields.
    (bulk_create builds a model instance per row: a tenth of the time, at a million rows.)"""
    from django.db import connection, transaction

    model = type(prototype)
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    base = {f.attname: f.get_db_prep_save(f.pre_save(prototype, True), connection) for f in fields}
    table = model._meta.db_table
    rows = iter(rows)
    while True:
        batch = []
        for row in rows:
            values = {**base, **{("id" if k == "pk" else k): v for k, v in row.items()}}
            batch.append(tuple(values[f.attname] for f in fields))
            if len(batch) >= BATCH:
                break
        if not batch:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in batch:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)


def build():
    import random

    from django.db import connection, transaction

    from activities.models import Activity
    from core.text import normalize
    from partners.models import Partner
    from search import backends

    rng = random.Random(26)
    started = time.monotonic()
    countries = ["DE", "FR", "NL", "PL", "IT", "ES", "UA", "TR", "CN", "BR"]
    first_partner = (Partner.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_activity = (Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    partner_names = {}
    partners = []
    for i in range(PARTNERS):
        name = f"{name_of(rng)} {name_of(rng)}"
        partner_names[first_partner + i] = (name, rng.choice(countries))
        partners.append(
            {
                "pk": first_partner + i,
                "slug": f"bench-{i}",
                "name": name,
                "name_en": name,
                "country": partner_names[first_partner + i][1],
            }
        )
    fast_insert(Partner(kind="city", continent="EU", is_sample=True, source="sample data"), partners)
    fast_insert(
        Activity(kind="meeting", date_precision="unknown", is_sample=True, source="sample data"),
        (
            {
                "pk": first_activity + i,
                "slug": f"bench-activity-{i}",
                "title": f"Sample {WORDS[i % len(WORDS)]} {i}",
                "title_en": f"Sample {WORDS[i % len(WORDS)]} {i}",
                "visibility": "public" if rng.random() < 0.8 else "internal",
            }
            for i in range(ACTIVITIES)
        ),
    )
    records = time.monotonic() - started

    # The index, straight: entries and texts in bulk, the database's indexes built after.
    started = time.monotonic()
    backends.drop_index(connection)
    partner_ids = list(partner_names)
    entries, texts = [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM search_entry")
        entry_id = (cursor.fetchone()[0] or 0) + 1
        cursor.execute("SELECT max(id) FROM search_text")
        text_id = (cursor.fetchone()[0] or 0) + 1
    visibility = dict(
        Activity.objects.filter(pk__gte=first_activity).values_list("pk", "visibility").iterator(chunk_size=BATCH)
    )

    def flush():
        nonlocal entries, texts
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(
                    "COPY search_entry (id, kind, object_id, names, year, country, partners, themes, public) FROM STDIN"
                ) as copy:
                    for row in entries:
                        copy.write_row(row)
                with cursor.copy("COPY search_text (id, entry_id, language, title, body, public) FROM STDIN") as copy:
                    for row in texts:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    "INSERT INTO search_entry (id, kind, object_id, names, year, country, partners, themes, public)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    entries,
                )
                cursor.executemany(
                    "INSERT INTO search_text (id, entry_id, language, title, body, public)"
                    " VALUES (%s, %s, %s, %s, %s, %s)",
                    texts,
                )
        entries, texts = [], []

    for pk, (name, country) in partner_names.items():
        entries.append((entry_id, "partner", pk, f"| {normalize(name)} |", None, country, f" {pk} ", "", True))
        for language in ("fr", "nl", "en", "de"):
            texts.append((text_id, entry_id, language, name, f"{name}\ncity\n{country}", True))
            text_id += 1
        entry_id += 1
        if len(texts) >= 4 * BATCH:
            flush()
    flush()
    for i in range(ACTIVITIES):
        pk = first_activity + i
        public = visibility[pk] == "public"
        partner = rng.choice(partner_ids)
        year = 1995 + i % 30
        entries.append((entry_id, "activity", pk, "", year, partner_names[partner][1], f" {partner} ", "", public))
        words = [rng.choice(WORDS) for _ in range(6)]
        body = f"Brussels {' '.join(words)} {partner_names[partner][0]}"
        if i % 2:
            body += " cooperation"
        if i % (ACTIVITIES // 10 or 1) == 7:
            body += " quetzal"
        for language in ("fr", "nl", "en", "de"):
            texts.append((text_id, entry_id, language, f"Sample {words[0]} {i}", body, public))
            text_id += 1
        entry_id += 1
        if len(texts) >= 4 * BATCH:
            flush()
    flush()
    loaded = time.monotonic() - started
    started = time.monotonic()
    backends.ensure_index(connection)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    indexed = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_text")
        count = cursor.fetchone()[0]
    print(
        f"Records (straight inserts): {records:.0f} s. Index: {count:,} texts written in {loaded:.0f} s, "
        f"full-text and trigram indexes built in {indexed:.0f} s.",
        flush=True,
    )


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def measure():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from core import roles
    from search import service

    translation.activate("en")
    head, _created = get_user_model().objects.get_or_create(username="bench-head", defaults={"is_staff": True})
    head.groups.add(Group.objects.get(name=roles.HEAD_OF_UNIT))
    client = Client()
    print(
        "| query | public p50 / p95 (ms) | found | head of unit p50 / p95 (ms) "
        "| page not cached p50 / p95 (ms) | queries |"
    )
    print("| --- | --- | ---: | --- | --- | ---: |")
    for label, query in QUERIES:
        figures = []
        for user, public in ((None, True), (head, False)):
            service.search(query, user, "en", public=public)  # warm
            times = []
            for _run in range(RUNS):
                started = time.perf_counter()
                found = service.search(query, user, "en", public=public)
                times.append((time.perf_counter() - started) * 1000)
            figures.append((percentile(times, 0.5), percentile(times, 0.95), len(found.hits)))
        times = []
        for run in range(RUNS):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/en/search/", {"q": query, "run": run})
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        (p50, p95, hits), (s50, s95, _hits) = figures
        print(
            f"| {label}: `{query}` | {p50:.1f} / {p95:.1f} | {hits:,} | {s50:.1f} / {s95:.1f} | "
            f"{percentile(times, 0.5):.1f} / {percentile(times, 0.95):.1f} | {len(queries)} |",
            flush=True,
        )


def child():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if REUSE:
        from django.db import connection

        from search import backends

        if REBUILD:
            backends.drop_index(connection)
        backends.ensure_index(connection)
    else:
        build()
    measure()


if __name__ == "__main__":
    if os.environ.get("BENCH_CHILD"):
        child()
    else:
        main()
