"""The application path in Debian's headless Chromium, with axe-core on the public and applicant pages."""

import datetime
import re
from decimal import Decimal

from django.core import mail

from cooperation import services
from cooperation.models import Application, Report
from cooperation.tests.conftest import PASSWORD, decide_after_closing, pdf_upload
from core.tests.browser import BROWSER_MARKS, axe_violations
from core.tests.sample_files import PDF

pytestmark = BROWSER_MARKS


def fill(page, values):
    for name, value in values.items():
        page.locator(f"[name={name}]").fill(value)


def test_an_organisation_applies_in_the_browser_and_its_grant_shows_on_the_budget_page_and_in_iati(
    page, live_site, transactional_db, call, evaluators, development_officer, finance, publisher, tmp_path
):
    url = live_site.url
    page.goto(f"{url}/en/cooperation/calls/")
    page.get_by_role("link", name="Urban resilience 2026").click()
    assert "12:00:00" in page.content() or page.locator("time").count() > 0
    assert axe_violations(page) == []
    page.get_by_role("link", name="Apply online").click()

    # Register, confirm the e-mail address, log in.
    page.get_by_role("link", name="Create an applicant account").click()
    fill(page, {"email": "contact@solidarity.example", "password": PASSWORD, "password_again": PASSWORD})
    assert axe_violations(page) == []
    page.get_by_role("button", name="Create the account").click()
    page.get_by_role("heading", name="Check your mailbox").wait_for()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    fill(page, {"username": "contact@solidarity.example", "password": PASSWORD})
    page.get_by_role("button", name="Log in").click()

    # Back to the call: first the organisation, then the application form.
    page.get_by_role("heading", name="Your organisation").wait_for()
    fill(
        page,
        {
            "name": "Solidarité urbaine",
            "enterprise_number": "0403.170.701",
            "address": "Rue Haute 1, 1000 Bruxelles",
            "iban": "BE71 0961 2345 6769",
        },
    )
    page.locator("[name=legal_form]").select_option("asbl")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()

    # Apply: the form, the budget table, a PDF, then submit.
    page.wait_for_url(f"**/en/cooperation/applicant/calls/{call.pk}/apply/")
    fill(
        page,
        {
            "title": "Rainwater in Kinshasa",
            "city": "Kinshasa",
            "sectors": "14030",
            "duration_months": "24",
            "requested_amount": "90000.00",
        },
    )
    page.locator("[name=country]").select_option("CD")
    page.locator("[name=language]").select_option("en")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save as draft").click()
    fill(page, {"lines-0-label": "Works", "lines-0-amount": "100000.00", "lines-0-cofunding": "10000.00"})
    page.get_by_role("button", name="Save as draft").click()
    pdf = tmp_path / "statutes.pdf"
    pdf.write_bytes(PDF)
    fill(page, {"label": "Statutes"})
    page.locator("[name=file]").set_input_files(str(pdf))
    page.get_by_role("button", name="Attach").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Submit the application").click()
    assert page.locator(".state").inner_text() == "submitted"
    application = Application.objects.get(title="Rainwater in Kinshasa")
    assert application.reference in mail.outbox[-1].subject

    # Staff and evaluators do their part; finance pays two tranches.
    for evaluator, marks in zip(evaluators, [(8, 7), (6, 9)], strict=True):
        evaluation = services.evaluator_assign(
            application=application, evaluator=evaluator, assigned_by=development_officer
        )
        services.conflict_declare(evaluation=evaluation, has_conflict=False)
        scores = {c: (m, "") for c, m in zip(call.grid.all(), marks, strict=True)}
        services.scores_record(evaluation=evaluation, scores=scores)
    decide_after_closing(application=application, decision="selected", decided_by=development_officer)
    grant = services.grant_award(
        application=application,
        tranches=[Decimal("60000.00"), Decimal("30000.00")],
        reports=[(Report.Kind.NARRATIVE, datetime.date(2027, 1, 31))],
        awarded_on=datetime.date(2026, 3, 1),
    )
    first, second = grant.tranches.order_by("order")
    services.payment_record(tranche=first, amount=first.amount, paid_on=datetime.date(2026, 3, 15), recorded_by=finance)
    services.report_submit(report=second.after_report, file=pdf_upload("report.pdf"), today=datetime.date(2027, 1, 30))
    services.report_approve(report=second.after_report, approved_on=datetime.date(2027, 2, 1))
    services.payment_record(
        tranche=second, amount=second.amount, paid_on=datetime.date(2027, 2, 10), recorded_by=finance
    )

    # The applicant sees the decision; the public sees the budget and the IATI file.
    page.reload()
    assert page.locator(".state").inner_text() == "decided: selected"
    page.goto(f"{url}/en/cooperation/budget/")
    assert "€60,000.00" in page.content() and "€30,000.00" in page.content()
    assert axe_violations(page) == []
    page.goto(f"{url}/en/cooperation/projects/")
    assert "Rainwater in Kinshasa" in page.content()
    assert axe_violations(page) == []
    response = page.request.get(f"{url}/iati/activities.xml")
    assert application.reference in response.text()
    assert page.problems == []
