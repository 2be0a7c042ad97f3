import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from cooperation import models
from core.tests.factories import OrganisationFactory
from core.tests.sample_files import PDF


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"

    username = factory.Sequence(lambda n: f"evaluator-{n}")
    email = factory.Sequence(lambda n: f"evaluator-{n}@example.org")
    is_staff = True  # evaluators are staff accounts (Evaluation.evaluator_refusal)


class ModalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Modality

    slug = factory.Sequence(lambda n: f"modality-{n}")
    name_en = factory.Sequence(lambda n: f"Modality {n}")
    is_sample = True


class LegalTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalText

    key = factory.Sequence(lambda n: f"decree-{n}")
    kind = models.LegalText.Kind.DECREE
    is_sample = True


class PolicyElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PolicyElement

    key = factory.Sequence(lambda n: f"element-{n}")
    kind = models.PolicyElement.Kind.PRINCIPLE
    is_sample = True


class AppropriationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Appropriation

    year = factory.Sequence(lambda n: 2000 + n % 90)
    modality = factory.SubFactory(ModalityFactory)
    amount = Decimal("1000000.00")
    is_sample = True


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Call

    title_en = factory.Sequence(lambda n: f"Sample call {n}")
    modality = factory.SubFactory(ModalityFactory)
    envelope = Decimal("500000.00")
    maximum_grant = Decimal("100000.00")
    cofunding_percent = Decimal("10")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    is_published = True
    is_sample = True


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Criterion

    call = factory.SubFactory(CallFactory)
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 100  # a grid of one criterion (its weights total 100 %)


class ApplicantOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ApplicantOrganisation

    name = factory.Sequence(lambda n: f"Sample NGO {n}")
    legal_form = models.ApplicantOrganisation.LegalForm.NONPROFIT
    enterprise_number = "0403170701"
    address = "Rue de la Loi 1, 1000 Bruxelles"
    iban = "BE71096123456769"
    is_sample = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(ApplicantOrganisationFactory)
    title = factory.Sequence(lambda n: f"Sample project {n}")
    language = "en"
    country = "CD"
    city = "Kinshasa"
    sectors = "43030"
    duration_months = 24
    requested_amount = Decimal("90000.00")
    is_sample = True


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BudgetLine

    application = factory.SubFactory(ApplicationFactory)
    label = factory.Sequence(lambda n: f"Budget line {n}")
    amount = Decimal("100000.00")
    cofunding = Decimal("10000.00")


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attachment

    application = factory.SubFactory(ApplicationFactory)
    label = factory.Sequence(lambda n: f"Statutes {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="statutes.pdf"))


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evaluation

    application = factory.SubFactory(ApplicationFactory)
    evaluator = factory.SubFactory(UserFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Score

    evaluation = factory.SubFactory(EvaluationFactory, conflict=models.Evaluation.Conflict.NONE)
    criterion = factory.SubFactory(CriterionFactory, call=factory.SelfAttribute("..evaluation.application.call"))
    score = Decimal("7")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Only an evaluator who declared no conflict gives marks: a given evaluation declares first."""
        evaluation = kwargs["evaluation"]
        if evaluation.conflict == models.Evaluation.Conflict.UNDECLARED:
            # As the evaluator declared it (the model lets no one else write the declaration).
            models.Evaluation.objects.filter(pk=evaluation.pk).update(conflict=models.Evaluation.Conflict.NONE)
            evaluation.refresh_from_db()
        return super()._create(model_class, *args, **kwargs)


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Grant

    application = factory.SubFactory(
        ApplicationFactory, state=models.Application.State.DECIDED, decision=models.Application.Decision.SELECTED
    )
    amount = Decimal("90000.00")
    awarded_on = datetime.date(2026, 3, 1)
    is_sample = True


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Report

    grant = factory.SubFactory(GrantFactory)
    kind = models.Report.Kind.NARRATIVE
    due_on = datetime.date(2026, 12, 31)


class TrancheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Tranche

    grant = factory.SubFactory(GrantFactory)
    order = 1
    amount = Decimal("45000.00")


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Payment

    tranche = factory.SubFactory(TrancheFactory)
    amount = Decimal("45000.00")
    paid_on = datetime.date(2026, 4, 1)
    recorded_by = factory.SubFactory(UserFactory)


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Letter

    application = factory.SubFactory(ApplicationFactory)
    kind = models.Letter.Kind.DECISION
    language = "fr"
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="letter.pdf"))


class IatiPublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.IatiPublisher

    organisation = factory.SubFactory(OrganisationFactory)
    prefix = "XI-IATI"
    registration_number = factory.Sequence(lambda n: f"SAMPLE-{n}")
    is_sample = True


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Project

    reference = factory.Sequence(lambda n: f"db-{n}")
    title_en = factory.Sequence(lambda n: f"Sample direct project {n}")
    partner = factory.SubFactory("partners.tests.factories.PartnerFactory", country="CD")
    sectors = "43030"
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2027, 12, 31)
    committed_on = datetime.date(2025, 12, 1)
    budget = Decimal("200000.00")
    is_sample = True


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Disbursement

    project = factory.SubFactory(ProjectFactory)
    amount = Decimal("50000.00")
    paid_on = datetime.date(2026, 2, 1)


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AnnualReport

    year = factory.Sequence(lambda n: 1990 + n % 100)
