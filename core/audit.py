"""One audit mechanism for every official record: django-auditlog, registered here.

Reverse relations are left out of the diffs (they are recorded on their own rows), and
records that belong to a partner carry its id in `additional_data`, so that a partner's
history shows the changes to its names, officers, counterparts and agreements as well.
"""

from auditlog.middleware import AuditlogMiddleware
from auditlog.registry import auditlog

from core.net import client_ip


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


class AuditMiddleware(AuditlogMiddleware):
    """Auditlog's middleware, with the client's address that the login throttle uses too.

    Auditlog's own takes the first X-Forwarded-For entry, which the client writes.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)
