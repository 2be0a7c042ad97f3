from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles
from core.rights import crud

# Every staff member may draft news; publishing and sending take the permissions below.
_DRAFT = crud("communication", "article", "articleimage", actions=["view", "add", "change"])
_COMMUNICATION = [
    *crud("communication", "article", "articleimage", "subscriber", "consent", "campaign"),
    *crud("communication", "delivery", actions=["view"]),
    "communication.publish_article",
    "communication.send_campaign",
]


class CommunicationConfig(AppConfig):
    name = "communication"
    verbose_name = _("Communication")
    role_permissions = {
        roles.HEAD_OF_UNIT: _COMMUNICATION,
        roles.COMMUNICATION_OFFICER: _COMMUNICATION,
        roles.BILATERAL_OFFICER: _DRAFT,
        roles.DEVELOPMENT_OFFICER: _DRAFT,
        roles.PROTOCOL_OFFICER: _DRAFT,
        roles.FINANCE: _DRAFT,
    }

    def ready(self):
        from communication import models
        from core.audit import audit

        audit(models.Article, m2m_fields={"partners", "themes"})
        audit(models.ArticleImage)
        audit(models.Campaign, m2m_fields={"articles"})
        audit(models.Subscriber, exclude_fields=["token"])
        audit(models.Consent)
        # The worker writes deliveries with bulk inserts and conditional updates, which the audit
        # does not see: only a change made by hand is recorded.
        audit(models.Delivery)
