from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Organisation directory")

    def ready(self):
        from auditlog.registry import auditlog

        from directory.models import StaffMember, Subject, Unit

        auditlog.register(Unit)
        auditlog.register(Subject)
        auditlog.register(StaffMember, m2m_fields={"subjects"})
