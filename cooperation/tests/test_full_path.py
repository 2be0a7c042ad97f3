"""The whole path: a call opens, an organisation registers and applies with a PDF, submits; two
evaluators score; a decision is taken; the grant is paid in two tranches; the budget page and the
IATI file show it."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse
from lxml import etree

from cooperation import codelists, iati, services
from cooperation.models import ApplicantOrganisation, Application, Evaluation, Report
from cooperation.tests.conftest import PASSWORD, decide_after_closing, pdf_upload


def register_and_verify(client, mailoutbox, django_capture_on_commit_callbacks, email):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cooperation:register"),
            {"email": email, "password": PASSWORD, "password_again": PASSWORD},
        )
    assert response.status_code == 200
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    assert client.get(link).status_code == 302
    assert client.post(reverse("cooperation:login"), {"username": email, "password": PASSWORD}).status_code == 302


def test_the_full_path_from_call_to_iati(
    client, call, evaluators, development_officer, finance, publisher, mailoutbox, django_capture_on_commit_callbacks
):
    # An organisation registers, confirms its e-mail, describes itself.
    register_and_verify(client, mailoutbox, django_capture_on_commit_callbacks, "contact@solidarity.example")
    response = client.post(
        reverse("cooperation:organisation"),
        {
            "name": "Solidarité urbaine",
            "legal_form": "asbl",
            "enterprise_number": "0403.170.701",
            "address": "Rue Haute 1, 1000 Bruxelles",
            "iban": "BE71 0961 2345 6769",
            "email": "contact@solidarity.example",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    organisation = ApplicantOrganisation.objects.get(name="Solidarité urbaine")
    assert organisation.enterprise_number == "0403170701"

    # It applies: a draft, its budget table, a PDF.
    response = client.post(
        reverse("cooperation:application-new", args=[call.pk]),
        {
            "language": "en",
            "title": "Rainwater in Kinshasa",
            "summary": "Drainage for two neighbourhoods.",
            "country": "CD",
            "city": "Kinshasa",
            "sectors": "14030 43030",
            "duration_months": "24",
            "objectives": "Fewer floods.",
            "results": "Two drains built.",
            "indicators": "Floods per year.",
            "requested_amount": "90000.00",
        },
    )
    application = Application.objects.get(title="Rainwater in Kinshasa")
    assert response.url == reverse("cooperation:application-edit", args=[application.pk])
    edit = {
        "language": "en",
        "title": "Rainwater in Kinshasa",
        "summary": "Drainage for two neighbourhoods.",
        "country": "CD",
        "city": "Kinshasa",
        "sectors": "14030 43030",
        "duration_months": "24",
        "objectives": "Fewer floods.",
        "results": "Two drains built.",
        "indicators": "Floods per year.",
        "requested_amount": "90000.00",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-label": "Works",
        "lines-0-amount": "80000.00",
        "lines-0-cofunding": "5000.00",
        "lines-1-label": "Training",
        "lines-1-amount": "20000.00",
        "lines-1-cofunding": "5000.00",
    }
    assert client.post(reverse("cooperation:application-edit", args=[application.pk]), edit).status_code == 302
    upload = {"label": "Statutes", "file": pdf_upload()}
    assert client.post(reverse("cooperation:attachment-upload", args=[application.pk]), upload).status_code == 302

    # It submits before the deadline and gets a receipt.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cooperation:application-submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    assert application.reference in mailoutbox[-1].subject
    assert mailoutbox[-1].to == ["contact@solidarity.example"]

    # Two evaluators declare no conflict and score on the grid.
    for evaluator, marks in zip(evaluators, [("8", "7"), ("6", "9")], strict=True):
        evaluation = services.evaluator_assign(
            application=application, evaluator=evaluator, assigned_by=development_officer
        )
        client.force_login(evaluator)
        url = reverse("cooperation:evaluation-detail", args=[evaluation.pk])
        assert client.post(url, {"conflict": "none"}).status_code == 302
        scores = {"comment": "Sound."}
        for criterion, mark in zip(call.grid.all(), marks, strict=True):
            scores[f"score_{criterion.pk}"] = mark
        assert client.post(url, scores).status_code == 302
    ranking = services.ranking(call)
    # (8 x 60 + 7 x 40) / 10 = 76 and (6 x 60 + 9 x 40) / 10 = 72: on average 74.
    assert ranking[0]["total"] == Decimal("74.00")
    assert not ranking[0]["flagged"]

    # The decision, with its letter, then the grant paid in two tranches.
    with django_capture_on_commit_callbacks(execute=True):
        decide_after_closing(application=application, decision="selected", decided_by=development_officer)
    letter = mailoutbox[-1]
    assert letter.attachments[0][0] == f"{application.reference}.pdf"
    assert letter.attachments[0][1].startswith(b"%PDF")
    grant = services.grant_award(
        application=application,
        tranches=[Decimal("60000.00"), Decimal("30000.00")],
        reports=[(Report.Kind.NARRATIVE, datetime.date(2027, 1, 31))],
        awarded_on=datetime.date(2026, 3, 1),
    )
    first, second = grant.tranches.order_by("order")
    services.payment_record(
        tranche=first, amount=Decimal("60000.00"), paid_on=datetime.date(2026, 3, 15), recorded_by=finance
    )
    services.report_submit(report=second.after_report, file=pdf_upload("report.pdf"), today=datetime.date(2027, 1, 30))
    services.report_approve(report=second.after_report, approved_on=datetime.date(2027, 2, 1))
    services.payment_record(
        tranche=second, amount=Decimal("30000.00"), paid_on=datetime.date(2027, 2, 10), recorded_by=finance
    )
    assert grant.paid() == Decimal("90000.00")

    # The public budget page and the IATI file show it.
    page = client.get("/en/cooperation/budget/").content.decode()
    assert "€90,000.00" in page and "€60,000.00" in page and "€30,000.00" in page
    body = b"".join(client.get("/iati/activities.xml").streaming_content)
    tree = etree.fromstring(body)
    codelists.schema("activities").assertValid(tree)
    activity = tree.find("iati-activity")
    assert activity.findtext("iati-identifier") == f"XI-IATI-LIAISON-SAMPLE-{application.reference}"
    assert [t.findtext("value") for t in activity.iter("transaction")] == ["90000.00", "60000.00", "30000.00"]
    assert Evaluation.objects.filter(application=application, conflict="none").count() == 2
    assert iati.publisher() == publisher
