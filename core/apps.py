from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core.middleware import start_session_clock_on_login
        from core.roles import setup_roles

        # After every app, so that the permissions of apps migrated later exist too.
        post_migrate.connect(setup_roles, dispatch_uid="core.setup_roles")
        user_logged_in.connect(start_session_clock_on_login, dispatch_uid="core.start_session_clock")
