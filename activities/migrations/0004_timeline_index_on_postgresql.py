"""The timeline's order (latest first, undated last) read from an index on PostgreSQL.

PostgreSQL reads an ascending index backwards as DESC NULLS FIRST, so the public lists'
order, DESC NULLS LAST, sorted every past activity (half a second at a million). SQLite reads
activity_public_date backwards in that very order (NULL sorts first there), and cannot declare
NULLS LAST in an index: this index is PostgreSQL's only.
"""

from django.db import migrations

INDEX = "activity_public_timeline"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON activities_activity (visibility, start_date DESC NULLS LAST, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_places_offices_and_organisations_in_four_languages")]

    operations = [migrations.RunPython(create, drop)]
