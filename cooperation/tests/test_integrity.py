"""The grant process's rules hold whatever screen writes: the ORM, the back office and the services.

Each test replays a way the rules were walked around (issue "Grant integrity"): each is refused
with a message, and nothing is saved.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cooperation import services
from cooperation.models import Application, Evaluation, Grant, Payment, Score, Tranche
from cooperation.tests import factories
from cooperation.tests.conftest import complete_draft, decide_after_closing, evaluated, moment
from core.tests.admin_forms import form_data


@pytest.fixture(autouse=True)
def in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def selected(call, applicant, development_officer):
    """A submitted application, selected for 90,000 EUR of the call's 150,000 EUR envelope."""
    application = services.application_submit(application=complete_draft(call, applicant.applicant_organisations.get()))
    evaluated(application)
    return decide_after_closing(application=application, decision="selected", decided_by=development_officer)


@pytest.fixture
def reserve(call, other_applicant, development_officer):
    organisation = other_applicant.applicant_organisations.get()
    application = services.application_submit(application=complete_draft(call, organisation))
    evaluated(application)
    return decide_after_closing(application=application, decision="reserve", decided_by=development_officer)


def grant_for(application, tranches=(Decimal("45000.00"), Decimal("45000.00"))):
    return services.grant_award(
        application=application,
        tranches=list(tranches),
        reports=[("narrative", datetime.date(2026, 12, 31))],
        awarded_on=datetime.date(2026, 3, 1),
    )


def admin_post(client, url, **changes):
    data = form_data(client.get(url))
    data.update({key: str(value) for key, value in changes.items()})
    return client.post(url, data)


# The envelope


def test_the_envelope_cannot_go_under_what_is_selected_by_any_write(client, call, selected, development_officer):
    call.envelope = Decimal("10000.00")
    with pytest.raises(ValidationError, match="cannot be less than the €90,000.00"):
        call.save()
    client.force_login(development_officer)
    response = admin_post(client, reverse("admin:cooperation_call_change", args=[call.pk]), envelope="10000.00")
    assert response.status_code == 200
    assert "cannot be less than the €90,000.00" in response.content.decode()
    call.refresh_from_db()
    assert call.envelope == Decimal("150000.00")


# Grants, tranches and payments


