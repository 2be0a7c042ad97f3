"""Bad input is refused with a clear message, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cooperation import services
from cooperation.models import ApplicantOrganisation, Application, Attachment, Score
from cooperation.tests.conftest import decide_after_closing, evaluated, pdf_upload
from cooperation.tests.factories import ApplicantOrganisationFactory

ORGANISATION = {
    "name": "Solidarité urbaine",
    "legal_form": "asbl",
    "enterprise_number": "0403.170.701",
    "address": "Rue Haute 1, 1000 Bruxelles",
    "iban": "BE71 0961 2345 6769",
    "language": "fr",
}


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_submission_one_second_late_is_refused_with_the_exact_deadline(draft, settings):
    deadline = timezone.localtime(draft.call.closes_at).replace(microsecond=0)
    draft.call.closes_at = deadline
    draft.call.save()
    with pytest.raises(ValidationError) as refusal:
        services.application_submit(application=draft, now=deadline + datetime.timedelta(seconds=1))
    assert deadline.strftime("%H:%M:%S") in refusal.value.messages[0]
    draft.refresh_from_db()
    assert draft.state == Application.State.DRAFT
    assert draft.submitted_at is None and draft.reference == ""


def test_a_submission_one_second_before_the_deadline_is_accepted(draft, mailoutbox):
    deadline = draft.call.closes_at
    services.application_submit(application=draft, now=deadline - datetime.timedelta(seconds=1))
    draft.refresh_from_db()
    assert draft.state == Application.State.SUBMITTED


def test_a_late_submission_through_the_page_shows_the_deadline_and_keeps_the_draft(client, draft, applicant):
    draft.call.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    draft.call.save()
    client.force_login(applicant)
    response = client.post(reverse("cooperation:application-submit", args=[draft.pk]), follow=True)
    assert "The deadline has passed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == Application.State.DRAFT


def test_a_late_application_is_accepted_only_with_a_recorded_reason(draft):
    draft.call.closes_at = timezone.now() - datetime.timedelta(hours=1)
    draft.call.save()
    draft.deadline_exception = "Bank strike on the last day: proof received."
    draft.save()
    services.application_submit(application=draft)
    draft.refresh_from_db()
    assert draft.state == Application.State.SUBMITTED
    from auditlog.models import LogEntry

    changes = [entry.changes_dict for entry in LogEntry.objects.get_for_object(draft)]
    assert any("deadline_exception" in change for change in changes)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("enterprise_number", "0403.170.702", "not a valid Belgian enterprise number"),
        ("enterprise_number", "2403.170.701", "not a valid Belgian enterprise number"),
        ("iban", "BE71 0961 2345 6768", "not a valid IBAN"),
        ("iban", "XX00 1234", "not a valid IBAN"),
    ],
)
def test_a_wrong_enterprise_number_or_iban_is_refused_and_nothing_saved(client, applicant, field, value, message):
    ApplicantOrganisation.objects.all().delete()
    client.force_login(applicant)
    response = client.post(reverse("cooperation:organisation"), {**ORGANISATION, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApplicantOrganisation.objects.exists()


def test_an_organisation_with_valid_numbers_is_saved_in_their_compact_form(client, applicant):
    client.force_login(applicant)
    organisation = applicant.applicant_organisations.get()
    assert client.post(reverse("cooperation:organisation"), ORGANISATION).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.enterprise_number, organisation.iban) == ("0403170701", "BE71096123456769")


def test_a_50_mb_file_is_refused_and_nothing_is_kept(client, applicant, draft, media):
    client.force_login(applicant)
    before = Attachment.objects.count()
    big = pdf_upload("annex.pdf", b"%PDF-1.4\n" + bytes(50 * 1024 * 1024))
    response = client.post(reverse("cooperation:attachment-upload", args=[draft.pk]), {"label": "Annex", "file": big})
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    assert Attachment.objects.count() == before
    assert len(stored_files(media)) == before


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_kept(client, applicant, draft, media):
    client.force_login(applicant)
    before = Attachment.objects.count()
    executable = pdf_upload("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200))
    response = client.post(
        reverse("cooperation:attachment-upload", args=[draft.pk]), {"label": "Setup", "file": executable}
    )
    assert response.status_code == 400
    assert "This file is not a PDF document." in response.content.decode()
    assert Attachment.objects.count() == before
    assert len(stored_files(media)) == before


def test_a_word_file_is_refused_as_attachments_are_pdf_only(client, applicant, draft):
    client.force_login(applicant)
    before = Attachment.objects.count()
    response = client.post(
        reverse("cooperation:attachment-upload", args=[draft.pk]),
        {"label": "Budget", "file": pdf_upload("budget.docx", b"PK\x03\x04")},
    )
    assert response.status_code == 400
    assert Attachment.objects.count() == before


@pytest.mark.parametrize("mark", ["11", "-1", "ten"])
def test_a_score_out_of_range_is_refused_and_nothing_saved(client, draft, evaluators, development_officer, mark):
    services.application_submit(application=draft)
    evaluation = services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)
    services.conflict_declare(evaluation=evaluation, has_conflict=False)
    client.force_login(evaluators[0])
    first, second = draft.call.grid.all()
    response = client.post(
        reverse("cooperation:evaluation-detail", args=[evaluation.pk]),
        {f"score_{first.pk}": mark, f"score_{second.pk}": "5"},
    )
    assert response.status_code == 400
    assert "Ensure this value" in response.content.decode() or "Enter a number" in response.content.decode()
    assert not Score.objects.exists()


def test_a_grid_whose_weights_do_not_total_100_cannot_be_scored(draft, evaluators, development_officer):
    services.application_submit(application=draft)
    criterion = draft.call.grid.first()
    criterion.weight = 10
    criterion.save()
    evaluation = services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)
    services.conflict_declare(evaluation=evaluation, has_conflict=False)
    scores = {c: (5, "") for c in draft.call.grid.all()}
    with pytest.raises(ValidationError, match="total 100"):
        services.scores_record(evaluation=evaluation, scores=scores)
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("sectors", "99999"), ("sectors", "430"), ("country", "FR"), ("duration_months", "0")],
)
def test_invalid_codes_are_refused_at_entry(client, applicant, draft, field, value):
    client.force_login(applicant)
    data = {
        "title": "Changed",
        "language": "en",
        "country": "CD",
        "city": "Kinshasa",
        "sectors": "43030",
        "duration_months": "24",
        "requested_amount": "90000.00",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        field: value,
    }
    response = client.post(reverse("cooperation:application-edit", args=[draft.pk]), data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title != "Changed"


def test_a_selection_beyond_the_envelope_is_refused(call, development_officer, mailoutbox):
    organisations = [ApplicantOrganisationFactory() for _ in range(2)]
    from cooperation.tests.conftest import complete_draft

    first, second = (complete_draft(call, organisation) for organisation in organisations)
    for application in (first, second):
        services.application_submit(application=application)
    evaluated(first)
    decide_after_closing(application=first, decision="selected", decided_by=development_officer)
    evaluated(second)
    with pytest.raises(ValidationError, match="envelope"):
        decide_after_closing(application=second, decision="selected", decided_by=development_officer)
    second.refresh_from_db()
    assert second.decision == ""
    evaluated(second)
    decide_after_closing(application=second, decision="reserve", decided_by=development_officer)


def test_payments_never_exceed_the_grant_and_wait_for_the_report(call, draft, development_officer, finance):
    from decimal import Decimal

    from cooperation.models import Payment, Report

    services.application_submit(application=draft)
    evaluated(draft)
    decide_after_closing(application=draft, decision="selected", decided_by=development_officer)
    grant = services.grant_award(
        application=draft,
        tranches=[Decimal("60000"), Decimal("30000")],
        reports=[(Report.Kind.NARRATIVE, datetime.date(2027, 1, 31))],
        awarded_on=datetime.date(2026, 3, 1),
    )
    first, second = grant.tranches.order_by("order")
    day = datetime.date(2026, 4, 1)
    with pytest.raises(ValidationError, match="approved"):
        services.payment_record(tranche=second, amount=Decimal("30000"), paid_on=day, recorded_by=finance)
    with pytest.raises(ValidationError, match="exceed the grant"):
        services.payment_record(tranche=first, amount=Decimal("90000.01"), paid_on=day, recorded_by=finance)
    assert not Payment.objects.exists()
    with pytest.raises(ValidationError, match="add up"):
        services.grant_award(
            application=draft, tranches=[Decimal("1")], reports=[], awarded_on=datetime.date(2026, 3, 1)
        )


def test_a_report_due_date_never_shifts(call, draft, development_officer):
    from cooperation.tests.factories import ReportFactory

    report = ReportFactory()
    report.due_on = report.due_on + datetime.timedelta(days=30)
    with pytest.raises(ValidationError, match="never shifts"):
        report.full_clean()


def test_the_back_office_cannot_select_beyond_the_envelope_either(call, development_officer):
    from cooperation.tests.conftest import complete_draft

    first, second = (complete_draft(call, ApplicantOrganisationFactory()) for _ in range(2))
    for application in (first, second):
        services.application_submit(application=application)
    evaluated(first)
    decide_after_closing(application=first, decision="selected", decided_by=development_officer)
    second.refresh_from_db()
    second.decision, second.state = "selected", "decided"
    with pytest.raises(ValidationError) as refusal:
        second.save()
    assert "decided on by the call's officers" in " ".join(refusal.value.messages)
    second.refresh_from_db()
    second.decide(decision="selected", now=timezone.now())  # the move the decision service makes
    with pytest.raises(ValidationError) as refusal:
        second.save()
    assert refusal.value.messages == [
        "Selecting it would commit €180,000.00, more than the call's envelope of €150,000.00."
    ]
    second.refresh_from_db()
    assert second.decision == "" and second.state == "submitted"
