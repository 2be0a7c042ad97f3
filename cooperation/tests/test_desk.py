"""The call's evaluation screen, its exports, the decisions with their confirmation, the grant's
preparation, and the grant holder's space."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cooperation import services
from cooperation.models import Application, Call, Grant, Letter, Report
from cooperation.tests.conftest import complete_draft, decide_after_closing, pdf_upload
from cooperation.tests.factories import ApplicantOrganisationFactory


@pytest.fixture(autouse=True)
def in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def scored(call, evaluators, development_officer):
    """Three submitted applications with two evaluators each: 73.50, 80.00 and 40.00."""
    applications = []
    for n, marks in enumerate([((7, 8), (7, 7.75)), ((8, 8), (8, 8)), ((4, 4), (4, 4))]):
        organisation = ApplicantOrganisationFactory(email=f"ngo{n}@example.org")
        application = services.application_submit(application=complete_draft(call, organisation))
        for evaluator, pair in zip(evaluators, marks, strict=True):
            evaluation = services.evaluator_assign(
                application=application, evaluator=evaluator, assigned_by=development_officer
            )
            services.conflict_declare(evaluation=evaluation, has_conflict=False)
            grid = list(call.grid.all())
            scores = {criterion: (Decimal(str(mark)), "") for criterion, mark in zip(grid, pair, strict=True)}
            services.scores_record(evaluation=evaluation, scores=scores)
        applications.append(application)
    return applications


def close(call):
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))


def test_the_screen_ranks_with_each_evaluators_total_and_the_envelope(client, call, scored, development_officer):
    client.force_login(development_officer)
    page = client.get(reverse("cooperation:call-desk", args=[call.pk])).content.decode()
    references = re.findall(r">(DEV-\d+-\d+-\d+)</a>", page)
    assert references == [scored[1].reference, scored[0].reference, scored[2].reference]
    assert "evaluator1: 74.00" in page and "evaluator2: 73.00" in page and "73.50" in page
    assert "€150,000.00" in page and "under the threshold" in page
    assert "the decisions are taken once it has closed" in page and 'name="decision_' not in page


def test_the_xlsx_holds_the_figures_of_the_screen_and_the_csv_opens_in_a_belgian_excel(
    client, call, scored, development_officer
):
    client.force_login(development_officer)
    sheet = load_workbook(io.BytesIO(client.get(reverse("cooperation:ranking-xlsx", args=[call.pk])).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == [scored[1].reference, scored[0].reference, scored[2].reference]
    assert [row[4] for row in rows[1:]] == [80.0, 73.5, 40.0]
    text = client.get(f"/fr/cooperation/staff/calls/{call.pk}/ranking.csv").content.decode("utf-8")
    assert text.startswith("\ufeff")
    cells = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert cells[2][4] == "73,50" and cells[1][4] == "80,00" and len(cells[0]) == 9


def test_decisions_wait_for_the_deadline(client, call, scored, development_officer):
    client.force_login(development_officer)
    url = reverse("cooperation:call-desk", args=[call.pk])
    assert client.post(url, {f"decision_{scored[0].pk}": "selected"}).status_code == 403
    assert not Application.objects.exclude(decision="").exists()


def test_decisions_are_taken_after_a_confirmation_that_shows_the_envelope(
    client, call, scored, development_officer, mailoutbox, django_capture_on_commit_callbacks
):
    close(call)
    client.force_login(development_officer)
    url = reverse("cooperation:call-desk", args=[call.pk])
    choice = {f"decision_{scored[1].pk}": "selected", f"decision_{scored[2].pk}": "rejected"}
    page = client.post(url, choice).content.decode()
    assert "Confirm the decisions" in page and "€0.00" in page and "€90,000.00" in page and "€60,000.00" in page
    assert not Application.objects.exclude(decision="").exists()  # nothing taken yet
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**choice, "confirm": "1"})
    assert response.status_code == 302
    assert dict(Application.objects.exclude(decision="").values_list("pk", "decision")) == {
        scored[1].pk: "selected",
        scored[2].pk: "rejected",
    }
    assert Letter.objects.count() == 2 and len(mailoutbox) == 2


def test_decisions_beyond_the_envelope_are_all_refused(client, call, scored, development_officer):
    close(call)
    client.force_login(development_officer)
    url = reverse("cooperation:call-desk", args=[call.pk])
    choice = {f"decision_{a.pk}": "selected" for a in scored}  # 3 x 90,000 in 150,000
    page = client.post(url, choice).content.decode()
    assert "would commit more than the envelope" in page
    response = client.post(url, {**choice, "confirm": "1"})
    assert response.status_code == 400 and "more than the call" in response.content.decode()
    assert not Application.objects.exclude(decision="").exists()  # all or nothing


def test_only_the_calls_officers_decide_and_a_conflicted_officer_does_not_see_the_application(
    client, call, scored, other_development_officer
):
    close(call)
    evaluation = services.evaluator_assign(
        application=scored[0], evaluator=other_development_officer, assigned_by=call.officers.get()
    )
    services.conflict_declare(evaluation=evaluation, has_conflict=True)
    client.force_login(other_development_officer)
    url = reverse("cooperation:call-desk", args=[call.pk])
    page = client.get(url).content.decode()
    assert scored[0].reference not in page and "1 application is not shown" in page
    assert 'name="decision_' not in page
    assert client.post(url, {f"decision_{scored[1].pk}": "selected", "confirm": "1"}).status_code == 403


def test_a_grant_is_prepared_with_its_tranches_and_reports(client, call, scored, development_officer):
    close(call)
    application = decide_after_closing(application=scored[1], decision="selected", decided_by=development_officer)
    client.force_login(development_officer)
    url = reverse("cooperation:grant-prepare", args=[application.pk])
    form = client.get(url).content.decode()
    assert 'value="45000.00"' in form
    data = {
        "awarded_on": "2027-03-01",
        "tranches-TOTAL_FORMS": "2",
        "tranches-INITIAL_FORMS": "0",
        "tranches-0-amount": "60000.00",
        "tranches-1-amount": "20000.00",
        "reports-TOTAL_FORMS": "1",
        "reports-INITIAL_FORMS": "0",
        "reports-0-kind": "narrative",
        "reports-0-due_on": "2027-12-31",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "must add up to the grant" in response.content.decode()
    assert not Grant.objects.exists()
    response = client.post(url, {**data, "tranches-1-amount": "30000.00"})
    assert response.status_code == 302
    grant = Grant.objects.get()
    first, second = grant.tranches.order_by("order")
    assert (first.amount, second.amount) == (Decimal("60000.00"), Decimal("30000.00"))
    assert second.after_report == grant.reports.get(due_on=datetime.date(2027, 12, 31))


def test_the_grant_holder_sees_tranches_reports_and_letters_and_sends_a_report(
    client, call, applicant, development_officer, finance, evaluators
):
    application = complete_draft(call, applicant.applicant_organisations.get())
    from cooperation.tests.conftest import evaluated

    evaluated(application)
    application = decide_after_closing(application=application, decision="selected", decided_by=development_officer)
    grant = services.grant_award(
        application=application,
        tranches=[Decimal("60000.00"), Decimal("30000.00")],
        reports=[(Report.Kind.NARRATIVE, datetime.date(2027, 1, 31))],
        awarded_on=datetime.date(2026, 3, 1),
    )
    first = grant.tranches.get(order=1)
    services.payment_record(
        tranche=first, amount=Decimal("60000.00"), paid_on=datetime.date(2026, 3, 15), recorded_by=finance
    )
    client.force_login(applicant)
    url = reverse("cooperation:application-detail", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Your grant" in page and "€90,000.00" in page and "€60,000.00" in page
    assert "once the narrative report due on" in page and "to send" in page
    letter = application.letters.get()
    assert reverse("cooperation:letter", args=[letter.pk]) in page
    assert client.get(reverse("cooperation:letter", args=[letter.pk]))["Content-Type"] == "application/pdf"
    report = grant.reports.get()
    response = client.post(reverse("cooperation:report-submit", args=[report.pk]), {"file": pdf_upload("report.pdf")})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.submitted_on == timezone.localdate() and report.file
    page = client.get(url).content.decode()
    assert "being read" in page and reverse("cooperation:report-file", args=[report.pk]) in page
    bad = client.post(reverse("cooperation:report-submit", args=[report.pk]), {"file": pdf_upload("again.pdf")})
    assert bad.status_code == 302
    assert "already been sent" in client.get(url).content.decode()


def test_another_organisation_reaches_no_letter_report_or_grant(
    client, call, applicant, other_applicant, development_officer
):
    application = complete_draft(call, applicant.applicant_organisations.get())
    from cooperation.tests.conftest import evaluated

    evaluated(application)
    application = decide_after_closing(application=application, decision="selected", decided_by=development_officer)
    grant = services.grant_award(
        application=application,
        tranches=[Decimal("90000.00")],
        reports=[(Report.Kind.NARRATIVE, datetime.date(2027, 1, 31))],
        awarded_on=datetime.date(2026, 3, 1),
    )
    report = grant.reports.get()
    services.report_submit(report=report, file=pdf_upload("report.pdf"))
    client.force_login(other_applicant)
    assert client.get(reverse("cooperation:letter", args=[application.letters.get().pk])).status_code == 404
    assert client.get(reverse("cooperation:report-file", args=[report.pk])).status_code == 404
    assert (
        client.post(reverse("cooperation:report-submit", args=[report.pk]), {"file": pdf_upload()}).status_code == 404
    )
    client.logout()
    assert client.get(reverse("cooperation:letter", args=[application.letters.get().pk])).status_code == 404


def test_the_applicant_comes_back_to_the_call_they_wanted(client, call, mailoutbox, django_capture_on_commit_callbacks):
    from cooperation.tests.conftest import PASSWORD

    apply = reverse("cooperation:application-new", args=[call.pk])
    login = client.get(apply)
    assert login.status_code == 302 and f"next={apply}" in login["Location"].replace("%2F", "/")
    register = f"{reverse('cooperation:register')}?next={apply}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            register, {"email": "new@example.org", "password": PASSWORD, "password_again": PASSWORD, "next": apply}
        )
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    confirmed = client.get(link)
    assert confirmed.status_code == 302 and "next=" in confirmed["Location"]
    response = client.post(confirmed["Location"], {"username": "new@example.org", "password": PASSWORD, "next": apply})
    assert response["Location"] == apply
    response = client.get(apply)
    assert "next=" in response["Location"] and response["Location"].startswith(reverse("cooperation:organisation"))
    organisation = {"name": "New NGO", "legal_form": "asbl", "enterprise_number": "0403.170.701", "language": "fr"}
    organisation |= {"address": "Rue Haute 1", "iban": "BE71 0961 2345 6769", "next": apply}
    assert client.post(response["Location"], organisation)["Location"] == apply
    assert client.get(apply).status_code == 200
    assert re.search(r'for="id_username"[^>]*>E-mail', client.get(reverse("cooperation:login")).content.decode())
    page = client.get(reverse("cooperation:applicant-home")).content.decode()
    assert reverse("cooperation:logout") in page
    assert client.post(reverse("cooperation:logout")).status_code == 302
    assert client.get(reverse("cooperation:applicant-home")).status_code == 302


def test_the_back_office_home_leads_evaluators_and_officers_to_their_work(
    client, call, draft, development_officer, evaluators
):
    services.application_submit(application=draft)
    services.evaluator_assign(application=draft, evaluator=evaluators[0], assigned_by=development_officer)
    client.force_login(evaluators[0])
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("cooperation:evaluation-list") in page and "1 application to evaluate" in page
    client.force_login(development_officer)
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("cooperation:call-desk", args=[call.pk]) in page
    page = client.get(reverse("admin:cooperation_call_change", args=[call.pk])).content.decode()
    assert reverse("cooperation:call-desk", args=[call.pk]) in page


@pytest.fixture
def held(call, applicant, development_officer, evaluators):
    """A grant of 90,000 in two tranches; the second waits for the narrative report."""
    from cooperation.tests.conftest import evaluated

    application = complete_draft(call, applicant.applicant_organisations.get())
    evaluated(application)
    application = decide_after_closing(application=application, decision="selected", decided_by=development_officer)
    return services.grant_award(
        application=application,
        tranches=[Decimal("60000.00"), Decimal("30000.00")],
        reports=[(Report.Kind.NARRATIVE, datetime.date(2027, 1, 31))],
        awarded_on=datetime.date(2026, 3, 1),
    )


def pay(client, grant, tranche, amount, paid_on="2027-02-10"):
    prefix = f"tranche-{tranche.pk}"
    data = {"action": "pay", "tranche": tranche.pk, f"{prefix}-amount": amount, f"{prefix}-paid_on": paid_on}
    return client.post(reverse("cooperation:grant-desk", args=[grant.pk]), data)


def test_officers_approve_reports_and_finance_pays_the_tranches_each_on_the_grants_page(
    client, held, development_officer, finance
):
    url = reverse("cooperation:grant-desk", args=[held.pk])
    first, second = held.tranches.order_by("order")
    report = held.reports.get()
    client.force_login(finance)
    page = client.get(url).content.decode()
    assert "Record the payment of tranche 1" in page and "Record the payment of tranche 2" not in page
    assert "waits for the approval of the narrative report" in page
    assert pay(client, held, first, "60000.00", "2026-03-15").status_code == 302
    refused = pay(client, held, second, "30000.00")
    assert refused.status_code == 400 and not second.payments.exists()
    assert client.post(url, {"action": "approve", "report": report.pk}).status_code == 403  # not finance's to approve

    services.report_submit(report=report, file=pdf_upload("report.pdf"))
    client.force_login(development_officer)
    page = client.get(url).content.decode()
    assert "Approve the report" in page and "Record the payment" not in page
    assert pay(client, held, second, "30000.00").status_code == 403  # not the officer's to pay
    assert client.post(url, {"action": "approve", "report": report.pk}).status_code == 302
    report.refresh_from_db()
    assert report.approved_on == timezone.localdate()

    client.force_login(finance)
    too_much = pay(client, held, second, "30000.01")
    assert too_much.status_code == 400 and "errornote" in too_much.content.decode()
    assert pay(client, held, second, "abc").status_code == 400
    assert pay(client, held, second, "30000.00").status_code == 302
    payment = second.payments.get()
    assert payment.recorded_by == finance and payment.paid_on == datetime.date(2027, 2, 10)
    assert "€90,000.00" in client.get(url).content.decode()


def test_the_grants_page_is_refused_to_whoever_may_not_see_the_grant(client, held, applicant, evaluators):
    url = reverse("cooperation:grant-desk", args=[held.pk])
    client.force_login(applicant)
    assert client.get(url).status_code == 302  # not staff: sent to the login page
    client.force_login(evaluators[0])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"action": "approve", "report": held.reports.get().pk}).status_code in (403, 404)


def test_the_back_office_home_leads_finance_to_the_tranches_to_pay_and_officers_to_the_reports_to_read(
    client, held, development_officer, finance
):
    reference = held.application.reference
    client.force_login(finance)
    home = client.get(reverse("admin:index")).content.decode()
    assert f"{reference}: tranche 1 to pay (€60,000.00)" in home and "tranche 2 to pay" not in home
    assert reverse("cooperation:grant-desk", args=[held.pk]) in home
    client.force_login(development_officer)
    assert "to read and approve" not in client.get(reverse("admin:index")).content.decode()
    services.report_submit(report=held.reports.get(), file=pdf_upload("report.pdf"))
    home = client.get(reverse("admin:index")).content.decode()
    assert f"{reference}: narrative report to read and approve" in home
    change = client.get(reverse("admin:cooperation_grant_change", args=[held.pk])).content.decode()
    assert reverse("cooperation:grant-desk", args=[held.pk]) in change


def test_an_evaluator_sees_no_colleagues_marks_before_the_deadline(client, call, development_officer):
    """A development officer who evaluates an application reads only their own marks on it while
    the call is open, on the screen and in the exports; once it has closed, all of them."""
    from cooperation.tests.conftest import evaluated

    application = evaluated(
        services.application_submit(application=complete_draft(call, ApplicantOrganisationFactory()))
    )
    mine = services.evaluator_assign(
        application=application, evaluator=development_officer, assigned_by=development_officer
    )
    services.conflict_declare(evaluation=mine, has_conflict=False)
    services.scores_record(evaluation=mine, scores={c: (Decimal("5"), "") for c in call.grid.all()})
    client.force_login(development_officer)
    url = reverse("cooperation:call-desk", args=[call.pk])
    page = client.get(url).content.decode()
    assert "devofficer: 50.00" in page and "assessor:" not in page and "60.00" not in page
    export = client.get(reverse("cooperation:ranking-csv", args=[call.pk])).content.decode("utf-8-sig")
    assert "assessor" not in export and "60,00" not in export
    close(call)
    page = client.get(url).content.decode()
    assert "devofficer: 50.00" in page and "assessor: 70.00" in page and "60.00" in page


def test_a_decision_on_which_a_grant_was_awarded_is_offered_no_change_and_a_refusal_is_no_error(
    client, call, held, development_officer
):
    application = held.application
    close(call)
    client.force_login(development_officer)
    url = reverse("cooperation:call-desk", args=[call.pk])
    page = client.get(url).content.decode()
    assert re.search(rf'<select name="decision_{application.pk}"[^>]*disabled', page)
    response = client.post(url, {f"decision_{application.pk}": "rejected", "confirm": "1"})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.decision == "selected"


def test_an_application_not_scored_yet_is_not_flagged_under_the_threshold(client, call, development_officer):
    services.application_submit(application=complete_draft(call, ApplicantOrganisationFactory()))
    client.force_login(development_officer)
    page = client.get(reverse("cooperation:call-desk", args=[call.pk])).content.decode()
    assert "not scored yet" in page and "under the threshold" not in page