def test_a_reserve_application_gets_no_grant_by_any_write(client, reserve, development_officer):
    with pytest.raises(ValidationError, match="Only a selected application gets a grant"):
        Grant.objects.create(application=reserve, amount=Decimal("5000000.00"), awarded_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="Only a selected application gets a grant"):
        grant_for(reserve, tranches=[Decimal("40000.00")])
    client.force_login(development_officer)
    url = reverse("admin:cooperation_grant_add")
    data = {
        **form_data(client.get(url)),
        "application": reserve.pk,
        "amount": "5000000.00",
        "awarded_on": "2026-03-01",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "Only a selected application gets a grant" in response.content.decode()
    assert not Grant.objects.exists()


def test_a_grant_never_exceeds_the_amount_decided_on(client, selected, development_officer):
    with pytest.raises(ValidationError, match=r"cannot exceed the amount decided on \(€90,000.00\)"):
        Grant.objects.create(application=selected, amount=Decimal("5000000.00"), awarded_on=datetime.date(2026, 3, 1))
    client.force_login(development_officer)
    url = reverse("admin:cooperation_grant_add")
    data = {
        **form_data(client.get(url)),
        "application": selected.pk,
        "amount": "5000000.00",
        "awarded_on": "2026-03-01",
    }
    response = client.post(url, data)
    assert "cannot exceed the amount decided on (€90,000.00)" in response.content.decode()
    assert not Grant.objects.exists()


def test_tranches_never_add_up_to_more_than_the_grant(client, selected, development_officer):
    grant = grant_for(selected)
    with pytest.raises(ValidationError, match="cannot add up to more than the grant"):
        Tranche.objects.create(grant=grant, order=3, amount=Decimal("5000000.00"), after_report=grant.reports.get())
    client.force_login(development_officer)
    response = admin_post(
        client, reverse("admin:cooperation_grant_change", args=[grant.pk]), **{"tranches-1-amount": "5000000.00"}
    )
    assert response.status_code == 200
    assert "The tranches cannot add up to more than the grant (€90,000.00)." in response.content.decode()
    assert sorted(grant.tranches.values_list("amount", flat=True)) == [Decimal("45000.00")] * 2
    with pytest.raises(ValidationError, match="The tranches must add up to the grant"):
        grant_for(factories.GrantFactory().application, tranches=[Decimal("1.00")])


def test_a_grants_amount_and_application_never_change(client, selected, development_officer):
    grant = grant_for(selected)
    grant.amount = Decimal("5000000.00")
    with pytest.raises(ValidationError, match="never changes"):
        grant.save()
    client.force_login(development_officer)
    admin_post(client, reverse("admin:cooperation_grant_change", args=[grant.pk]), amount="5000000.00")
    grant.refresh_from_db()
    assert grant.amount == Decimal("90000.00")


def test_a_payment_has_its_recorder_and_stays_within_its_tranche_and_grant(client, selected, finance):
    grant = grant_for(selected)
    first = grant.tranches.get(order=1)
    with pytest.raises(ValidationError, match="names who recorded it"):
        Payment.objects.create(tranche=first, amount=Decimal("1000.00"), paid_on=datetime.date(2026, 4, 1))
    with pytest.raises(ValidationError, match=r"cannot exceed the grant \(€90,000.00\)"):
        services.payment_record(
            tranche=first, amount=Decimal("4000000.00"), paid_on=datetime.date(2026, 4, 1), recorded_by=finance
        )
    with pytest.raises(ValidationError, match=r"cannot exceed the tranche \(€45,000.00\)"):
        services.payment_record(
            tranche=first, amount=Decimal("50000.00"), paid_on=datetime.date(2026, 4, 1), recorded_by=finance
        )
    client.force_login(finance)
    url = reverse("admin:cooperation_tranche_change", args=[first.pk])
    response = admin_post(
        client,
        url,
        **{
            "payments-TOTAL_FORMS": "1",
            "payments-0-amount": "4000000.00",
            "payments-0-paid_on": "2026-04-01",
            "payments-0-tranche": first.pk,
        },
    )
    assert response.status_code == 200 and "Payments cannot exceed the" in response.content.decode()
    assert not Payment.objects.exists()
    response = admin_post(
        client,
        url,
        **{
            "payments-TOTAL_FORMS": "1",
            "payments-0-amount": "45000.00",
            "payments-0-paid_on": "2026-04-01",
            "payments-0-tranche": first.pk,
        },
    )
    assert response.status_code == 302, [f.errors for f in response.context["inline_admin_formsets"][0].formset] + [
        response.context["adminform"].form.errors
    ]
    assert Payment.objects.get().recorded_by == finance  # who saved it, never typed


# Applications


def test_an_application_never_moves_to_another_call(client, call, selected, development_officer):
    other = factories.CallFactory(envelope=Decimal("900000.00"))
    selected.call = other
    with pytest.raises(ValidationError, match="never moves to another call"):
        selected.save()
    client.force_login(development_officer)
    admin_post(client, reverse("admin:cooperation_application_change", args=[selected.pk]), call=other.pk)
    assert Application.objects.get(pk=selected.pk).call == call


def test_a_decision_is_taken_only_through_the_decision_service(client, call, applicant, development_officer):
    application = services.application_submit(application=complete_draft(call, applicant.applicant_organisations.get()))
    application.state, application.decision = "decided", "selected"
    with pytest.raises(ValidationError, match="decided on by the call's officers"):
        application.save()
    client.force_login(development_officer)
    url = reverse("admin:cooperation_application_change", args=[application.pk])
    admin_post(client, url, decision="selected", state="decided")
    application.refresh_from_db()
    assert (application.state, application.decision) == ("submitted", "")


def test_states_move_only_forward(call, selected):
    selected.state, selected.decision = "submitted", ""
    with pytest.raises(ValidationError):
        selected.save()
    selected.refresh_from_db()
    selected.state = "draft"
    with pytest.raises(ValidationError):
        selected.save()
    assert Application.objects.get(pk=selected.pk).state == "decided"


def test_raising_a_selected_applications_amount_in_the_back_office_is_refused_without_an_error_page(
    client, selected, development_officer
):
    selected.requested_amount = Decimal("100000.00")
    with pytest.raises(ValidationError, match="no longer changes"):
        selected.save()
    client.force_login(development_officer)
    url = reverse("admin:cooperation_application_change", args=[selected.pk])
    response = admin_post(client, url, requested_amount="100000.00")
    assert response.status_code in (200, 302)
    assert Application.objects.get(pk=selected.pk).requested_amount == Decimal("90000.00")


# Evaluation


def test_a_declaration_is_final_for_the_evaluator_and_in_the_back_office(client, draft, development_officer):
    services.application_submit(application=draft)
    evaluation = services.evaluator_assign(
        application=draft, evaluator=development_officer, assigned_by=development_officer
    )
    services.conflict_declare(evaluation=evaluation, has_conflict=True)
    with pytest.raises(ValidationError, match="already been made"):
        services.conflict_declare(evaluation=evaluation, has_conflict=False)
    evaluation.conflict = "none"
    with pytest.raises(ValidationError, match="A declaration is final"):
        evaluation.save()
    client.force_login(development_officer)
    url = reverse("admin:cooperation_evaluation_change", args=[evaluation.pk])
    client.post(url, {"conflict": "none"})
    assert Evaluation.objects.get(pk=evaluation.pk).conflict == "conflict"
    assert not Application.objects.visible_to(development_officer).filter(pk=draft.pk).exists()


def test_a_conflicted_officer_cannot_rewrite_another_evaluators_scores(
    client, draft, development_officer, other_development_officer, evaluators
):
    services.application_submit(application=draft)
    theirs = services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)
    services.conflict_declare(evaluation=theirs, has_conflict=False)
    services.scores_record(evaluation=theirs, scores={c: (Decimal("7"), "") for c in draft.call.grid.all()})
    mine = services.evaluator_assign(
        application=draft, evaluator=other_development_officer, assigned_by=development_officer
    )
    services.conflict_declare(evaluation=mine, has_conflict=True)
    client.force_login(other_development_officer)
    score = theirs.scores.first()
    url = reverse("admin:cooperation_evaluation_change", args=[theirs.pk])
    assert client.get(url).status_code == 302  # not visible to them
    client.post(url, {"comment": "rewritten", "scores-0-id": score.pk, "scores-0-score": "10"})
    assert Score.objects.get(pk=score.pk).score == Decimal("7")
    assert services.ranking(draft.call)[0]["total"] == Decimal("70.00")


