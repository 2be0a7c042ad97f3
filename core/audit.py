"""One audit mechanism for every official record: django-auditlog, registered here.

Reverse relations are left out of the diffs (they are recorded on their own rows). A record
that has an owner (core.rights) carries its owner and its root in `additional_data`, so that
the history of a partner shows the changes to its names, officers, counterparts, agreements
and their documents as well. Who may read an entry follows the same declaration as the
record: an entry is shown only to a user who may see that kind of record.
"""

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.net import client_ip

# A value longer than this is shortened in the audit views (a 3 MB note stays in the
# database, not in the page).
SHOWN_CHARACTERS = 300
SHOWN_OBJECTS = 20


def audit(model, **options):
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    options["exclude_fields"] = [*options.get("exclude_fields", []), *reverse]
    if getattr(model, "rights", None) and model.rights.owner:
        # Read by django-auditlog on every change.
        model.get_additional_data = _owners
    auditlog.register(model, **options)


def key(obj):
    """ "partners.partner:12": how entries name the owner they are filed under."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def _owners(obj):
    chain = obj.rights.owners_of(obj)
    return {"owner": key(chain[0]), "root": key(chain[-1])} if chain else None


def timeline(obj):
    """Entries of the record itself and of every record it owns, directly or through others."""
    return LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))
        | Q(additional_data__owner=key(obj))
        | Q(additional_data__root=key(obj))
    )


def visible_entries(entries, user):
    """The entries about records the user may see, by each model's Rights declaration (what is
    withheld from the user included)."""
    rule = Q(pk__in=[])
    for model in auditlog.get_models():
        rights = getattr(model, "rights", None)
        if rights is None:
            continue
        content_type = ContentType.objects.get_for_model(model)
        held_only = user.is_authenticated and rights.reads_held_only(user)
        if user.is_active and user.has_perm(rights.perm("view")) and not held_only:
            withheld = rights.withheld(user)
            if withheld is None:
                rule |= Q(content_type=content_type)
            else:
                hidden = model._default_manager.filter(withheld).values(pk_text=Cast("pk", CharField()))
                rule |= Q(content_type=content_type) & ~Q(object_pk__in=hidden)
        elif (rights.root.holders_see or rights.readers or held_only) and user.is_authenticated:
            own = model._default_manager.visible_to(user).values(pk_text=Cast("pk", CharField()))
            rule |= Q(content_type=content_type, object_pk__in=own)
    return entries.filter(rule)


def _shown(value):
    return Truncator(str(value)).chars(SHOWN_CHARACTERS)


def changes_html(entry, user):
    """An entry's changes as a table: field names, related records by name, long values shortened."""
    model = entry.content_type.model_class()
    rows = []
    for field_name, change in entry.changes_dict.items():
        field = _field(model, field_name)
        label = str(field.verbose_name) if field else field_name
        if isinstance(change, dict):  # a many-to-many change
            objects = change.get("objects", [])
            shown = ", ".join(_shown(name) for name in objects[:SHOWN_OBJECTS])
            if len(objects) > SHOWN_OBJECTS:
                shown += " " + _("and %(count)s more") % {"count": len(objects) - SHOWN_OBJECTS}
            operation = _("added") if change.get("operation") == "add" else _("removed")
            rows.append((label, "", f"{operation}: {shown}"))
        else:
            before, after = (_display(field, value, user) for value in change)
            rows.append((label, before, after))
    if not rows:
        return ""
    header = format_html("<tr><th>{}</th><th>{}</th><th>{}</th></tr>", _("Field"), _("From"), _("To"))
    body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
    return format_html("<table>{}{}</table>", header, body)


def _field(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _display(field, value, user):
    """A stored value as a reader knows it: a choice's label, a related record's name, shortened."""
    if value in (None, "None", ""):
        return "—"
    if field is None:
        return _shown(value)
    if field.choices:
        return _shown(dict(field.flatchoices).get(value, value))
    if field.many_to_one or field.one_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return _("deleted record (%(id)s)") % {"id": value}
        rights = getattr(related, "rights", None)
        if rights is not None and not rights.is_visible(related, user):
            return _("(hidden)")
        return _shown(related)
    return _shown(value)


class AuditMiddleware(AuditlogMiddleware):
    """Auditlog's middleware, with the client's address that the login throttle uses too.

    Auditlog's own takes the first X-Forwarded-For entry, which the client writes.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)
