"""The IATI files validate against the 2.03 XSD, use only codes of the codelists, pass the IATI
rules beyond the schema (cooperation.iati_rules), and say what the database holds as IATI's
data users read it."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from lxml import etree

from cooperation import codelists, iati, iati_rules, services
from cooperation.models import ActivityStatus, Application, Appropriation, Grant, Modality, Report
from cooperation.sample import sample_generate
from cooperation.tests import factories
from cooperation.tests.conftest import complete_draft, decide_after_closing, evaluated, pdf_upload

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def funded(call, draft, development_officer, finance):
    draft.title = "Rainwater in Kinshasa"
    draft.summary = "Drainage for two neighbourhoods."
    draft.objectives = "Fewer floods."
    draft.results = "Two neighbourhoods drained."
    draft.indicators = "Streets flooded after a heavy rain."
    draft.language = "en"
    draft.sectors = "14030 43030"
    draft.city = "Kinshasa"
    draft.latitude, draft.longitude = Decimal("-4.32758"), Decimal("15.31357")
    draft.starts_on = datetime.date(2026, 4, 1)
    draft.save()
    draft.organisation.language = "fr"  # corresponds in French, wrote this application in English
    draft.organisation.save()
    services.application_submit(application=draft)
    evaluated(draft)
    decide_after_closing(application=draft, decision="selected", decided_by=development_officer)
    grant = services.grant_award(
        application=draft,
        tranches=[Decimal("60000.00"), Decimal("30000.00")],
        reports=[(Report.Kind.NARRATIVE, datetime.date(2027, 1, 31))],
        awarded_on=datetime.date(2026, 3, 1),
    )
    services.payment_record(
        tranche=grant.tranches.get(order=1),
        amount=Decimal("60000.00"),
        paid_on=datetime.date(2026, 3, 15),
        recorded_by=finance,
    )
    return grant


def activities_document(client):
    response = client.get("/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response.streaming
    return etree.fromstring(b"".join(response.streaming_content))


def only_activity(grants=None):
    return etree.fromstring(b"".join(iati.activity_chunks(grants=grants))).find("iati-activity")


def problems(chunks):
    return [str(problem) for problem in iati_rules.check_chunks(chunks)]


def test_the_activities_file_validates_against_the_xsd_the_codelists_and_the_rules(client, funded, publisher):
    document = activities_document(client)
    codelists.schema("activities").assertValid(document)
    assert codelists.code_errors(document) == []
    assert problems([etree.tostring(document)]) == []


def test_the_activities_file_carries_every_value_entered(client, funded, publisher):
    application = funded.application
    activity = activities_document(client).find("iati-activity")
    assert activity.findtext("iati-identifier") == f"XI-IATI-LIAISON-SAMPLE-{application.reference}"
    assert activity.find("reporting-org").get("ref") == "XI-IATI-LIAISON-SAMPLE"
    assert activity.findtext("title/narrative") == "Rainwater in Kinshasa"
    assert activity.findtext("description[@type='1']/narrative") == "Drainage for two neighbourhoods."
    assert activity.findtext("description[@type='2']/narrative") == "Fewer floods."
    roles = {org.get("role"): (org.get("ref"), org.findtext("narrative")) for org in activity.iter("participating-org")}
    assert roles == {
        "1": ("XI-IATI-LIAISON-SAMPLE", "Brussels International"),
        "4": (f"BE-BCE_KBO-{application.organisation.enterprise_number}", application.organisation.name),
    }
    assert activity.find("recipient-country").get("code") == "CD"
    assert activity.findtext("location/name/narrative") == "Kinshasa"
    assert activity.findtext("location/point/pos") == "-4.32758 15.31357"
    assert [(s.get("code"), s.get("percentage")) for s in activity.iter("sector")] == [
        ("14030", "50.00"),
        ("43030", "50.00"),
    ]
    dates = {d.get("type"): d.get("iso-date") for d in activity.iter("activity-date")}
    assert dates == {"1": "2026-04-01", "3": "2028-03-31"}  # 24 months from 1 April
    assert activity.find("activity-status").get("code") == "2"
    transactions = [
        (t.find("transaction-type").get("code"), t.find("transaction-date").get("iso-date"), t.findtext("value"))
        for t in activity.iter("transaction")
    ]
    assert transactions == [("2", "2026-03-01", "90000.00"), ("3", "2026-03-15", "60000.00")]
    for transaction in activity.iter("transaction"):
        assert transaction.find("provider-org").get("ref") == "XI-IATI-LIAISON-SAMPLE"
        assert transaction.find("receiver-org").get("ref") == f"BE-BCE_KBO-{application.organisation.enterprise_number}"


def test_a_24_month_budget_is_split_into_yearly_budgets_that_add_up_to_the_grant(funded, publisher):
    budgets = [
        (b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"), Decimal(b.findtext("value")))
        for b in only_activity().iter("budget")
    ]
    assert [(start, end) for start, end, _amount in budgets] == [
        ("2026-04-01", "2026-12-31"),
        ("2027-01-01", "2027-12-31"),
        ("2028-01-01", "2028-03-31"),
    ]
    assert sum(amount for _start, _end, amount in budgets) == Decimal("90000.00")
    assert budgets[1][2] == Decimal("44938.44")  # 365 of the 731 days


def test_the_tranches_are_planned_disbursements_and_the_application_gives_results_contact_and_links(funded, publisher):
    activity = only_activity()
    planned = [
        (p.find("period-start").get("iso-date"), p.findtext("value"), p.find("receiver-org").get("ref"))
        for p in activity.iter("planned-disbursement")
    ]
    number = funded.application.organisation.enterprise_number
    assert planned == [
        ("2026-03-01", "60000.00", f"BE-BCE_KBO-{number}"),
        ("2027-01-31", "30000.00", f"BE-BCE_KBO-{number}"),  # once the narrative report is due
    ]
    assert activity.findtext("result/title/narrative") == "Two neighbourhoods drained."
    assert activity.find("result/indicator").get("measure") == "5"
    assert activity.findtext("result/indicator/title/narrative") == "Streets flooded after a heavy rain."
    assert activity.find("result/indicator/baseline") is None  # the application gives no baseline figure
    assert activity.findtext("contact-info/email") == "cateclu@sprb.brussels"  # follows calls for projects
    link = activity.find("document-link")
    assert link.get("url").endswith(f"/en/cooperation/calls/{funded.application.call_id}/")
    assert link.find("category").get("code") == "A04"


def test_the_text_carries_the_language_it_was_written_in_not_the_organisations(funded, publisher):
    activity = only_activity()
    assert funded.application.organisation.language == "fr"
    assert activity.get(XML_LANG) == "en"
    assert activity.find("title/narrative").get(XML_LANG) is None  # the activity's default: English
    Application.objects.filter(pk=funded.application_id).update(language="fr")  # as the applicant said
    assert only_activity().get(XML_LANG) == "fr"


def test_a_text_whose_language_was_never_asked_is_not_tagged_and_the_checker_says_so(funded, publisher):
    Application.objects.filter(pk=funded.application_id).update(language="")
    activity = only_activity()
    assert activity.get(XML_LANG) is None
    assert activity.find("title/narrative").get(XML_LANG) is None
    assert any("[4.1.1, error]" in problem for problem in problems(iati.activity_chunks()))


@pytest.mark.parametrize(
    ("modality", "aid_type", "collaboration", "humanitarian"),
    [
        ("multilateral", "B02", "2", None),
        ("indirect-bilateral", "C01", "1", None),
        ("humanitarian", "C01", "1", "1"),
    ],
)
def test_the_aid_and_collaboration_types_follow_the_modality(
    funded, publisher, modality, aid_type, collaboration, humanitarian
):
    call = funded.application.call
    call.modality = Modality.objects.get(slug=modality)
    call.save()
    activity = only_activity()
    assert activity.find("default-aid-type").get("code") == aid_type
    assert activity.find("collaboration-type").get("code") == collaboration
    assert activity.get("humanitarian") == humanitarian
    if modality == "multilateral":
        assert activity.find("participating-org[@role='4']").get("type") == "40"


def test_a_finished_activity_is_not_in_implementation_and_closes_once_its_reports_are_approved(funded, publisher):
    after_the_end = datetime.date(2028, 4, 1)
    assert services.activity_statuses_update(today=after_the_end) == 1
    funded.refresh_from_db()
    assert funded.activity_status == ActivityStatus.FINALISATION
    assert services.activity_statuses_update(today=after_the_end) == 0  # once
    report = services.report_submit(report=funded.reports.get(), file=pdf_upload("report.pdf"), today=after_the_end)
    services.report_approve(report=report, approved_on=after_the_end)
    services.activity_statuses_update(today=after_the_end)
    funded.refresh_from_db()
    assert funded.activity_status == ActivityStatus.CLOSED
    assert only_activity().find("activity-status").get("code") == "4"


def test_the_daily_command_moves_the_activities_past_their_end(funded, publisher):
    Grant.objects.filter(pk=funded.pk).update(awarded_on=datetime.date(2020, 1, 1))
    Application.objects.filter(pk=funded.application_id).update(starts_on=datetime.date(2020, 1, 1))
    assert any("Still in implementation (2) after its planned end" in p for p in problems(iati.activity_chunks()))
    call_command("update_activity_status", stdout=open("/dev/null", "w"))
    funded.refresh_from_db()
    assert funded.activity_status == ActivityStatus.FINALISATION
    assert only_activity().find("activity-status").get("code") == "3"


def test_last_updated_is_when_something_the_activity_publishes_last_changed(funded, publisher):
    before = timezone.now() - datetime.timedelta(days=30)
    Grant.objects.update(changed_at=before)
    Application.objects.update(changed_at=before)
    funded.application.organisation.__class__.objects.update(changed_at=before)
    factories.TrancheFactory._meta.model.objects.update(changed_at=before)
    factories.PaymentFactory._meta.model.objects.update(changed_at=before)
    updated = datetime.datetime.fromisoformat(only_activity().get("last-updated-datetime"))
    assert abs(updated - before) < datetime.timedelta(seconds=1)
    organisation = funded.application.organisation
    organisation.name = "Urban Solidarity International"
    organisation.save()
    updated = datetime.datetime.fromisoformat(only_activity().get("last-updated-datetime"))
    assert timezone.now() - updated < datetime.timedelta(minutes=1)


def test_the_organisation_file_adds_up_to_the_appropriations_and_payments(client, funded, publisher):
    direct = Modality.objects.get(slug="direct-bilateral")
    indirect = Modality.objects.get(slug="indirect-bilateral")
    factories.AppropriationFactory(year=2026, modality=direct, amount=Decimal("1250000.00"))
    factories.AppropriationFactory(year=2026, modality=indirect, amount=Decimal("750000.00"))
    factories.AppropriationFactory(year=2027, modality=indirect, amount=Decimal("800000.00"))
    project = factories.ProjectFactory()
    factories.DisbursementFactory(project=project, amount=Decimal("50000.00"), paid_on=datetime.date(2026, 6, 1))
    response = client.get("/iati/organisation.xml")
    assert response["Content-Type"] == "application/xml"
    body = b"".join(response.streaming_content)
    document = etree.fromstring(body)
    codelists.schema("organisations").assertValid(document)
    assert codelists.code_errors(document) == []
    assert problems([body]) == []
    organisation = document.find("iati-organisation")
    assert organisation.findtext("organisation-identifier") == "XI-IATI-LIAISON-SAMPLE"
    budgets = {
        b.find("period-start").get("iso-date")[:4]: Decimal(b.findtext("value"))
        for b in organisation.iter("total-budget")
    }
    assert budgets == {"2026": Decimal("2000000.00"), "2027": Decimal("800000.00")}
    assert sum(budgets.values()) == sum(a.amount for a in Appropriation.objects.all())
    lines = [
        (line.get("ref"), line.findtext("value")) for line in organisation.find("total-budget").iter("budget-line")
    ]
    assert lines == [("direct-bilateral", "1250000.00"), ("indirect-bilateral", "750000.00")]
    spent = {
        e.find("period-start").get("iso-date")[:4]: Decimal(e.findtext("value"))
        for e in organisation.iter("total-expenditure")
    }
    assert spent == {"2026": Decimal("110000.00")}  # the grant's payment and the project's disbursement
    countries = {
        (c.find("recipient-country").get("code"), c.findtext("value"))
        for c in organisation.iter("recipient-country-budget")
    }
    assert ("CD", "90000.00") in countries
    assert organisation.find("document-link/category").get("code") == "B02"


def test_the_export_refuses_to_run_and_says_why_until_the_identifier_is_set(client, seed):
    for address in ("/iati/activities.xml", "/iati/organisation.xml"):
        response = client.get(address)
        assert response.status_code == 503
        assert "org-id.guide" in response.content.decode()
    with pytest.raises(CommandError, match="org-id.guide"):
        call_command("check_iati", stdout=open("/dev/null", "w"))


def test_invalid_codes_are_refused_at_entry(seed):
    from django.core.exceptions import ValidationError

    publisher = factories.IatiPublisherFactory.build(organisation_type="99")
    with pytest.raises(ValidationError):
        publisher.full_clean(exclude=["organisation"])
    application = factories.ApplicationFactory.build(sectors="11110 00000")
    with pytest.raises(ValidationError, match="00000"):
        application.full_clean(exclude=["call", "organisation"])


def test_a_withdrawn_sector_code_is_refused():
    withdrawn = [
        item.findtext("code")
        for item in etree.parse(str(codelists.CODELISTS / "Sector.xml")).iter("codelist-item")
        if item.get("status") == "withdrawn"
    ]
    assert withdrawn, "the Sector codelist has withdrawn codes"
    assert not codelists.is_valid("Sector", withdrawn[0])


def test_the_export_is_split_into_files_under_the_limit_that_each_validate(tmp_path, call, publisher):
    call.envelope = Decimal("3000000.00")
    call.save()
    for n in range(30):
        organisation = factories.ApplicantOrganisationFactory()
        application = complete_draft(call, organisation, reference=f"DEV-{n}", state="decided", decision="selected")
        factories.GrantFactory(application=application)
    paths = iati.write_activity_files(tmp_path, max_bytes=20_000, margin=3_000)
    assert len(paths) > 1
    count = 0
    for path in paths:
        assert path.stat().st_size < 20_000
        document = etree.parse(str(path))
        codelists.schema("activities").assertValid(document)
        assert list(iati_rules.check_file(path)) == []
        count += len(document.getroot())
    assert count == 30


def test_export_iati_writes_the_activities_and_the_organisation_files(tmp_path, funded, publisher):
    folder = tmp_path / "iati"
    call_command("export_iati", str(folder), stdout=open("/dev/null", "w"))
    assert sorted(path.name for path in folder.iterdir()) == ["activities-1.xml", "organisation.xml"]
    codelists.schema("organisations").assertValid(etree.parse(str(folder / "organisation.xml")))


def test_check_iati_finds_no_broken_rule_on_the_sample_data_and_the_brussels_data(seed, publisher, capsys):
    call_command("check_iati")
    assert "No IATI rule broken." in capsys.readouterr().out
    sample_generate(grants=30, organisations=8)
    call_command("check_iati")
    assert "No IATI rule broken." in capsys.readouterr().out


def test_check_iati_prints_each_rule_broken_with_its_activity(funded, publisher, capsys):
    Grant.objects.filter(pk=funded.pk).update(awarded_on=datetime.date(2020, 1, 1))
    Application.objects.filter(pk=funded.application_id).update(starts_on=datetime.date(2020, 1, 1), city="Nowhere")
    with pytest.raises(CommandError, match="rules broken"):
        call_command("check_iati")
    output = capsys.readouterr().out
    identifier = f"XI-IATI-LIAISON-SAMPLE-{funded.application.reference}"
    assert (
        f"{identifier}: [guidance activity-status, error] Still in implementation (2) after its planned end." in output
    )


def test_the_sample_data_measured_in_the_issue_is_now_published_right(seed, publisher):
    """30 grants, 8 organisations: budgets of a year at most, English text tagged English, the
    multilateral grants multilateral, no finished activity in implementation, every location a point."""
    sample_generate(grants=30, organisations=8)
    document = etree.fromstring(b"".join(iati.activity_chunks()))
    activities = document.findall("iati-activity")
    assert len(activities) == 30
    assert problems([etree.tostring(document)]) == []
    assert all(a.get(XML_LANG) == "en" for a in activities)
    assert all(a.find("location/point/pos") is not None for a in activities)
    today = timezone.localdate().isoformat()
    grants = {
        f"{publisher.identifier}-{g.application.reference}": g
        for g in Grant.objects.select_related("application__call__modality")
    }
    for activity in activities:
        if activity.find("activity-date[@type='3']").get("iso-date") < today:
            assert activity.find("activity-status").get("code") != "2"
        grant = grants[activity.findtext("iati-identifier")]
        multilateral = grant.application.call.modality.slug == "multilateral"
        assert (activity.find("default-aid-type").get("code") == "B02") == multilateral
