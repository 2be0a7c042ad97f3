"""Direct bilateral projects: the Region's own projects with a partner, without call or grant."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cooperation import codelists
from cooperation.models import Disbursement, Project
from cooperation.tests import factories
from cooperation.tests.test_iati import activities_document
from core.tests.admin_forms import form_data
from partners.models import Partner


@pytest.fixture
def kinshasa(seed):
    return Partner.objects.get(slug="kinshasa")


@pytest.fixture
def project(kinshasa, development_officer):
    project = factories.ProjectFactory(
        reference="db-kinshasa-water",
        title_en="Drinking water in Kinshasa",
        title_fr="L'eau potable à Kinshasa",
        description_en="Standpipes in two districts.",
        partner=kinshasa,
        city_en="Kinshasa",
        sectors="14030 14032",
        committed_on=datetime.date(2026, 3, 2),
        budget=Decimal("120000.00"),
        is_sample=False,
    )
    project.officers.add(development_officer)
    factories.DisbursementFactory(project=project, amount=Decimal("40000.00"), paid_on=datetime.date(2026, 4, 1))
    return project


def test_a_project_is_with_a_partner_of_a_dac_country_and_its_money_holds(seed, kinshasa):
    berlin = Partner.objects.get(slug="berlin")
    with pytest.raises(ValidationError) as refused:
        factories.ProjectFactory.build(partner=berlin).full_clean()
    assert "OECD DAC list" in str(refused.value)
    project = factories.ProjectFactory(partner=kinshasa, budget=Decimal("1000.00"))
    with pytest.raises(ValidationError, match="after it starts"):
        factories.ProjectFactory.build(
            partner=kinshasa, starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2026, 4, 1)
        ).full_clean()
    with pytest.raises(ValidationError, match="sector"):
        factories.ProjectFactory.build(partner=kinshasa, sectors="99999").full_clean()
    factories.DisbursementFactory(project=project, amount=Decimal("600.00"))
    with pytest.raises(ValidationError, match="cannot exceed the budget"):
        Disbursement(project=project, amount=Decimal("400.01"), paid_on=datetime.date(2026, 5, 1)).full_clean()


def test_a_public_project_is_in_the_iati_file_which_still_validates(client, project, publisher):
    internal = factories.ProjectFactory(reference="db-internal", partner=project.partner, is_public=False)
    document = activities_document(client)
    codelists.schema("activities").assertValid(document)
    assert codelists.code_errors(document) == []
    identifiers = [element.text for element in document.iter("iati-identifier")]
    assert f"XI-IATI-LIAISON-SAMPLE-{project.reference}" in identifiers
    assert not any(identifier.endswith(internal.reference) for identifier in identifiers)
    activity = next(
        a for a in document.iter("iati-activity") if a.findtext("iati-identifier").endswith(project.reference)
    )
    titles = {n.get("{http://www.w3.org/XML/1998/namespace}lang", "en"): n.text for n in activity.find("title")}
    assert titles == {"en": "Drinking water in Kinshasa", "fr": "L'eau potable à Kinshasa"}
    assert activity.find("recipient-country").get("code") == "CD"
    assert [s.get("code") for s in activity.iter("sector")] == ["14030", "14032"]
    transactions = [
        (t.find("transaction-type").get("code"), t.find("value").text, t.find("transaction-date").get("iso-date"))
        for t in activity.iter("transaction")
    ]
    assert transactions == [("2", "120000.00", "2026-03-02"), ("3", "40000.00", "2026-04-01")]
    assert activity.find("participating-org[@role='4']").findtext("narrative") == "City-Province of Kinshasa"


def test_the_budget_counts_direct_projects_under_their_modality(client, project):
    page = client.get("/en/cooperation/budget/").content.decode()
    assert "€120,000.00" in page and "€40,000.00" in page


def test_the_projects_page_lists_public_direct_projects_in_the_reader_language(
    client, project, django_assert_max_num_queries
):
    factories.ProjectFactory(reference="db-hidden", title_en="Hidden project", partner=project.partner, is_public=False)
    for _number in range(25):
        factories.ProjectFactory(partner=project.partner, committed_on=datetime.date(2020, 1, 1))
    with django_assert_max_num_queries(12):
        french = client.get("/fr/cooperation/projects/").content.decode()
    assert "L&#x27;eau potable à Kinshasa" in french and "Hidden project" not in french
    assert 'href="?direct=2#direct"' not in french and "direct=2" in french
    filtered = client.get("/en/cooperation/projects/", {"country": "MA"}).content.decode()
    assert "Drinking water in Kinshasa" not in filtered
    assert "Drinking water in Kinshasa" in client.get("/en/cooperation/projects/", {"year": "2026"}).content.decode()


def test_only_the_project_officers_change_it_and_finance_records_its_disbursements(
    client, project, other_development_officer, finance
):
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    client.force_login(other_development_officer)
    page = client.get(url)  # a public project: read, not changed
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"title_en": "Taken over"}).status_code == 403
    project.refresh_from_db()
    assert project.title_en == "Drinking water in Kinshasa"
    assert not Project.objects.editable_by(other_development_officer).filter(pk=project.pk).exists()
    # Finance records a disbursement on the project's page, whose terms it cannot change.
    client.force_login(finance)
    data = form_data(client.get(url))
    assert "title_en" not in data and "budget" not in data
    total = int(data["disbursements-TOTAL_FORMS"])
    data.update(
        {
            "title_en": "Renamed by finance",
            "disbursements-TOTAL_FORMS": str(total + 1),
            f"disbursements-{total}-amount": "10000.00",
            f"disbursements-{total}-paid_on": "2026-06-01",
        }
    )
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.title_en == "Drinking water in Kinshasa" and project.paid() == Decimal("50000.00")


def test_a_development_officer_who_creates_a_project_holds_it(client, seed, kinshasa, development_officer):
    client.force_login(development_officer)
    response = client.post(
        reverse("admin:cooperation_project_add"),
        {
            "reference": "db-new",
            "title_en": "Waste collection",
            "partner": kinshasa.pk,
            "sectors": "14050",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "committed_on": "2025-12-15",
            "budget": "50000.00",
            "status": "2",
            "is_public": "on",
            "disbursements-TOTAL_FORMS": "0",
            "disbursements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(reference="db-new")
    assert list(project.officers.all()) == [development_officer]
    assert Project.objects.editable_by(development_officer).filter(pk=project.pk).exists()
