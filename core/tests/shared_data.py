"""The Brussels data in a test database: loaded once, hidden from the tests that do not ask for it.

Importing data/brussels.json costs 0.6 to 0.8 s on an idle machine and 3 to 5 s on a loaded
one, and some 400 tests use it. So each test database (one per pytest-xdist worker) loads it
once, after migrate, and every test runs in a transaction that is rolled back:

- a test that asks for the `seed` fixture sees the data as the import left it;
- any other test starts by deleting, inside its own transaction, what the import added
  (`hide()`), so it sees the database as migrate left it, as it did when the import ran per test.

What the import added is found by counting each table before and after it: the rows whose
primary key is above the table's largest before the import. `load()` checks that the import
only added rows (it never overwrites a record), by comparing the rows that were there before.

After each test the tables are counted again (`changes()`). A test that leaves rows behind or
deletes shared rows outside its transaction (through a thread, a process or a commit of its own)
is named, and the data is loaded again, so that the next tests do not fail for no visible reason.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

DATA_FILE = Path(settings.BASE_DIR) / "data" / "brussels.json"


INTEGER_KEYS = ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField")


def tables():
    """{table: (primary key column, whether it is a number)} of every model, many-to-many tables included."""
    return {
        model._meta.db_table: (model._meta.pk.column, model._meta.pk.get_internal_type() in INTEGER_KEYS)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def fingerprint():
    """{table: (rows, largest primary key)}, in one query."""
    quote = connection.ops.quote_name
    keys = tables()
    # As text: the union needs one type, and some keys are text (sessions).
    parts = [
        f"SELECT '{table}', COUNT(*), CAST(MAX({quote(pk)}) AS TEXT) FROM {quote(table)}"
        for table, (pk, _) in keys.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {
            table: (count, int(largest) if largest is not None and keys[table][1] else largest)
            for table, count, largest in cursor.fetchall()
        }


def _rows(table, pk, upto):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(table)} WHERE {quote(pk)} <= %s ORDER BY {quote(pk)}", [upto])
        return cursor.fetchall()


def _count_above(table, pk, largest):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)} WHERE {quote(pk)} > %s", [largest])
        return cursor.fetchone()[0]


class SharedData:
    def __init__(self, blocker):
        self.blocker = blocker  # pytest-django's django_db_blocker, to reach the database after a test
        self.before = self.after = None

    def load(self):
        """Import the data file into a database as migrate (or a flush) left it."""
        from core.seeds import seed_data_import

        keys = {table: pk for table, (pk, _number) in tables().items()}
        before = fingerprint()
        kept = {table: _rows(table, keys[table], largest) for table, (count, largest) in before.items() if count}
        seed_data_import(path=DATA_FILE)
        # Without its search index: every test would otherwise delete and restore the index's
        # rows (and their full-text entries) with the data. The search's tests build it
        # (search/tests/conftest.py).
        from search.models import Entry

        Entry.objects.all().delete()
        after = fingerprint()
        for table, rows in kept.items():
            if _rows(table, keys[table], before[table][1]) != rows or after[table][0] != len(rows) + _count_above(
                table, keys[table], before[table][1]
            ):
                raise RuntimeError(
                    f"The import changed rows of {table} that were there before it: they cannot be hidden"
                )
        self.before, self.after = before, after

    def added(self):
        """{table: the largest primary key before the import, or None if it was empty}."""
        return {
            table: self.before[table][1] if self.before[table][0] else None
            for table in self.after
            if self.after[table] != self.before[table]
        }

    def hide(self):
        """Delete what the import added. Run inside the test's transaction, which brings it back."""
        quote = connection.ops.quote_name
        keys = {table: pk for table, (pk, _number) in tables().items()}
        with connection.cursor() as cursor:
            # Foreign keys are checked when the transaction commits (Django makes them
            # deferrable), so the order of the deletions does not matter.
            for table, largest in self.added().items():
                if largest is None:
                    cursor.execute(f"DELETE FROM {quote(table)}")
                else:
                    cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(keys[table])} > %s", [largest])

    def changes(self):
        """What differs from the loaded data: {table: ((rows, largest key) expected, found)}."""
        now = fingerprint()
        return {table: (self.after.get(table), found) for table, found in now.items() if self.after.get(table) != found}

    def describe(self, changes, most=6):
        """The changes in words: "rows left in partners_partner (+1); rows gone from …"."""
        groups = {"rows left in": [], "rows gone from": [], "rows replaced in": []}
        for table, (was, now) in sorted(changes.items(), key=lambda change: -abs(change[1][1][0] - change[1][0][0])):
            difference = now[0] - was[0]
            kind = "rows left in" if difference > 0 else "rows gone from" if difference < 0 else "rows replaced in"
            groups[kind].append(f"{table} ({difference:+d})" if difference else table)
        parts = []
        for kind, tables in groups.items():
            if tables:
                more = f" and {len(tables) - most} more" if len(tables) > most else ""
                parts.append(f"{kind} {', '.join(tables[:most])}{more}")
        return "; ".join(parts)

    def reload_after_flush(self):
        """After a test that committed: Django emptied the database (TransactionTestCase)."""
        counts = {table: count for table, (count, _largest) in fingerprint().items()}
        if counts != {table: count for table, (count, _largest) in self.before.items()}:
            call_command("flush", interactive=False, verbosity=0)  # the test did not get as far as Django's
        self.load()

    def restore(self):
        """Back to migrate's state plus the data, whatever a test left."""
        call_command("flush", interactive=False, verbosity=0)
        self.load()
