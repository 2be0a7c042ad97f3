from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The back office's home per role, dormant partnerships and briefing packs: views over the
    other apps' records, through their rights declarations. No model of its own."""

    name = "dashboards"
    verbose_name = _("Dashboards")
