"""The roles of the back office, as groups.

Each app declares what its roles may do in its AppConfig (`role_permissions`, a dict of role
to permission names, usually built with core.rights.crud); this module only names the roles
and collects those declarations into groups after every migrate. Object-level rights come on
top, from each model's Rights declaration (core.rights).
"""

from django.apps import apps
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
STAFF_ROLES = list(LABELS)


def permissions():
    """{role: [permission names]} gathered from every app's AppConfig.role_permissions."""
    gathered = {role: [] for role in LABELS}
    for config in apps.get_app_configs():
        for role, names in getattr(config, "role_permissions", {}).items():
            gathered[role].extend(names)
    return gathered


def setup_roles(**kwargs):
    """Create or update the groups; runs after every migrate (post_migrate).

    It runs once per app, so it reads the permissions in one query: a query per permission
    made every migrate and every flush of the tests cost seconds.
    """
    from django.contrib.auth.models import Group, Permission

    existing = {}
    for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename"):
        existing.setdefault(f"{app_label}.{codename}", []).append(pk)
    for role, names in permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        # post_migrate runs once per app: permissions of apps not migrated yet come on a later run.
        # A test checks that every declared permission exists.
        group.permissions.set([pk for name in names for pk in existing.get(name, [])])