def test_scores_are_given_only_after_declaring_no_conflict(draft, development_officer, evaluators):
    services.application_submit(application=draft)
    evaluation = services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)
    with pytest.raises(ValidationError, match="declared no conflict"):
        Score.objects.create(evaluation=evaluation, criterion=draft.call.grid.first(), score=Decimal("10"))


def test_the_calls_officers_correct_a_declaration_with_a_reason_and_the_history_keeps_both(
    client, draft, development_officer, head_of_unit, evaluators
):
    services.application_submit(application=draft)
    evaluation = services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)
    services.conflict_declare(evaluation=evaluation, has_conflict=True)
    with pytest.raises(PermissionDenied):  # not the evaluator themselves
        services.conflict_correct(evaluation=evaluation, conflict="none", reason="Mistake", corrected_by=evaluators[0])
    client.force_login(development_officer)
    url = reverse("admin:cooperation_evaluation_correct", args=[evaluation.pk])
    response = client.post(url, {"conflict": "none", "reason": ""})
    assert response.status_code == 200 and Evaluation.objects.get(pk=evaluation.pk).conflict == "conflict"
    response = client.post(url, {"conflict": "none", "reason": "Ticked the wrong box, confirmed by phone."})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.conflict, evaluation.corrected_by) == ("none", development_officer)
    assert evaluation.correction_reason == "Ticked the wrong box, confirmed by phone."
    history = client.get(reverse("admin:cooperation_evaluation_history", args=[evaluation.pk])).content.decode()
    assert "Ticked the wrong box" in history and "conflict of interest" in history


