"""File earlier audit entries under their owner the way core.audit now does.

Entries written before the rights layer carried {"partner": <id>}; core.audit now writes
{"owner": "<app.model>:<id>", "root": "partners.partner:<id>"} for any owned record. The
partner was always the root, so it becomes "root"; the reverse puts the id back.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    for entry in LogEntry.objects.filter(additional_data__has_key="partner").iterator():
        data = dict(entry.additional_data)
        data["root"] = f"partners.partner:{data.pop('partner')}"
        entry.additional_data = data
        entry.save(update_fields=["additional_data"])


def backwards(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    for entry in LogEntry.objects.filter(additional_data__has_key="root").iterator():
        data = dict(entry.additional_data)
        root = data.pop("root")
        data.pop("owner", None)
        if root.startswith("partners.partner:"):
            data["partner"] = int(root.split(":")[1])
        entry.additional_data = data
        entry.save(update_fields=["additional_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_seed_record"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
