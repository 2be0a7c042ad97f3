"""Who may reach applications, attachments and evaluations, by role and by ownership."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cooperation import services
from cooperation.models import Application, Report
from cooperation.tests.conftest import decide_after_closing, evaluated
from core import roles

APPLICANT_PAGES = ["application-detail", "application-edit"]


def attachment_url(application):
    return reverse("cooperation:attachment", args=[application.attachments.get().pk])


@pytest.mark.parametrize("page", APPLICANT_PAGES)
def test_applicant_reads_and_edits_their_own_draft(client, applicant, draft, page):
    client.force_login(applicant)
    assert client.get(reverse(f"cooperation:{page}", args=[draft.pk])).status_code == 200


@pytest.mark.parametrize("page", APPLICANT_PAGES)
def test_applicant_cannot_reach_another_organisations_application_by_its_address(client, other_applicant, draft, page):
    client.force_login(other_applicant)
    assert client.get(reverse(f"cooperation:{page}", args=[draft.pk])).status_code == 404


def test_applicant_cannot_submit_or_attach_to_another_organisations_application(client, other_applicant, draft):
    from cooperation.tests.conftest import pdf_upload

    client.force_login(other_applicant)
    assert client.post(reverse("cooperation:application-submit", args=[draft.pk])).status_code == 404
    upload = {"label": "Mine", "file": pdf_upload()}
    assert client.post(reverse("cooperation:attachment-upload", args=[draft.pk]), upload).status_code == 404
    draft.refresh_from_db()
    assert draft.state == Application.State.DRAFT and draft.attachments.count() == 1


def test_applicant_downloads_their_attachment_and_not_another_organisations(client, applicant, other_applicant, draft):
    client.force_login(applicant)
    response = client.get(attachment_url(draft))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(other_applicant)
    assert client.get(attachment_url(draft)).status_code == 404


def test_anonymous_visitors_reach_no_application_and_no_attachment(client, draft):
    response = client.get(reverse("cooperation:application-detail", args=[draft.pk]))
    assert response.status_code == 302 and reverse("cooperation:login") in response.url
    assert client.get(attachment_url(draft)).status_code == 404


def test_applicant_lists_only_their_own_applications(client, applicant, other_applicant, draft):
    client.force_login(other_applicant)
    assert draft.title not in client.get(reverse("cooperation:applicant-home")).content.decode()
    client.force_login(applicant)
    assert draft.title in client.get(reverse("cooperation:applicant-home")).content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (roles.DEVELOPMENT_OFFICER, True),
        (roles.HEAD_OF_UNIT, True),
        (roles.FINANCE, True),
        (roles.BILATERAL_OFFICER, False),
        (roles.COMMUNICATION_OFFICER, False),
        (roles.PROTOCOL_OFFICER, False),
    ],
)
def test_staff_read_attachments_only_with_their_roles_rights(client, django_user_model, draft, role, allowed):
    user = django_user_model.objects.create_user(username=f"staff-{role}", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    services.application_submit(application=draft)  # a draft is its applicant's alone
    client.force_login(user)
    assert client.get(attachment_url(draft)).status_code == (200 if allowed else 404)


@pytest.fixture
def evaluation(draft, evaluators, development_officer):
    services.application_submit(application=draft)
    return services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)


def test_evaluator_sees_only_title_and_applicant_before_declaring(client, evaluation, evaluators):
    draft = evaluation.application
    Application.objects.filter(pk=draft.pk).update(objectives="Secret objectives of the project")  # as submitted
    client.force_login(evaluators[0])
    page = client.get(reverse("cooperation:evaluation-detail", args=[evaluation.pk])).content.decode()
    assert draft.title in page and draft.organisation.name in page
    assert "Secret objectives" not in page
    assert client.get(attachment_url(draft)).status_code == 404


def test_evaluator_who_declares_no_conflict_reads_the_application(client, evaluation, evaluators):
    draft = evaluation.application
    Application.objects.filter(pk=draft.pk).update(objectives="Secret objectives of the project")  # as submitted
    client.force_login(evaluators[0])
    url = reverse("cooperation:evaluation-detail", args=[evaluation.pk])
    client.post(url, {"conflict": "none"})
    assert "Secret objectives" in client.get(url).content.decode()
    assert client.get(attachment_url(draft)).status_code == 200


def test_evaluator_with_a_declared_conflict_cannot_see_the_application(client, evaluation, evaluators):
    client.force_login(evaluators[0])
    url = reverse("cooperation:evaluation-detail", args=[evaluation.pk])
    client.post(url, {"conflict": "conflict"})
    evaluation.refresh_from_db()
    assert evaluation.conflict == "conflict"
    assert client.get(url).status_code == 403
    assert client.post(url, {"conflict": "none"}).status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.conflict == "conflict"
    assert client.get(attachment_url(evaluation.application)).status_code == 404


def test_an_evaluator_cannot_open_someone_elses_evaluation(client, evaluation, evaluators):
    client.force_login(evaluators[1])
    assert client.get(reverse("cooperation:evaluation-detail", args=[evaluation.pk])).status_code == 404


def test_only_the_calls_officers_assign_evaluators_and_decide(
    draft, evaluators, other_development_officer, finance, django_user_model
):
    services.application_submit(application=draft)
    with pytest.raises(PermissionDenied):
        services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=other_development_officer)
    evaluated(draft)
    with pytest.raises(PermissionDenied):
        decide_after_closing(application=draft, decision="selected", decided_by=other_development_officer)
    evaluated(draft)
    with pytest.raises(PermissionDenied):
        decide_after_closing(application=draft, decision="selected", decided_by=finance)
    draft.refresh_from_db()
    assert draft.decision == ""


def test_only_finance_records_payments(draft, development_officer, finance):
    services.application_submit(application=draft)
    evaluated(draft)
    decide_after_closing(application=draft, decision="selected", decided_by=development_officer)
    grant = services.grant_award(
        application=draft,
        tranches=[Decimal("90000.00")],
        reports=[(Report.Kind.FINANCIAL, datetime.date(2027, 6, 30))],
        awarded_on=datetime.date(2026, 3, 1),
    )
    tranche = grant.tranches.get()
    with pytest.raises(PermissionDenied):
        services.payment_record(
            tranche=tranche, amount=Decimal("1.00"), paid_on=datetime.date(2026, 4, 1), recorded_by=development_officer
        )
    payment = services.payment_record(
        tranche=tranche, amount=Decimal("90000.00"), paid_on=datetime.date(2026, 4, 1), recorded_by=finance
    )
    assert payment.recorded_by == finance


@pytest.mark.parametrize("declares", ["conflict", "none"])
def test_an_assigned_colleague_sees_the_application_in_the_back_office_only_after_declaring_no_conflict(
    client, draft, development_officer, other_development_officer, declares
):
    """Whatever their role: before the declaration an assigned evaluator sees the title and the
    applicant on their evaluation page only, and a conflict withholds the application for good."""
    services.application_submit(application=draft)
    client.force_login(other_development_officer)
    url = reverse("admin:cooperation_application_change", args=[draft.pk])
    assert client.get(url).status_code == 200  # their role reads every application
    evaluation = services.evaluator_assign(
        application=draft, evaluator=other_development_officer, assigned_by=development_officer
    )
    assert client.get(url).status_code == 302  # the admin's answer to a record the user may not see
    assert client.get(attachment_url(draft)).status_code == 404
    services.conflict_declare(evaluation=evaluation, has_conflict=declares == "conflict")
    visible = declares == "none"
    assert client.get(url).status_code == (200 if visible else 302)
    assert client.get(attachment_url(draft)).status_code == (200 if visible else 404)
    assert Application.objects.visible_to(other_development_officer).filter(pk=draft.pk).exists() is visible


def test_another_evaluators_conflict_hides_nothing_from_this_one(client, draft, development_officer, evaluators):
    services.application_submit(application=draft)
    first, second = (
        services.evaluator_assign(application=draft, evaluator=evaluator, assigned_by=development_officer)
        for evaluator in evaluators
    )
    services.conflict_declare(evaluation=first, has_conflict=True)
    services.conflict_declare(evaluation=second, has_conflict=False)
    assert Application.objects.visible_to(evaluators[1]).filter(pk=draft.pk).exists()
    assert not Application.objects.visible_to(evaluators[0]).filter(pk=draft.pk).exists()
    assert Application.objects.visible_to(development_officer).filter(pk=draft.pk).exists()


def test_staff_open_an_attachment_from_the_back_office_through_the_checked_view(client, draft, development_officer):
    services.application_submit(application=draft)  # a draft is its applicant's alone
    client.force_login(development_officer)
    page = client.get(reverse("admin:cooperation_application_change", args=[draft.pk])).content.decode()
    assert attachment_url(draft) in page
    assert client.get(attachment_url(draft)).status_code == 200
