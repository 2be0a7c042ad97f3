"""One audit mechanism for every official record: django-auditlog, registered here.

Reverse relations are left out of the diffs (they are recorded on their own rows), and
records that belong to a partner carry its id in `additional_data`, so that a partner's
history shows the changes to its names, officers, counterparts and agreements as well.
"""

from auditlog.registry import auditlog


def audit(model, **options):
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    options["exclude_fields"] = [*options.get("exclude_fields", []), *reverse]
    auditlog.register(model, **options)


def partner_entries(partner):
    """Entries of the partner itself and of every record that belongs to it."""
    from auditlog.models import LogEntry
    from django.db.models import Q

    return LogEntry.objects.filter(
        Q(content_type__app_label="partners", content_type__model="partner", object_pk=str(partner.pk))
        | Q(additional_data__partner=partner.pk)
    )
