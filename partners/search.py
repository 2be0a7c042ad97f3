"""The index behind the partners search: FTS5 on SQLite, trigrams on PostgreSQL.

`Partner.search_text` holds every name and alias, folded (core.text), and the search finds
the names with a word starting with the query. Both indexes only narrow the candidates; the
same LIKE as without them decides, so results do not depend on the database.

On SQLite an external-content FTS5 table follows the partners table through triggers.
Django rebuilds a SQLite table (dropping its triggers) when a later migration alters it, so
the triggers are checked after every migrate and the index rebuilt if they were missing.
"""

TABLE = "partners_partner_search"
SQLITE_INDEX = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE}
        USING fts5(search_text, content='partners_partner', content_rowid='id')""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON partners_partner BEGIN
        INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON partners_partner BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF search_text ON partners_partner BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
]
POSTGRESQL_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS partner_search_trgm ON partners_partner USING gin (search_text gin_trgm_ops)",
]


def ensure_index(connection):
    """Create the index where missing (idempotent): from the migration and after each migrate."""
    statements = {"sqlite": SQLITE_INDEX, "postgresql": POSTGRESQL_INDEX}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{TABLE}_%'")
            if cursor.fetchone()[0] == 3:
                return
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")


def drop_index(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for suffix in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS partner_search_trgm")


def candidates(connection, words):
    """SQL and parameters for the ids that may match, or None where the LIKE alone serves."""
    if connection.vendor != "sqlite":
        return None
    # A phrase whose last word is a prefix: the words are letters and digits only (core.text).
    return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [f'"{words.strip()}" *']


def after_migrate(sender, using, **kwargs):
    from django.db import connections

    ensure_index(connections[using])
