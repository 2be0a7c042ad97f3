"""manage.py backup and restore on the database of the run (SQLite, or PostgreSQL in CI's second pass).

One test fills the database (the Brussels data, sample cooperation data with attachments,
subscribers with consents, an audit history), backs it up, restores the archive into a new,
empty database and media folder with `manage.py restore` in a process of its own, and compares
every table's rows and every file's bytes. The refusals (truncated, damaged, newer schema, a
database that is not empty) are checked in-process on the same archive: nothing is written.
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import override_settings
from django.utils import timezone, translation

from communication.tests.factories import ArticleImageFactory, ConsentFactory, SubscriberFactory
from cooperation.tests.factories import AttachmentFactory, GrantFactory
from core import backup, routines
from partners.models import Partner

RESTORED = "liaison_restored"


def fill():
    AttachmentFactory.create_batch(3)
    GrantFactory()
    ArticleImageFactory()
    for subscriber in SubscriberFactory.create_batch(3):
        ConsentFactory(subscriber=subscriber)
    berlin = Partner.objects.get(slug="berlin")
    berlin.name_en = "Berlin (sample change)"
    berlin.save()  # an audit entry


def database_url(name):
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    d = connection.settings_dict
    password = f":{d['PASSWORD']}" if d.get("PASSWORD") else ""
    return f"postgres://{d['USER']}{password}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database to restore into, and the alias to read it through."""
    if connection.vendor == "sqlite":
        name = str(tmp_path / "restored.sqlite3")
    else:
        name = f"{connection.settings_dict['NAME']}_restored"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    backup.open_alias(RESTORED, {"NAME": name})
    yield name
    backup.close_alias(RESTORED)
    if connection.vendor != "sqlite":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def tables_and_rows(alias):
    db = connections[alias]
    with db.cursor() as cursor:
        tables = sorted(db.introspection.table_names(cursor))
        found = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)}")
            found[table] = sorted(cursor.fetchall(), key=repr)
    return found


def files_under(root):
    root = Path(root)
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def rewritten(archive, target, change):
    """A copy of the archive with its manifest changed by `change` (checksums kept)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.mark.django_db(transaction=True)
def test_a_restored_archive_has_every_row_and_file_and_a_bad_one_is_refused(seed, tmp_path, empty_database):
    fill()
    archive = Path(call_command_output("backup", tmp_path / "archives"))
    assert archive.parent == tmp_path / "archives" and archive.name.startswith("liaison-")
    # The workers' nightly routine writes the same archive and keeps the newest BACKUP_KEEP.
    with override_settings(BACKUP_FOLDER=str(archive.parent), BACKUP_KEEP=1):
        result = routines.nightly_backup(timezone.now())
    [kept] = backup.archives(archive.parent)
    with translation.override("en"):
        assert routines.result_text(result) == f"{kept.name} written; older archives removed: 1." and kept != archive
    archive = kept
    manifest = backup.verify(archive)
    assert manifest["engine"] == connection.vendor and manifest["tables"]["partners_partner"] == 30
    assert manifest["tables"]["communication_consent"] == 3 and manifest["tables"]["auditlog_logentry"] > 30

    media = tmp_path / "restored-media"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")},
        "DATABASE_URL": database_url(empty_database),
        "MEDIA_ROOT": str(media),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout

    original, restored = tables_and_rows("default"), tables_and_rows(RESTORED)
    assert list(restored) == list(original)
    for table, rows in original.items():
        assert restored[table] == rows, table
    saved = files_under(settings.MEDIA_ROOT)
    assert saved and files_under(media) == saved
    assert any(name.endswith(".pdf") for name in saved) and any(name.endswith(".png") for name in saved)

    # Refused, with nothing written: a truncated archive, a damaged one, one from a newer Liaison,
    # and any archive into a database that is not empty (this one).
    before = {table: len(rows) for table, rows in original.items()}
    nowhere = tmp_path / "nowhere"
    with override_settings(MEDIA_ROOT=nowhere):
        truncated = tmp_path / "truncated.tar"
        truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
        with pytest.raises(backup.ArchiveRefused, match="damaged or truncated|truncated"):
            backup.restore(truncated)
        with tarfile.open(archive) as tar:
            middle = tar.getmember("database/rows.json.gz")
            middle = middle.offset_data + middle.size // 2
        damaged = bytearray(archive.read_bytes())
        damaged[middle] ^= 0xFF
        (tmp_path / "damaged.tar").write_bytes(bytes(damaged))
        with pytest.raises(backup.ArchiveRefused, match="damaged"):
            backup.restore(tmp_path / "damaged.tar")
        newer = rewritten(
            archive, tmp_path / "newer.tar", lambda m: m["migrations"]["core"].append("9999_from_the_future")
        )
        with pytest.raises(backup.ArchiveRefused, match="newer version of Liaison"):
            backup.restore(newer)
        with pytest.raises(backup.ArchiveRefused, match="is not empty"):
            backup.restore(archive)
    assert not nowhere.exists()
    assert {table: len(rows) for table, rows in tables_and_rows("default").items()} == before


def call_command_output(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


PAGES = ["/en/", "/fr/partners/", "/nl/partners/berlin/", "/en/activities/", "/fr/news/", "/en/directory/"]
FILL = """
from communication.tests.factories import ArticleImageFactory, ConsentFactory, SubscriberFactory
from cooperation.tests.factories import AttachmentFactory
AttachmentFactory.create_batch(2)
ArticleImageFactory()
for subscriber in SubscriberFactory.create_batch(3):
    ConsentFactory(subscriber=subscriber)