def test_only_staff_with_no_stake_in_the_call_evaluate(client, draft, applicant, other_applicant, development_officer):
    services.application_submit(application=draft)
    with pytest.raises(ValidationError, match="Evaluators are staff accounts"):
        services.evaluator_assign(application=draft, evaluator=applicant, assigned_by=development_officer)
    other_applicant.is_staff = True
    other_applicant.save()
    other = other_applicant.applicant_organisations.get()
    complete_draft(draft.call, other)  # their organisation applied to the same call
    with pytest.raises(ValidationError, match="applied to this call"):
        services.evaluator_assign(application=draft, evaluator=other_applicant, assigned_by=development_officer)
    client.force_login(development_officer)
    page = client.get(reverse("admin:cooperation_application_change", args=[draft.pk])).content.decode()
    assert f'value="{applicant.pk}"' not in page.split('id="evaluations-group"')[1]
    assert not Evaluation.objects.exists()


# The deadline


def test_a_submission_at_the_exact_closing_instant_is_refused_and_a_microsecond_before_accepted(draft, applicant):
    closes = moment(seconds=5).replace(microsecond=500000)
    draft.call.closes_at = closes
    draft.call.save()
    with pytest.raises(ValidationError, match="The deadline has passed"):
        services.application_submit(application=draft, now=closes)
    assert Application.objects.get(pk=draft.pk).state == "draft"
    services.application_submit(application=draft, now=closes - datetime.timedelta(microseconds=1))
    assert Application.objects.get(pk=draft.pk).state == "submitted"


def test_the_call_page_closes_at_the_same_instant(draft):
    call = draft.call
    assert call.is_open(call.closes_at - datetime.timedelta(microseconds=1))
    assert not call.is_open(call.closes_at)
    assert not call.is_open(timezone.now() + datetime.timedelta(days=365))


# Exports


def test_the_ranking_csv_neutralises_what_a_spreadsheet_would_run(client, call, development_officer, evaluators):
    organisation = factories.ApplicantOrganisationFactory(name="@SUM(1+1)*cmd|' /C calc'!A0")
    application = complete_draft(call, organisation, title='=HYPERLINK("http://evil.example","click")')
    services.application_submit(application=application)
    client.force_login(development_officer)
    text = client.get(reverse("cooperation:ranking-csv", args=[call.pk])).content.decode()
    assert '\'=HYPERLINK(""http://evil.example"",""click"")' in text
    assert "'@SUM(1+1)" in text
    assert ",=" not in text and ",@" not in text


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+1", "@A1", "\tcmd", "\rcmd"])
def test_every_cell_that_starts_a_formula_is_written_as_text(value):
    from core.exports import neutralised

    assert neutralised(value) == f"'{value}"
    assert neutralised(Decimal("-12.50")) == Decimal("-12.50")  # a number stays a number
    assert neutralised("A plain title") == "A plain title"


# Public rows


