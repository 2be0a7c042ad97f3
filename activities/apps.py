from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles
from core.rights import crud

_SHARED = ["person", "organisation", "fundingprogramme"]
_OWNED = ["programmeitem", "participant", "outcome", "followup", "activitydocument"]
_READ = crud("activities", "activity", *_OWNED, *_SHARED, actions=["view"])
# Officers change the activities of their partners (Activity.rights) and the people and
# organisations they take along; the protocol officer and the head of unit change every activity.
_EDIT = [*crud("activities", "activity", *_OWNED), *crud("activities", *_SHARED, actions=["view", "add", "change"])]


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")
    seed_section = "activities.seeds.load"  # its part of the data file (core.seeds)
    role_permissions = {
        roles.HEAD_OF_UNIT: [
            *crud("activities", "activity", *_OWNED, *_SHARED, "feedtoken"),
            "activities.change_all_activities",
        ],
        roles.PROTOCOL_OFFICER: [*_EDIT, "activities.change_all_activities"],
        roles.BILATERAL_OFFICER: _EDIT,
        roles.DEVELOPMENT_OFFICER: _EDIT,
        roles.COMMUNICATION_OFFICER: _READ,
        roles.FINANCE: _READ,
    }

    def ready(self):
        from activities import models
        from core.audit import audit

        audit(models.Activity, m2m_fields={"partners", "themes", "networks"}, exclude_fields=["followers", "sequence"])
        audit(models.ProgrammeItem, m2m_fields={"people", "organisations"})
        audit(models.Outcome, m2m_fields={"parties"})
        audit(models.FeedToken, exclude_fields=["token"])
        for model in (
            models.FundingProgramme,
            models.Person,
            models.Organisation,
            models.Participant,
            models.FollowUp,
            models.ActivityDocument,
        ):
            audit(model)
