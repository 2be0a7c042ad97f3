from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles
from core.rights import crud

# A protocol file and what hangs on it; the shared data the office keeps (venues, titles and
# their forms of address, orders of precedence); gifts.
_FILE = ["protocolfile", "checklistitem", "guest", "seat", "seatingplan"]
_SHARED = ["venue", "room", "title", "formofaddress", "office", "precedencelist", "precedenceentry", "rotation"]
_KEPT = ["checklisttemplateitem", "gift", "majorevent", "eventbudgetline"]
_MANAGE = crud("protocol", *_FILE, *_SHARED, *_KEPT)
# Guests' diets, accessibility needs, security data and contact details: the protocol role only.
_PRIVATE = crud("protocol", "guestprivate")
# Other staff read the files of the activities they may see, and the shared lists.
_READ = crud("protocol", *_FILE, *_SHARED, *_KEPT, actions=["view"])


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = _("Protocol and public relations")
    seed_section = "protocol.seeds.load"
    role_permissions = {
        roles.PROTOCOL_OFFICER: [*_MANAGE, *_PRIVATE],
        roles.HEAD_OF_UNIT: _MANAGE,
        roles.BILATERAL_OFFICER: _READ,
        roles.COMMUNICATION_OFFICER: crud("protocol", "gift", actions=["view"]),
    }

    def ready(self):
        from core.audit import audit
        from protocol import models

        for model in (
            models.Venue,
            models.Room,
            models.Title,
            models.FormOfAddress,
            models.Office,
            models.PrecedenceList,
            models.PrecedenceEntry,
            models.Rotation,
            models.ChecklistTemplateItem,
            models.ProtocolFile,
            models.ChecklistItem,
            models.SeatingPlan,
            models.Seat,
            models.Gift,
            models.EventBudgetLine,
        ):
            audit(model)
        audit(models.MajorEvent, m2m_fields={"team"})
        audit(models.Guest, exclude_fields=["token"])
        # What changed is filed, never the private values: the audit is read by other roles.
        audit(models.GuestPrivate, exclude_fields=models.GuestPrivate.PRIVATE_FIELDS)
