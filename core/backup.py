"""Backup archives (manage.py backup FOLDER / manage.py restore ARCHIVE); see docs/operations.md.

An archive is one tar file, written under a temporary name and renamed when complete:

- `manifest.json`, first: format, moment, database engine, the migrations applied, the row
  count of every table, and the size and SHA-256 of every other member;
- `database/native.sqlite3` (SQLite's online backup API) or `database/native.pgdump`
  (`pg_dump --format=custom`), the database as its engine restores it;
- `database/rows.json.gz`: every row of every model in Django's portable serialisation, taken
  from the same snapshot, so an archive restores into the other engine (SQLite to PostgreSQL);
- `media/...`: every uploaded file.

The database parts are one consistent snapshot while the site is in use: SQLite's backup API
copies a snapshot, which the rows are then read from; on PostgreSQL the rows are read in a
repeatable-read transaction whose snapshot pg_dump shares (`--snapshot`).

Restoring checks the whole archive before writing anything (every member present with its size
and checksum, a schema not newer than the code's, an empty database and media folder), then
restores natively on the same engine, or from the rows on the other (migrating to the archive's
schema first), and runs the migrations that bring an older archive up to date.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

PREFIX = "liaison-"
SUFFIX = ".tar"
FORMAT = 1
SNAPSHOT_ALIAS = "liaison_backup_snapshot"
CHUNK = 1024 * 1024


class ArchiveRefused(Exception):
    """The archive, or the place to restore it into, is not fit: nothing was written."""


# The folder of archives -----------------------------------------------------------------------


def archives(folder):
    """The archives of a folder, oldest first (their names sort by moment)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.name.startswith(PREFIX) and path.name.endswith(SUFFIX))


def newest(folder):
    """When the newest archive of the folder was written, or None."""
    found = archives(folder)
    if not found:
        return None
    return datetime.datetime.fromtimestamp(found[-1].stat().st_mtime, tz=datetime.UTC)


def prune(folder, keep):
    """Remove all but the newest `keep` archives; returns how many went."""
    old = archives(folder)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return len(old)


def archive_name(now=None):
    return f"{PREFIX}{timezone.localtime(now or timezone.now()):%Y%m%d-%H%M%S-%f}{SUFFIX}"


# Writing --------------------------------------------------------------------------------------


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def table_counts(cursor, tables):
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor):
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    applied = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def dump_rows(path, using):
    call_command("dumpdata", all=True, format="json", output=str(path), database=using, verbosity=0)


def pg_environment(database):
    env = {**os.environ}
    for key, variable in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")]:
        if database.get(key):
            env[variable] = str(database[key])
    return env


def check_pg_tools(tool):
    """pg_dump and pg_restore refuse a server newer than themselves: say so plainly first."""
    try:
        output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise ArchiveRefused(f"{tool} is needed for PostgreSQL and could not be run: {error}") from error
    found = re.search(r"\b(\d+)(?:\.\d+)+", output)
    if not found:
        raise ArchiveRefused(f"{tool} --version said {output.strip()!r}, not a version.")
    tool_major = int(found.group(1))
    server_major = connection.pg_version // 10000
    if tool_major < server_major:
        raise ArchiveRefused(
            f"{tool} {tool_major} is older than the PostgreSQL server ({server_major}): install its version."
        )


def open_alias(alias, changes):
    """A connection like the default one with `changes` (another database), usable as
    `connections[alias]` (what dumpdata needs) in this thread, without a settings entry."""
    from django.db.utils import load_backend

    settings_dict = {**connection.settings_dict, **changes}
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = wrapper
    return wrapper


def close_alias(alias):
    connections[alias].close()
    del connections[alias]


