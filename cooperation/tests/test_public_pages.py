"""The public pages of development cooperation: in four languages, public rows only, bounded queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from cooperation import services
from cooperation.models import AnnualReport, Grant, LegalText, Modality, PolicyElement
from cooperation.sample import sample_generate
from cooperation.tests import factories
from core.numbers import money


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()


def test_the_seed_frame_is_loaded_without_invented_names_or_figures(seed):
    assert set(Modality.objects.values_list("slug", flat=True)) == {
        "direct-bilateral",
        "indirect-bilateral",
        "multilateral",
        "humanitarian",
    }
    ordinance = LegalText.objects.get(kind="ordinance")
    assert ordinance.year == 2017 and ordinance.title == ""
    decrees = LegalText.objects.filter(kind="decree")
    assert decrees.count() == 5 and set(decrees.values_list("title", flat=True)) == {""}
    assert PolicyElement.objects.filter(kind="pillar", text="").count() == 2
    assert PolicyElement.objects.filter(kind="theme", text="").count() == 3
    assert PolicyElement.objects.get(kind="principle").source.startswith("seed 002")
    from cooperation.models import Appropriation

    assert not Appropriation.objects.exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Indirect bilateral cooperation"),
        ("fr", "Coopération bilatérale indirecte"),
        ("nl", "Indirecte bilaterale samenwerking"),
        ("de", "Indirekte bilaterale Zusammenarbeit"),
    ],
)
def test_the_policy_page_is_in_four_languages(client, seed, language, words):
    response = client.get(f"/{language}/cooperation/")
    assert response.status_code == 200
    assert words in response.content.decode()


def test_only_open_published_calls_are_listed_and_shown(client, call):
    closed = factories.CallFactory(title_en="Closed call", closes_at=timezone.now() - datetime.timedelta(seconds=1))
    unpublished = factories.CallFactory(title_en="Unpublished call", is_published=False)
    page = client.get("/en/cooperation/calls/").content.decode()
    assert "Urban resilience 2026" in page
    assert "Closed call" not in page and "Unpublished call" not in page
    assert client.get(f"/en/cooperation/calls/{call.pk}/").status_code == 200
    assert "This call is closed." in client.get(f"/en/cooperation/calls/{closed.pk}/").content.decode()
    assert client.get(f"/en/cooperation/calls/{unpublished.pk}/").status_code == 404


def test_the_call_page_shows_the_exact_deadline_in_brussels_time(client, call):
    call.closes_at = datetime.datetime(2026, 12, 15, 11, 0, 0, tzinfo=datetime.UTC)
    call.save()
    assert "12:00:00" in client.get(f"/en/cooperation/calls/{call.pk}/").content.decode()


def test_the_calls_list_keeps_its_queries_bounded(client, seed, django_assert_max_num_queries):
    factories.CallFactory.create_batch(45)
    with django_assert_max_num_queries(14):  # a first visit: the database cache's reads and writes included
        response = client.get("/en/cooperation/calls/?page=2")
    assert response.status_code == 200


def test_the_projects_list_is_paginated_filtered_and_bounded(client, seed, django_assert_max_num_queries):
    sample_generate(grants=120, organisations=5)
    with django_assert_max_num_queries(14):  # a first visit: the database cache's reads and writes included
        response = client.get("/en/cooperation/projects/?page=3")
    assert response.status_code == 200
    grant = Grant.objects.select_related("application").first()
    country, year = grant.application.country, grant.awarded_on.year
    page = client.get(f"/en/cooperation/projects/?country={country}&year={year}").content.decode()
    assert grant.application.title in page
    sector = grant.application.sector_codes()[0]
    assert client.get(f"/en/cooperation/projects/?sector={sector}").status_code == 200


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_projects_filters_offer_the_countries_and_sectors_of_the_listed_projects(client, seed, language):
    sample_generate(grants=3, organisations=1)
    applications = [grant.application for grant in Grant.objects.select_related("application")]
    sectors = {code for application in applications for code in application.sector_codes()}
    countries = {application.country for application in applications}
    page = client.get(f"/{language}/cooperation/projects/").content.decode()
    offered = {
        name: set(re.findall(r'<option value="([^"]+)"', select))
        for name, select in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', page, re.S)
    }
    assert offered["sector"] == sectors
    assert offered["country"] == countries


@pytest.mark.parametrize("query", ["year=abc", "sector=12", "country=ABC", "page=-4", "year=99999"])
def test_bad_filters_on_the_projects_list_never_give_an_error(client, seed, query):
    assert client.get(f"/en/cooperation/projects/?{query}").status_code == 200


def test_unselected_applications_are_not_public_projects(client, call, draft):
    assert draft.title not in client.get("/en/cooperation/projects/").content.decode()


def test_the_budget_page_computes_and_caches_its_figures(client, seed, django_assert_max_num_queries):
    sample_generate(grants=50, organisations=5)
    with django_assert_max_num_queries(22):  # the database cache's own reads and writes included
        first = client.get("/en/cooperation/budget/")
    with django_assert_max_num_queries(5):
        client.get("/en/cooperation/budget/")
    year = Grant.objects.first().awarded_on.year
    total = sum(grant.amount for grant in Grant.objects.filter(awarded_on__year=year))
    assert money(total, "en") in first.content.decode()


def test_a_new_payment_shows_on_the_budget_page_at_once(client, seed):
    sample_generate(grants=3, organisations=1)
    client.get("/en/cooperation/budget/")
    amount = Decimal("1234567.00")
    grant = factories.GrantFactory(
        application__call__envelope=amount, application__requested_amount=amount, amount=amount
    )
    tranche = factories.TrancheFactory(grant=grant, amount=amount)
    factories.PaymentFactory(tranche=tranche, amount=amount, paid_on=datetime.date(2026, 5, 1))
    assert "€1,234,567.00" in client.get("/en/cooperation/budget/").content.decode()


@pytest.mark.parametrize("language", ["en", "fr", "nl", "de"])
def test_the_annual_report_is_html_and_pdf_in_four_languages(client, seed, language):
    sample_generate(grants=10, organisations=2)
    year = Grant.objects.first().awarded_on.year
    html = client.get(f"/{language}/cooperation/reports/{year}/")
    assert html.status_code == 200
    assert client.get(f"/{language}/cooperation/reports/{year}/pdf/").status_code == 404  # not published yet
    publisher = factories.UserFactory(is_superuser=True)
    services.annual_report_publish(report=AnnualReport.objects.create(year=year), published_by=publisher)
    pdf = client.get(f"/{language}/cooperation/reports/{year}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_public_pages_come_from_the_cache_until_something_they_show_changes(
    client, call, django_assert_max_num_queries
):
    first = client.get("/en/cooperation/calls/").content
    with django_assert_max_num_queries(4):  # the cache's reads, no query of the module
        assert client.get("/en/cooperation/calls/").content == first
    call.title_en = "Urban resilience, second round"
    call.save()
    assert "second round" in client.get("/en/cooperation/calls/").content.decode()


def test_logged_in_users_get_pages_afresh(client, call, applicant):
    client.get("/en/cooperation/calls/")
    client.force_login(applicant)
    response = client.get("/en/cooperation/calls/")
    assert response.status_code == 200 and "Urban resilience 2026" in response.content.decode()


def test_a_cached_call_list_takes_a_call_in_at_its_opening_and_out_at_its_closing(client, seed, monkeypatch):
    now = timezone.now()
    factories.CallFactory(
        title_en="Opens in an hour",
        opens_at=now + datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=2),
    )
    assert "Opens in an hour" not in client.get("/en/cooperation/calls/").content.decode()
    # Nothing is written: only time passes.
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=1, seconds=1))
    assert "Opens in an hour" in client.get("/en/cooperation/calls/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=2, seconds=1))
    assert "Opens in an hour" not in client.get("/en/cooperation/calls/").content.decode()


def test_the_public_pages_answer_head_and_conditional_requests(client, call):
    for path in (
        "/en/cooperation/",
        "/en/cooperation/calls/",
        f"/en/cooperation/calls/{call.pk}/",
        "/en/cooperation/projects/",
        "/en/cooperation/budget/",
    ):
        assert client.head(path).status_code == 200, path
        etag = client.get(path)["ETag"]
        assert client.get(path, headers={"if-none-match": etag}).status_code == 304, path


def test_the_annual_report_lists_the_year_activities_with_partners_of_dac_countries(client, seed):
    english = client.get("/en/cooperation/reports/2021/").content.decode()
    assert "Working visit to Istanbul and Ankara" in english  # Türkiye is on the DAC list
    french = client.get("/fr/cooperation/reports/2021/").content.decode()
    assert "Visite de travail à Istanbul et Ankara" in french
    assert "30 years of the Berlin" not in client.get("/en/cooperation/reports/2022/").content.decode()
    publisher = factories.UserFactory(is_superuser=True)
    services.annual_report_publish(report=AnnualReport.objects.create(year=2021), published_by=publisher)
    pdf = client.get("/en/cooperation/reports/2021/pdf/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_call_page_names_its_contact_officers_as_the_directory_shows_them(client, call, development_officer):
    from directory.models import StaffMember

    member = StaffMember.objects.filter(is_public=True).first()
    member.user = development_officer
    member.save()
    page = client.get(f"/fr/cooperation/calls/{call.pk}/").content.decode()
    assert f"{member.first_name} {member.last_name}" in page
    StaffMember.objects.filter(pk=member.pk).update(is_public=False)
    call.save()  # a change of the call clears its cached page
    page = client.get(f"/fr/cooperation/calls/{call.pk}/").content.decode()
    assert member.last_name not in page