def test_a_hidden_projects_money_appears_on_no_public_page_or_file(client, seed, publisher):
    from cooperation.models import Modality

    hidden = factories.ProjectFactory(is_public=False, budget=Decimal("777777.00"), title_en="Hidden project")
    factories.DisbursementFactory(project=hidden, amount=Decimal("666666.00"), paid_on=datetime.date(2026, 5, 1))
    assert Modality.objects.filter(slug="direct-bilateral").exists()
    year = timezone.localdate().year
    pages = [
        "/en/",
        "/en/cooperation/",
        "/en/cooperation/budget/",
        "/fr/cooperation/budget/",
        "/en/cooperation/projects/",
        f"/en/cooperation/reports/{year}/",
        f"/en/cooperation/reports/{hidden.committed_on.year}/",
        "/iati/activities.xml",
        "/iati/organisation.xml",
    ]
    for url in pages:
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode()
        assert response.status_code == 200, url
        for amount in ("777777", "777 777", "777.777", "777,777", "666666", "666 666", "666.666", "Hidden project"):
            assert amount not in text, (url, amount)
    hidden.is_public = True
    hidden.save()
    assert "€777,777.00" in client.get("/en/cooperation/budget/").content.decode()  # the page shows projects


def test_the_organisations_named_in_public_are_the_ones_declared_public(client, selected, reserve, publisher):
    from cooperation.models import ApplicantOrganisation

    grant_for(selected)
    public = set(ApplicantOrganisation.objects.public().values_list("name", flat=True))
    assert public == {selected.organisation.name}
    pages = (
        client.get("/en/cooperation/projects/").content.decode()
        + b"".join(client.get("/iati/activities.xml").streaming_content).decode()
    )
    assert selected.organisation.name in pages
    assert reserve.organisation.name not in pages


# What a walk through the portal found (issue "Grant integrity", second round)


def test_a_staff_account_never_joins_an_applicant_organisation(client, draft, applicant, development_officer):
    organisation = applicant.applicant_organisations.get()
    with pytest.raises(ValidationError, match="never joins one"), transaction.atomic():
        organisation.members.add(development_officer)
    with pytest.raises(ValidationError, match="never joins one"), transaction.atomic():
        development_officer.applicant_organisations.add(organisation)
    client.force_login(development_officer)
    url = reverse("admin:cooperation_applicantorganisation_change", args=[organisation.pk])
    page = client.get(url).content.decode()
    assert f'value="{development_officer.pk}"' not in page.split('name="members"')[1].split("</select>")[0]
    response = admin_post(client, url, members=development_officer.pk)
    assert response.status_code == 200
    assert not organisation.members.filter(pk=development_officer.pk).exists()


def test_a_calls_contact_officers_are_staff(call, applicant):
    with pytest.raises(ValidationError, match="contact officers are staff"), transaction.atomic():
        call.officers.add(applicant)


