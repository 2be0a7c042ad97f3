"""Give the records that existed before `changed_at` the time of their last audited change, and
closed grants their closed status: the IATI file then says when each activity really changed
(its last-updated-datetime), not when the migration ran. A record with no audited change keeps
None; the export then uses the latest date it holds (award, payment, decision)."""

from django.db import migrations
from django.db.models import Max

STAMPED = ["applicantorganisation", "application", "grant", "tranche", "payment", "report", "project", "disbursement"]


def stamp_from_audit(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    for name in STAMPED:
        model = apps.get_model("cooperation", name)
        kind = ContentType.objects.filter(app_label="cooperation", model=name).first()
        if kind is None:
            continue
        latest = LogEntry.objects.filter(content_type_id=kind.pk).values("object_pk").annotate(last=Max("timestamp"))
        for row in latest.iterator():
            if row["object_pk"].isdigit():
                model.objects.filter(pk=int(row["object_pk"])).update(changed_at=row["last"])
    apps.get_model("cooperation", "Grant").objects.filter(closed_on__isnull=False).update(activity_status="4")


def unstamp(apps, schema_editor):
    for name in STAMPED:
        apps.get_model("cooperation", name).objects.update(changed_at=None)
    apps.get_model("cooperation", "Grant").objects.update(activity_status="2")


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0006_iati_publication_and_annual_report"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(stamp_from_audit, unstamp)]
