"""The roles of the back office, as groups with their model permissions.

Object-level rights come on top: an officer changes only the partners in their portfolio
(Partner.objects.editable_by), the head of unit all of them (partners.change_all_partners).
"""

from django.utils.translation import gettext_lazy as _

HEAD_OF_UNIT = "head_of_unit"
BILATERAL_OFFICER = "bilateral_officer"
DEVELOPMENT_OFFICER = "development_officer"
COMMUNICATION_OFFICER = "communication_officer"
PROTOCOL_OFFICER = "protocol_officer"
FINANCE = "finance"

LABELS = {
    HEAD_OF_UNIT: _("Head of unit"),
    BILATERAL_OFFICER: _("Bilateral relations officer"),
    DEVELOPMENT_OFFICER: _("Development cooperation officer"),
    COMMUNICATION_OFFICER: _("Communication officer"),
    PROTOCOL_OFFICER: _("Protocol officer"),
    FINANCE: _("Finance and travel"),
}

_READ = [
    "partners.view_partner",
    "partners.view_partneralias",
    "partners.view_agreement",
    "partners.view_signatory",
    "partners.view_agreementdocument",
    "partners.view_theme",
    "partners.view_network",
    "partners.view_assignment",
    "directory.view_unit",
    "directory.view_staffmember",
    "directory.view_subject",
    "auditlog.view_logentry",
]
_PORTFOLIO = [
    "partners.view_counterpart",
    "partners.change_partner",
    *[
        f"partners.{action}_{model}"
        for action in ("add", "change", "delete")
        for model in ("partneralias", "counterpart", "agreement", "signatory", "agreementdocument")
    ],
]
_EVERYTHING = [
    f"{app}.{action}_{model}"
    for app, models in {
        "partners": (
            "partner",
            "partneralias",
            "counterpart",
            "agreement",
            "signatory",
            "agreementdocument",
            "theme",
            "network",
            "assignment",
        ),
        "directory": ("unit", "staffmember", "subject"),
        "core": ("organisation",),
    }.items()
    for model in models
    for action in ("view", "add", "change", "delete")
]

PERMISSIONS = {
    HEAD_OF_UNIT: [*_EVERYTHING, "partners.change_all_partners", "auditlog.view_logentry"],
    BILATERAL_OFFICER: [*_READ, *_PORTFOLIO],
    DEVELOPMENT_OFFICER: [*_READ, *_PORTFOLIO],
    COMMUNICATION_OFFICER: _READ,
    PROTOCOL_OFFICER: [*_READ, "partners.view_counterpart"],
    FINANCE: _READ,
}


def setup_roles(**kwargs):
    """Create or update the groups; runs after every migrate (post_migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, codenames in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for codename in codenames:
            app_label, code = codename.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=code))
        group.permissions.set(wanted)