def test_staff_never_use_the_applicant_space(client, call, development_officer):
    response = client.post(
        reverse("cooperation:login"),
        {"username": development_officer.username, "password": "correct horse battery staple"},
    )
    assert response.status_code == 200 and "log in to the back office" in response.content.decode()
    client.force_login(development_officer)
    for url in (reverse("cooperation:applicant-home"), reverse("cooperation:application-new", args=[call.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_a_declared_evaluation_is_never_deleted(client, draft, development_officer, evaluators):
    services.application_submit(application=draft)
    evaluation = services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)
    undeclared = services.evaluator_assign(application=draft, evaluator=evaluators[1], assigned_by=development_officer)
    services.conflict_declare(evaluation=evaluation, has_conflict=True)
    with pytest.raises(ValidationError, match="removed only before its declaration"):
        evaluation.delete()
    client.force_login(development_officer)
    assert (
        client.post(reverse("admin:cooperation_evaluation_delete", args=[evaluation.pk]), {"post": "yes"}).status_code
        == 403
    )
    url = reverse("admin:cooperation_application_change", args=[draft.pk])
    data = form_data(client.get(url))
    index = next(i for i in range(2) if data.get(f"evaluations-{i}-id") == evaluation.pk)
    data[f"evaluations-{index}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200 and "removed only before its declaration" in response.content.decode()
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()
    undeclared.delete()  # an evaluator who has not declared yet may still be replaced


def test_a_decision_needs_an_evaluation_to_select_or_keep_in_reserve(call, applicant, development_officer):
    application = services.application_submit(application=complete_draft(call, applicant.applicant_organisations.get()))
    for decision in ("selected", "reserve"):
        with pytest.raises(ValidationError, match="only once it has been evaluated"):
            decide_after_closing(application=application, decision=decision, decided_by=development_officer)
    decide_after_closing(application=application, decision="rejected", decided_by=development_officer)


def test_a_granted_decision_no_longer_changes(selected, development_officer):
    grant_for(selected)
    with pytest.raises(ValidationError, match="A grant was awarded on this decision"):
        decide_after_closing(application=selected, decision="rejected", decided_by=development_officer)
    assert Application.objects.get(pk=selected.pk).decision == "selected"


def test_scores_no_longer_change_once_the_application_is_decided(selected):
    evaluation = selected.evaluations.get()
    with pytest.raises(ValidationError, match="its scores no longer change"):
        services.scores_record(evaluation=evaluation, scores={c: (Decimal("1"), "") for c in selected.call.grid.all()})
    assert {score.score for score in evaluation.scores.all()} == {Decimal("7")}


def test_a_submitted_budget_table_and_documents_stay_as_sent(client, selected, development_officer):
    line = selected.lines.get()
    line.amount = Decimal("10000.00")
    with pytest.raises(ValidationError, match="stay as the applicant sent them"):
        line.save()
    with pytest.raises(ValidationError, match="stay as the applicant sent them"):
        selected.attachments.get().delete()
    client.force_login(development_officer)
    url = reverse("admin:cooperation_application_change", args=[selected.pk])
    client.post(url, {**form_data(client.get(url)), "lines-0-amount": "10000.00"})
    assert selected.lines.get().amount == Decimal("100000.00")


def test_tranche_terms_change_only_with_the_others_on_the_grants_page(client, selected, development_officer):
    grant = grant_for(selected)
    first = grant.tranches.get(order=1)
    client.force_login(development_officer)
    admin_post(client, reverse("admin:cooperation_tranche_change", args=[first.pk]), amount="20000.00")
    assert Tranche.objects.get(pk=first.pk).amount == Decimal("45000.00")
    assert client.get(reverse("admin:cooperation_tranche_add")).status_code == 403


def test_a_grids_weights_total_100(client, call, development_officer):
    client.force_login(development_officer)
    url = reverse("admin:cooperation_call_change", args=[call.pk])
    data = form_data(client.get(url))
    data["grid-1-weight"] = "30"
    response = client.post(url, data)
    assert response.status_code == 200 and "must total 100 %: they total 90 %" in response.content.decode()
    assert sorted(call.grid.values_list("weight", flat=True)) == [40, 60]


def test_a_role_that_never_reads_applications_does_not_evaluate_and_a_decided_application_takes_no_evaluator(
    draft, development_officer, evaluators, django_user_model
):
    from cooperation.tests.conftest import decide_after_closing, evaluated, staff_user
    from core import roles

    services.application_submit(application=draft)
    communication = staff_user(django_user_model, "press", roles.COMMUNICATION_OFFICER)
    with pytest.raises(ValidationError, match="never reads applications"):
        services.evaluator_assign(application=draft, evaluator=communication, assigned_by=development_officer)
    evaluated(draft)
    decide_after_closing(application=draft, decision="rejected", decided_by=development_officer)
    with pytest.raises(ValidationError, match="takes no new evaluator"):
        services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)
    assert not Evaluation.objects.filter(evaluator__in=[communication, evaluators[0]]).exists()


def test_a_submitted_application_stays_as_the_applicant_sent_it_whoever_edits(client, draft, development_officer):
    application = services.application_submit(application=draft)
    application.title = "Rewritten by staff"
    with pytest.raises(ValidationError, match="stays as the applicant sent it"):
        application.save()
    client.force_login(development_officer)
    url = reverse("admin:cooperation_application_change", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' not in page and 'name="summary"' not in page
    application.refresh_from_db()
    assert application.title != "Rewritten by staff"