def snapshot_sqlite(work):
    native = work / "native.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(native)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    snapshot = open_alias(SNAPSHOT_ALIAS, {"NAME": str(native), "OPTIONS": {}})
    try:
        with snapshot.cursor() as cursor:
            tables = snapshot.introspection.table_names(cursor)
            counts = table_counts(cursor, tables)
            migrations = applied_migrations(cursor)
        dump_rows(work / "rows.json.gz", SNAPSHOT_ALIAS)
    finally:
        close_alias(SNAPSHOT_ALIAS)
    return native, counts, migrations


def snapshot_postgresql(work):
    check_pg_tools("pg_dump")
    native = work / "native.pgdump"
    database = connection.settings_dict
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={native}", database["NAME"]]
            result = subprocess.run(command, env=pg_environment(database), capture_output=True, text=True)
            if result.returncode:
                raise ArchiveRefused(f"pg_dump failed: {result.stderr.strip()}")
            counts = table_counts(cursor, connection.introspection.table_names(cursor))
            migrations = applied_migrations(cursor)
        dump_rows(work / "rows.json.gz", "default")
    return native, counts, migrations


def media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def write(folder):
    """Write one archive into `folder`; returns its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="liaison-backup-") as temporary:
        work = Path(temporary)
        snapshot = snapshot_sqlite if connection.vendor == "sqlite" else snapshot_postgresql
        native, counts, migrations = snapshot(work)
        members = {f"database/{native.name}": native, "database/rows.json.gz": work / "rows.json.gz"}
        root = Path(settings.MEDIA_ROOT)
        # A file being uploaded now may change under us: each file is read once, its checksum
        # taken from the bytes archived.
        media = {f"media/{path.relative_to(root).as_posix()}": path.read_bytes() for path in media_files()}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": migrations,
            "tables": counts,
            "members": {
                **{name: {"size": path.stat().st_size, "sha256": sha256_of(path)} for name, path in members.items()},
                **{
                    name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                    for name, data in media.items()
                },
            },
        }
        final = folder / archive_name()
        partial = folder / f".{final.name}.partial"
        with tarfile.open(partial, "w") as tar:
            add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1, sort_keys=True).encode())
            for name, path in members.items():
                tar.add(path, arcname=name)
            for name, data in media.items():
                add_bytes(tar, name, data)
        with open(partial, "rb+") as stream:
            os.fsync(stream.fileno())
        partial.rename(final)
    return final


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


# Reading and restoring ------------------------------------------------------------------------


def read_manifest(tar):
    try:
        first = tar.next()
    except tarfile.TarError as error:
        raise ArchiveRefused(f"This is not a readable Liaison archive: {error}") from error
    if first is None or first.name != "manifest.json":
        raise ArchiveRefused("This is not a Liaison archive: it does not begin with its manifest.")
    try:
        manifest = json.loads(tar.extractfile(first).read())
    except (ValueError, tarfile.TarError, OSError) as error:
        raise ArchiveRefused(f"The archive's manifest is damaged: {error}") from error
    if manifest.get("format") != FORMAT:
        raise ArchiveRefused(f"Archive format {manifest.get('format')} is not one this version reads ({FORMAT}).")
    return manifest


def verify(path):
    """Read the whole archive and check every member against the manifest; returns the manifest."""
    try:
        with tarfile.open(path, "r:") as tar:
            manifest = read_manifest(tar)
            expected = manifest["members"]
            seen = set()
            for member in tar:
                if member.offset == 0:
                    continue  # the manifest
                parts = Path(member.name).parts
                if member.name.startswith("/") or ".." in parts:
                    raise ArchiveRefused(f"The archive names a file outside its folders: {member.name}.")
                if member.name not in expected or not member.isfile():
                    raise ArchiveRefused(f"The archive holds {member.name}, which its manifest does not list.")
                digest, size = hashlib.sha256(), 0
                stream = tar.extractfile(member)
                while block := stream.read(CHUNK):
                    digest.update(block)
                    size += len(block)
                if size != expected[member.name]["size"] or digest.hexdigest() != expected[member.name]["sha256"]:
                    raise ArchiveRefused(f"The archive is damaged: {member.name} is not what was saved.")
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ArchiveRefused(f"The archive is damaged or truncated: {error}") from error
    missing = set(expected) - seen
    if missing:
        raise ArchiveRefused(f"The archive is truncated: {len(missing)} of its parts are missing ({min(missing)}…).")
    return manifest


def check_schema(manifest):
    """Refuse an archive from a newer Liaison: a migration the code does not have."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    )
    if unknown:
        raise ArchiveRefused(
            f"The archive comes from a newer version of Liaison ({len(unknown)} migrations this one does not have, "
            f"e.g. {unknown[0]}): restore it with that version or a later one."
        )


