from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Organisation directory")

    def ready(self):
        from core.audit import audit
        from directory.models import StaffMember, Subject, Unit

        audit(Unit)
        audit(Subject)
        audit(StaffMember, m2m_fields={"subjects"})
