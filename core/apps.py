from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core import roles
from core.rights import crud


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Organisation and history")
    seed_section = "core.seeds.load"  # its part of the data file (core.seeds)
    # The global audit log shows every change to every record: the head of unit only. Other
    # roles read the history of each record they may see (core.audit).
    # The operations page (workers, routines, backups: core.operations) is the head of unit's, with
    # the superuser's of the IT team.
    # Every role reads the corrections from the source of the records it may change, and decides
    # them (core.models.SeedCorrectionQuerySet.reviewable_by).
    role_permissions = {
        **{role: ["core.view_seedcorrection"] for role in roles.STAFF_ROLES},
        roles.HEAD_OF_UNIT: [
            *crud("core", "organisation"),
            "auditlog.view_logentry",
            "core.view_seedcorrection",
            "core.view_operations",
        ],
    }

    def ready(self):
        from core import cache
        from core.audit import audit
        from core.middleware import start_session_clock_on_login
        from core.models import Organisation

        audit(Organisation)
        cache.connect_signals()
        # After every app, so that the permissions of apps migrated later exist too.
        post_migrate.connect(roles.setup_roles, dispatch_uid="core.setup_roles")
        user_logged_in.connect(start_session_clock_on_login, dispatch_uid="core.start_session_clock")
