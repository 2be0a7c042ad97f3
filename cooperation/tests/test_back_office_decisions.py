"""Decisions and evaluators in the back office go through the services, with their checks and letters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation import services
from cooperation.models import Application, Call, Evaluation
from cooperation.tests.conftest import complete_draft, evaluated
from core.tests.admin_forms import form_data

CHANGELIST = "admin:cooperation_application_changelist"


@pytest.fixture(autouse=True)
def in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def submitted(call, applicant, other_applicant):
    applications = [complete_draft(call, user.applicant_organisations.get()) for user in (applicant, other_applicant)]
    for application in applications:
        services.application_submit(application=application)
    # Decisions are taken once the call has closed.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    return applications


def decide(client, action, applications):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [application.pk for application in applications]},
        follow=True,
    )


def test_a_decision_taken_in_the_back_office_sends_the_letter(
    client, submitted, development_officer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(development_officer)
    first, _second = submitted
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, "decide_selected", [evaluated(first)])
    assert "1 decision recorded; the applicant is sent the decision letter." in response.content.decode()
    first.refresh_from_db()
    assert first.decision == "selected" and first.state == Application.State.DECIDED
    [letter] = mailoutbox
    assert first.reference in letter.subject and letter.attachments[0][1].startswith(b"%PDF")


def test_a_back_office_selection_beyond_the_envelope_is_refused_with_its_reason(
    client, submitted, development_officer, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(development_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(
            client, "decide_selected", [evaluated(a) for a in submitted]
        )  # 2 x 90,000 EUR in an envelope of 150,000
    page = response.content.decode()
    assert "more than the call&#x27;s envelope" in page
    assert sorted(Application.objects.values_list("decision", flat=True)) == ["", "selected"]
    assert len(mailoutbox) == 1


def test_an_officer_of_another_call_cannot_decide_and_nobody_edits_the_decision_field(
    client, submitted, development_officer, other_development_officer, mailoutbox
):
    first, _second = submitted
    client.force_login(other_development_officer)
    decide(client, "decide_rejected", [first])
    first.refresh_from_db()
    assert first.decision == "" and not mailoutbox
    client.force_login(development_officer)
    url = reverse("admin:cooperation_application_change", args=[first.pk])
    data = form_data(client.get(url))
    assert "decision" not in data and "state" not in data
    client.post(url, {**data, "decision": "selected", "state": "decided"})
    first.refresh_from_db()
    assert first.decision == "" and first.state == Application.State.SUBMITTED


def test_evaluators_are_added_in_the_back_office_only_by_the_call_officers(
    client, submitted, development_officer, other_development_officer, evaluators
):
    first, _second = submitted
    url = reverse("admin:cooperation_application_change", args=[first.pk])
    client.force_login(development_officer)
    data = form_data(client.get(url))
    data.update({"evaluations-TOTAL_FORMS": "1", "evaluations-0-evaluator": evaluators[0].pk})
    assert client.post(url, data).status_code == 302
    assert Evaluation.objects.get(application=first).evaluator == evaluators[0]
    # A colleague who is not an officer of the call may open the application but not assign to it.
    services.evaluator_assign(application=first, evaluator=other_development_officer, assigned_by=development_officer)
    client.force_login(other_development_officer)
    services.conflict_declare(
        evaluation=Evaluation.objects.get(evaluator=other_development_officer), has_conflict=False
    )
    data = form_data(client.get(url))
    total = int(data["evaluations-TOTAL_FORMS"])
    data.update({"evaluations-TOTAL_FORMS": str(total + 1), f"evaluations-{total}-evaluator": evaluators[1].pk})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Only the call&#x27;s officers assign its evaluators." in response.content.decode()
    assert not Evaluation.objects.filter(evaluator=evaluators[1]).exists()
