from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles
from core.rights import crud

_READ = crud("directory", "unit", "staffmember", "subject", actions=["view"])


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Organisation directory")
    seed_section = "directory.seeds.load"  # its part of the data file (core.seeds)
    role_permissions = {
        roles.HEAD_OF_UNIT: crud("directory", "unit", "staffmember", "subject"),
        **{role: _READ for role in roles.STAFF_ROLES if role != roles.HEAD_OF_UNIT},
    }

    def ready(self):
        from core.audit import audit
        from directory.models import StaffMember, Subject, Unit

        audit(Unit)
        audit(Subject)
        audit(StaffMember, m2m_fields={"subjects"})
