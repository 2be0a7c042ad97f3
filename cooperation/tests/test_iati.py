"""The IATI files validate against the 2.03 XSD, use only codes of the codelists, and carry
every value entered."""

import datetime
from decimal import Decimal

import pytest
from lxml import etree

from cooperation import codelists, iati, services
from cooperation.models import Appropriation, Modality, Report
from cooperation.tests import factories
from cooperation.tests.conftest import complete_draft, decide_after_closing, evaluated


@pytest.fixture
def funded(call, draft, development_officer, finance):
    draft.title = "Rainwater in Kinshasa"
    draft.summary = "Drainage for two neighbourhoods."
    draft.objectives = "Fewer floods."
    draft.sectors = "14030 43030"
    draft.city = "Kinshasa"
    draft.latitude, draft.longitude = Decimal("-4.32758"), Decimal("15.31357")
    draft.starts_on = datetime.date(2026, 4, 1)
    draft.save()
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


def test_the_activities_file_validates_against_the_xsd_and_the_codelists(client, funded, publisher):
    document = activities_document(client)
    codelists.schema("activities").assertValid(document)
    assert codelists.code_errors(document) == []


def test_the_activities_file_carries_every_value_entered(client, funded, publisher):
    application = funded.application
    activity = activities_document(client).find("iati-activity")
    assert activity.findtext("iati-identifier") == f"XI-IATI-LIAISON-SAMPLE-{application.reference}"
    assert activity.find("reporting-org").get("ref") == "XI-IATI-LIAISON-SAMPLE"
    assert activity.findtext("title/narrative") == "Rainwater in Kinshasa"
    assert activity.findtext("description[@type='1']/narrative") == "Drainage for two neighbourhoods."
    assert activity.findtext("description[@type='2']/narrative") == "Fewer floods."
    roles = {org.get("role"): org.findtext("narrative") for org in activity.iter("participating-org")}
    assert roles == {"1": "Brussels International", "4": application.organisation.name}
    assert activity.find("recipient-country").get("code") == "CD"
    assert activity.findtext("location/name/narrative") == "Kinshasa"
    assert activity.findtext("location/point/pos") == "-4.32758 15.31357"
    assert [(s.get("code"), s.get("percentage")) for s in activity.iter("sector")] == [
        ("14030", "50.00"),
        ("43030", "50.00"),
    ]
    dates = {d.get("type"): d.get("iso-date") for d in activity.iter("activity-date")}
    assert dates == {"1": "2026-04-01", "2": "2026-03-01", "3": "2028-04-01"}
    assert activity.find("activity-status").get("code") == "2"
    assert activity.findtext("budget/value") == "90000.00"
    transactions = [
        (t.find("transaction-type").get("code"), t.find("transaction-date").get("iso-date"), t.findtext("value"))
        for t in activity.iter("transaction")
    ]
    assert transactions == [("2", "2026-03-01", "90000.00"), ("3", "2026-03-15", "60000.00")]


def test_the_organisation_file_validates_and_gives_the_yearly_budgets(client, seed, publisher):
    direct = Modality.objects.get(slug="direct-bilateral")
    factories.AppropriationFactory(year=2026, modality=direct, amount=Decimal("1250000.00"))
    response = client.get("/iati/organisation.xml")
    assert response["Content-Type"] == "application/xml"
    document = etree.fromstring(b"".join(response.streaming_content))
    codelists.schema("organisations").assertValid(document)
    assert codelists.code_errors(document) == []
    organisation = document.find("iati-organisation")
    assert organisation.findtext("organisation-identifier") == "XI-IATI-LIAISON-SAMPLE"
    budget = organisation.find("total-budget")
    assert budget.find("period-start").get("iso-date") == "2026-01-01"
    assert budget.findtext("value") == "1250000.00"
    assert budget.findtext("budget-line/narrative") == "Direct bilateral cooperation"
    assert Appropriation.objects.count() == 1


def test_the_export_refuses_to_run_and_says_why_until_the_identifier_is_set(client, seed):
    for address in ("/iati/activities.xml", "/iati/organisation.xml"):
        response = client.get(address)
        assert response.status_code == 503
        assert "org-id.guide" in response.content.decode()


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
        count += len(document.getroot())
    assert count == 30
