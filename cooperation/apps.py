from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import roles
from core.rights import crud

FRAME = ["modality", "legaltext", "policyelement", "appropriation", "iatipublisher"]
CALLS = ["call", "criterion"]
APPLICATIONS = ["applicantorganisation", "application", "evaluation"]
# An application's budget table and documents are written by its applicant while it is a draft,
# which no one else reads (models.unsent), and stay as sent: staff read them.
AS_SENT = ["budgetline", "attachment"]
GRANTS = ["grant", "tranche", "report", "payment"]
PROJECTS = ["project", "disbursement"]
EVERY_MODEL = [*FRAME, *CALLS, *APPLICATIONS, *GRANTS, *PROJECTS, "annualreport"]
READ_AS_SENT = crud("cooperation", *AS_SENT, actions=["view"])
# The annual report: development officers and the head of unit write its introduction, preview
# and publish it; the other roles read the published one on the public site.
ANNUAL_REPORT = [*crud("cooperation", "annualreport"), "cooperation.publish_annualreport"]
# Scores are the evaluators' own, given on their page (cooperation.views): staff only read them.
SCORES = crud("cooperation", "score", actions=["view"])
# Letters are written by the decision service and kept as sent: staff read them.
LETTERS = crud("cooperation", "letter", actions=["view"])


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Development cooperation")
    seed_section = "cooperation.seeds.load"  # its part of the data file (core.seeds)
    # Development officers change the calls they are contact officers of, and handle every
    # application and grant; finance records payments; the others read the frame and calls.
    role_permissions = {
        roles.HEAD_OF_UNIT: [
            *crud("cooperation", *EVERY_MODEL),
            "cooperation.publish_annualreport",
            *READ_AS_SENT,
            *SCORES,
            *LETTERS,
            "cooperation.change_all_calls",
            "cooperation.handle_all_applications",
            "cooperation.change_all_projects",
        ],
        # A development officer changes the direct bilateral projects they are an officer of.
        roles.DEVELOPMENT_OFFICER: [
            *crud("cooperation", *FRAME, *CALLS, *APPLICATIONS, "grant", "tranche", "report", *PROJECTS),
            *ANNUAL_REPORT,
            *READ_AS_SENT,
            *SCORES,
            *LETTERS,
            "cooperation.view_payment",
            "cooperation.handle_all_applications",
        ],
        roles.FINANCE: [
            # Finance reads what it pays, not how evaluators judged it.
            *crud("cooperation", *FRAME, *CALLS, "grant", "tranche", "report", actions=["view"]),
            *crud("cooperation", "applicantorganisation", "application", actions=["view"]),
            *READ_AS_SENT,
            *crud("cooperation", "payment", "disbursement"),
            "cooperation.view_project",
            "cooperation.change_project",  # to record its disbursements: its terms stay read-only
            "cooperation.change_tranche",
            "cooperation.handle_all_applications",
            # Finance records the disbursements of every project and changes none of its terms.
            "cooperation.change_all_projects",
        ],
        roles.BILATERAL_OFFICER: crud("cooperation", *FRAME, *CALLS, actions=["view"]),
        roles.COMMUNICATION_OFFICER: crud("cooperation", *FRAME, *CALLS, actions=["view"]),
        roles.PROTOCOL_OFFICER: crud("cooperation", *FRAME, *CALLS, actions=["view"]),
    }

    def ready(self):
        from django.db.models.signals import m2m_changed

        from cooperation import models
        from core.audit import audit

        m2m_changed.connect(
            models.members_are_applicants,
            sender=models.ApplicantOrganisation.members.through,
            dispatch_uid="cooperation.members_are_applicants",
        )
        m2m_changed.connect(
            models.officers_are_staff,
            sender=models.Call.officers.through,
            dispatch_uid="cooperation.officers_are_staff",
        )

        audit(models.Call, m2m_fields={"themes", "partners", "officers"})
        audit(models.ApplicantOrganisation, m2m_fields={"members"})
        for model in (
            models.Modality,
            models.LegalText,
            models.PolicyElement,
            models.Appropriation,
            models.Criterion,
            models.Application,
            models.BudgetLine,
            models.Attachment,
            models.Evaluation,
            models.Score,
            models.Grant,
            models.Tranche,
            models.Report,
            models.Payment,
            models.Letter,
            models.Disbursement,
            models.IatiPublisher,
            models.AnnualReport,
        ):
            audit(model)
        audit(models.Project, m2m_fields={"officers"})