"""
SERVE = """
import hashlib, re
from django.test import Client
client = Client()
for url in URLS:
    response = client.get(url, secure=True, headers={"host": "localhost"})
    body = re.sub(rb'(csrfmiddlewaretoken" value="|nonce=")[^"]*', b"", response.content)
    print(url, response.status_code, hashlib.sha256(body).hexdigest())
"""


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="into PostgreSQL: CI's PostgreSQL pass runs it (about 30 s, mostly migrations on two databases)",
)
@pytest.mark.database
def test_a_sqlite_archive_restores_into_postgresql_and_the_site_serves_the_same_pages(tmp_path, django_db_blocker):
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    embedded = {**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'office.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "m1")}
    name = f"{connection.settings_dict['NAME']}_from_sqlite"
    grown = {**base, "DATABASE_URL": database_url(name), "MEDIA_ROOT": str(tmp_path / "m2")}

    def manage(env, *args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage(embedded, "migrate", "--noinput")
    manage(embedded, "import_seed_data")
    manage(embedded, "shell", "-c", FILL)
    archive = manage(embedded, "backup", str(tmp_path / "archives")).strip()
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        manage(grown, "restore", archive)
        script = SERVE.replace("URLS", repr(PAGES))
        before, after = manage(embedded, "shell", "-c", script), manage(grown, "shell", "-c", script)
    finally:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    assert after == before and before.count(" 200 ") == len(PAGES)
    assert files_under(tmp_path / "m2") == files_under(tmp_path / "m1") != {}


OLDER = """
import gzip, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from core import backup

# The office as an earlier Liaison left it: core without its last migration (the open-data
# licence), a group of its own. That version's dumpdata read its own schema; this one's cannot.
call_command("migrate", "core", "0008", verbosity=0)
with connection.cursor() as cursor:
    cursor.execute("INSERT INTO auth_group (name) VALUES ('Kept from the older office')")
backup.dump_rows = lambda path, using: path.write_bytes(gzip.compress(b"[]"))
print(backup.write(sys.argv[1]))
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite pass: the same code runs on PostgreSQL")
def test_an_archive_from_an_older_version_is_restored_and_brought_up_to_date(tmp_path):
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}

    def run(*args, database):
        env = {**base, "DATABASE_URL": f"sqlite:///{tmp_path / database}", "MEDIA_ROOT": str(tmp_path / database)}
        done = subprocess.run(
            [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip().splitlines()[-1]

    run("manage.py", "migrate", "--noinput", database="older.sqlite3")
    archive = run("-c", OLDER, str(tmp_path / "archives"), database="older.sqlite3")
    assert "0009_organisation_open_data_licence" not in json.dumps(backup.verify(archive)["migrations"])

    assert "Restored" in run("manage.py", "restore", archive, database="restored.sqlite3")
    restored = sqlite3.connect(tmp_path / "restored.sqlite3")
    try:
        applied = {name for (name,) in restored.execute("SELECT name FROM django_migrations WHERE app = 'core'")}
        columns = {row[1] for row in restored.execute("PRAGMA table_info(core_organisation)")}
        groups = {name for (name,) in restored.execute("SELECT name FROM auth_group")}
    finally:
        restored.close()
    assert "0009_organisation_open_data_licence" in applied and "open_data_licence" in columns
    assert "Kept from the older office" in groups
