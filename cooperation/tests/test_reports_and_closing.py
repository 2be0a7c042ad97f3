import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from cooperation import services
from cooperation.models import Report
from cooperation.tests.conftest import decide_after_closing, evaluated, pdf_upload
from cooperation.tests.factories import ReportFactory

TODAY = datetime.date(2027, 1, 20)


@pytest.fixture
def grant(draft, development_officer):
    draft = services.application_submit(application=draft)
    evaluated(draft)
    decide_after_closing(application=draft, decision="selected", decided_by=development_officer)
    return services.grant_award(
        application=draft,
        tranches=[Decimal("60000.00"), Decimal("30000.00")],
        reports=[
            (Report.Kind.NARRATIVE, datetime.date(2027, 1, 31)),
            (Report.Kind.FINANCIAL, datetime.date(2027, 6, 30)),
        ],
        awarded_on=datetime.date(2026, 3, 1),
    )


def test_a_report_due_soon_is_reminded_once_before_and_once_after_its_due_date(grant, mailoutbox):
    grant.application.organisation.__class__.objects.update(language="en")
    assert services.reminders_send(today=TODAY) == 1
    assert "due soon" in mailoutbox[-1].subject
    assert mailoutbox[-1].to == ["ngo@example.org"]
    assert services.reminders_send(today=TODAY) == 0
    assert services.reminders_send(today=datetime.date(2027, 2, 2)) == 1
    assert "missing" in mailoutbox[-1].subject
    assert services.reminders_send(today=datetime.date(2027, 2, 3)) == 0
    assert len(mailoutbox) == 2


def test_a_submitted_report_gets_no_reminder_and_due_dates_stay_as_set(grant, mailoutbox):
    Report.objects.filter(grant=grant).update(submitted_on=datetime.date(2027, 1, 2))
    call_command("send_report_reminders", stdout=open("/dev/null", "w"))
    assert services.reminders_send(today=datetime.date(2027, 12, 1)) == 0
    assert list(grant.reports.values_list("due_on", flat=True)) == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 6, 30),
    ]


def test_a_grant_is_closed_only_once_its_reports_are_approved(grant):
    with pytest.raises(ValidationError, match="approved"):
        services.grant_close(grant=grant, closed_on=datetime.date(2027, 7, 1))
    grant.refresh_from_db()
    assert grant.closed_on is None
    for report in grant.reports.all():
        services.report_submit(report=report, file=pdf_upload("report.pdf"), today=datetime.date(2027, 6, 30))
        services.report_approve(report=report, approved_on=datetime.date(2027, 7, 1))
    services.grant_close(grant=grant, closed_on=datetime.date(2027, 7, 2))
    assert grant.closed_on == datetime.date(2027, 7, 2)


def test_a_report_factory_builds_a_report_with_a_fixed_due_date(db):
    report = ReportFactory()
    report.full_clean()
