import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from cooperation.models import Application, Call, Evaluation, Modality
from cooperation.tests import factories
from core import roles
from core.models import Organisation
from core.tests.sample_files import PDF

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def english():
    """Addresses and messages in English, unless a test asks for another language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def staff_user(django_user_model, username, role):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, email=f"{username}@example.org"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def development_officer(db, django_user_model):
    return staff_user(django_user_model, "devofficer", roles.DEVELOPMENT_OFFICER)


@pytest.fixture
def other_development_officer(db, django_user_model):
    return staff_user(django_user_model, "otherdev", roles.DEVELOPMENT_OFFICER)


@pytest.fixture
def finance(db, django_user_model):
    return staff_user(django_user_model, "finance", roles.FINANCE)


@pytest.fixture
def evaluators(db, django_user_model):
    """Outside experts: staff accounts with no role, who reach only the applications assigned to them."""
    return [
        django_user_model.objects.create_user(
            username=f"evaluator{n}", password=PASSWORD, email=f"evaluator{n}@example.org", is_staff=True
        )
        for n in (1, 2)
    ]


@pytest.fixture
def call(seed, development_officer):
    call = factories.CallFactory(
        title_en="Urban resilience 2026",
        modality=Modality.objects.get(slug="indirect-bilateral"),
        envelope=Decimal("150000.00"),
        maximum_grant=Decimal("100000.00"),
        cofunding_percent=Decimal("10"),
        eligible_countries="CD MA SR",
        is_sample=False,
    )
    call.officers.add(development_officer)
    factories.CriterionFactory(call=call, name_en="Relevance", weight=60, order=1)
    factories.CriterionFactory(call=call, name_en="Feasibility", weight=40, order=2)
    return call


@pytest.fixture
def applicant(db, django_user_model):
    user = django_user_model.objects.create_user(username="ngo@example.org", email="ngo@example.org", password=PASSWORD)
    organisation = factories.ApplicantOrganisationFactory(name="Urban Solidarity", is_sample=False)
    organisation.members.add(user)
    return user


@pytest.fixture
def other_applicant(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="other@example.org", email="other@example.org", password=PASSWORD
    )
    factories.ApplicantOrganisationFactory(name="Other NGO").members.add(user)
    return user


def complete_draft(call, organisation, **values):
    """A draft with its budget table and a PDF; `state` and `decision` given, it is stored so
    afterwards, as data loaded from elsewhere would be (the services make these moves otherwise)."""
    later = {key: values.pop(key) for key in ("state", "decision") if key in values}
    application = factories.ApplicationFactory(
        call=call, organisation=organisation, requested_amount=Decimal("90000.00"), **values
    )
    factories.BudgetLineFactory(application=application, amount=Decimal("100000.00"), cofunding=Decimal("10000.00"))
    factories.AttachmentFactory(application=application)
    if later:
        Application.objects.filter(pk=application.pk).update(**later)
        application.refresh_from_db()
    return application


def evaluated(application, mark="7"):
    """The application submitted and scored by an outside evaluator, as a decision requires."""
    from django.contrib.auth import get_user_model

    from cooperation import services

    application.refresh_from_db()
    if application.state == Application.State.DRAFT:
        services.application_submit(application=application)
    evaluator, _created = get_user_model().objects.get_or_create(
        username="assessor", defaults={"email": "assessor@example.org", "is_staff": True}
    )
    officer = application.call.officers.first() or get_user_model().objects.filter(is_superuser=True).first()
    evaluation = Evaluation.objects.filter(application=application, evaluator=evaluator).first()
    if evaluation is None:
        Call.objects.get(pk=application.call_id).officers.add(evaluator) if officer is None else None
        evaluation = services.evaluator_assign(
            application=application, evaluator=evaluator, assigned_by=officer or evaluator
        )
        services.conflict_declare(evaluation=evaluation, has_conflict=False)
        grid = {criterion: (Decimal(mark), "") for criterion in application.call.grid.all()}
        services.scores_record(evaluation=evaluation, scores=grid)
    return application


def decide_after_closing(*, application, decision, decided_by):
    """The decision service, as if run once the call has closed (decisions wait for the deadline)."""
    from cooperation import services

    after = Application.objects.get(pk=application.pk).call.closes_at + datetime.timedelta(seconds=1)
    return services.application_decide(application=application, decision=decision, decided_by=decided_by, now=after)


@pytest.fixture
def draft(call, applicant):
    return complete_draft(call, applicant.applicant_organisations.get())


@pytest.fixture
def publisher(seed):
    return factories.IatiPublisherFactory(
        organisation=Organisation.objects.get(), prefix="XI-IATI", registration_number="LIAISON-SAMPLE"
    )


def pdf_upload(name="statutes.pdf", content=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def moment(days=0, seconds=0):
    return timezone.now() + datetime.timedelta(days=days, seconds=seconds)