def check_empty():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise ArchiveRefused(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables): "
            "restore into a new, empty database."
        )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise ArchiveRefused(f"The media folder {media} is not empty: restore into an empty one.")


def restore(path):
    """Restore an archive into the empty database and media folder; returns the manifest."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveRefused(f"{path} is not a file.")
    manifest = verify(path)
    check_schema(manifest)
    check_empty()
    if manifest["engine"] == connection.vendor == "postgresql":
        check_pg_tools("pg_restore")
    with tempfile.TemporaryDirectory(prefix="liaison-restore-") as temporary:
        work = Path(temporary)
        with tarfile.open(path, "r:") as tar:
            database = [m for m in tar.getmembers() if m.name.startswith("database/")]
            tar.extractall(work, members=database, filter="data")
        if manifest["engine"] == connection.vendor == "sqlite":
            restore_sqlite(work / "database" / "native.sqlite3")
        elif manifest["engine"] == connection.vendor == "postgresql":
            restore_postgresql(work / "database" / "native.pgdump")
        else:
            restore_rows(work / "database" / "rows.json.gz", manifest)
    # An archive from an older version: its schema brought up to date.
    call_command("migrate", interactive=False, verbosity=0)
    restore_media(path)
    return manifest


def restore_sqlite(native):
    connection.ensure_connection()
    source = sqlite3.connect(native)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def restore_postgresql(native):
    database = connection.settings_dict
    connection.close()
    command = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        f"--dbname={database['NAME']}",
        str(native),
    ]
    result = subprocess.run(command, env=pg_environment(database), capture_output=True, text=True)
    if result.returncode:
        raise ArchiveRefused(f"pg_restore failed: {result.stderr.strip()}")


def archive_targets(manifest):
    """For each app, the last migration the archive had applied (its schema, to load its rows into)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    targets = []
    for app in {app for app, _ in loader.graph.nodes}:
        applied = [(app, name) for name in manifest["migrations"].get(app, [])]
        leaves = [node for node in applied if set(applied) <= set(loader.graph.forwards_plan(node))]
        targets.append(leaves[0] if leaves else (app, None))
    return targets


def restore_rows(rows, manifest):
    """Another engine: the archive's schema, emptied of what migrate put in it, then its rows."""
    from auditlog.context import disable_auditlog
    from django.core.management.color import no_style
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(archive_targets(manifest))
    executor.loader.build_graph()
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t != "django_migrations"]
    with transaction.atomic():
        # What migrate's post_migrate created (content types, permissions, groups) comes from the archive.
        for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
            connection.cursor().execute(statement)
        with disable_auditlog():
            call_command("loaddata", str(rows), verbosity=0)
    from django.apps import apps

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore_media(path):
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "r:") as tar:
        for member in tar:
            if not member.name.startswith("media/"):
                continue
            target = root / member.name.removeprefix("media/")
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, open(target, "wb") as stream:
                shutil.copyfileobj(source, stream)


def rows_of(path):
    """The serialised rows of an archive's rows member (for checks and tests)."""
    with tarfile.open(path, "r:") as tar:
        return json.loads(gzip.decompress(tar.extractfile("database/rows.json.gz").read()))
