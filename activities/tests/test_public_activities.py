"""The public activity pages: news, retrospective, an activity's page and the partner timeline."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Organisation
from activities.tests.factories import (
    ActivityDocumentFactory,
    ActivityFactory,
    OrganisationFactory,
    OutcomeFactory,
    ParticipantFactory,
    PersonFactory,
    ProgrammeItemFactory,
)
from core.cache import next_midnight
from partners.models import Partner
from partners.tests.factories import AgreementFactory, PartnerFactory

TODAY = datetime.date.today()


def slugs_in(response):
    return re.findall(r'<h3><a href="/en/activities/([\w-]+)/"', response.content.decode())


def test_the_berlin_page_shows_its_activities_in_date_order(client, seed):
    response = client.get("/en/partners/berlin/")
    assert response.status_code == 200
    shown = slugs_in(response)
    expected = list(Activity.objects.filter(partners__slug="berlin").for_timeline().values_list("slug", flat=True))
    assert shown == expected
    assert len(shown) == 13
    dated = [Activity.objects.get(slug=slug).start_date for slug in shown]
    known = [day for day in dated if day]
    assert known == sorted(known, reverse=True)
    assert dated.index(None) == len(known)  # undated ones come last
    assert b"will be listed here" not in response.content


def test_the_retrospective_for_2022_lists_the_anniversary_events(client, seed):
    response = client.get("/en/activities/retrospective/", {"year": 2022})
    assert response.status_code == 200
    shown = set(slugs_in(response))
    assert {"partnership-30", "jazz-concerts-2022", "youth-athletics-2022"} <= shown
    assert "fall-of-the-wall-30" not in shown
    assert "30 years of the Berlin–Brussels partnership" in response.content.decode()
    years = re.findall(r'href="\?year=(\d+)"', response.content.decode())
    assert years == [str(year) for year in range(2022, 2018, -1)]


def test_the_retrospective_filters_by_partner(client, seed):
    response = client.get("/en/activities/retrospective/", {"partner": "ankara"})
    assert set(slugs_in(response)) == {"mission-istanbul-ankara-2021"}


def test_the_2021_mission_shows_its_programme_in_istanbul_and_ankara(client, seed):
    response = client.get("/en/activities/mission-istanbul-ankara-2021/")
    page = response.content.decode()
    assert response.status_code == 200
    programme = page.split("<h2>Programme</h2>")[1].split("</section>")[0]
    assert programme.count("· Istanbul</p>") == 3
    assert programme.count("· Ankara</p>") == 4
    assert "Mausoleum of Mustafa Kemal Atatürk" in programme
    assert "Paul Huynen, Ambassador of Belgium to Turkey" in page
    assert "Representatives of the Brussels-based companies (17)" in page
    assert "October 2021" in page


def test_the_activity_page_is_in_the_reader_language_with_fallback(client, seed):
    german = client.get("/de/activities/partnership-30/").content.decode()
    assert "30 Jahre Städtepartnerschaft Berlin–Brüssel" in german
    assert "vertrat Staatssekretär Pascal Smet" in german
    dutch = client.get("/nl/activities/partnership-30/").content.decode()
    assert "30 jaar partnerschap Berlijn–Brussel" in dutch
    assert "vertegenwoordigde staatssecretaris Pascal Smet" in dutch
    assert 'class="fallback"' not in dutch
    activity = Activity.objects.get(slug="partnership-30")
    activity.description_nl = ""
    activity.save()
    dutch = client.get("/nl/activities/partnership-30/").content.decode()
    assert 'class="fallback"' in dutch and "represented Minister-President Rudi Vervoort" in dutch


def test_places_offices_organisations_and_groups_are_in_the_reader_language(client, seed):
    french = client.get("/fr/activities/mission-istanbul-ankara-2021/").content.decode()
    assert "Rudi Vervoort, Ministre-Président de la Région de Bruxelles-Capitale" in french
    assert "Paul Huynen, Ambassadeur de Belgique en Turquie" in french
    assert "Mausolée de Mustafa Kemal Atatürk" in french and "Chambre de commerce d&#x27;Ankara" in french
    assert "Représentants des entreprises bruxelloises (17)" in french
    assert "Université technique d&#x27;Istanbul (ITU)" in french
    assert 'class="fallback"' not in french
    dutch = client.get("/nl/activities/partnership-30/").content.decode()
    assert "· Berlijn" in dutch and "Namens Minister-President Rudi Vervoort" in dutch
    german = client.get("/de/activities/brigittines-reception-2022/").content.decode()
    assert "Brüssel" in german and "Regierende Bürgermeisterin von Berlin" in german
    organisation = Organisation.objects.get(name_en="UMEM Centre")
    organisation.name_fr = ""
    organisation.save()
    french = client.get("/fr/activities/mission-istanbul-ankara-2021/").content.decode()
    assert '<span lang="en">UMEM Centre</span> <small class="fallback">' in french


def json_ld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(match.group(1))


def test_the_activity_page_carries_schema_org_event_with_its_status(client, seed):
    data = json_ld(client.get("/en/activities/youth-athletics-2022/"))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2022-11-26"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["name"] == "Sportpark Jahn"
    cancelled = ActivityFactory(state="cancelled", state_reason_en="the pandemic")
    assert json_ld(client.get(cancelled.get_absolute_url()))["eventStatus"] == "https://schema.org/EventCancelled"
    # Seed 000: "these had to be cancelled or postponed": not said which, so no status.
    assert "eventStatus" not in json_ld(client.get("/en/activities/pandemic-joint-projects/"))


def test_json_ld_cannot_close_its_script_element(client, db):
    ActivityFactory(slug="tricky", title_en="</script><script>alert(1)</script>")
    response = client.get("/en/activities/tricky/")
    assert "<script>alert(1)" not in response.content.decode()
    assert json_ld(response)["name"].startswith("</script>")


def test_internal_activities_and_fields_never_reach_a_public_page(client, db):
    berlin = PartnerFactory(slug="somewhere")
    ActivityFactory(slug="secret-visit", title_en="Secret visit", visibility="internal", partners=[berlin])
    public = ActivityFactory(slug="open-visit", internal_notes="Budget 12,000 EUR", partners=[berlin])
    ParticipantFactory(activity=public, person=PersonFactory(name="Hidden Person", is_public=False))
    ParticipantFactory(activity=public, person=PersonFactory(name="Unlisted Guest"), is_public=False)
    ParticipantFactory(activity=public, person=PersonFactory(name="Shown Mayor"))
    assert client.get("/en/activities/secret-visit/").status_code == 404
    for url in ("/en/activities/", "/en/activities/retrospective/", "/en/partners/somewhere/"):
        assert "Secret visit" not in client.get(url).content.decode()
    page = client.get("/en/activities/open-visit/").content.decode()
    assert "Budget" not in page and "Hidden Person" not in page and "Unlisted Guest" not in page
    assert "Shown Mayor" in page


def test_upcoming_lists_the_future_in_date_order_and_the_past_goes_to_the_retrospective(client, db):
    ActivityFactory(slug="later", start_date=TODAY + datetime.timedelta(days=60))
    ActivityFactory(slug="sooner", start_date=TODAY + datetime.timedelta(days=3))
    ActivityFactory(slug="earlier", start_date=TODAY - datetime.timedelta(days=3))
    assert slugs_in(client.get("/en/activities/")) == ["sooner", "later"]
    assert slugs_in(client.get("/en/activities/retrospective/")) == ["earlier"]


def test_an_activity_under_way_is_upcoming_and_first_until_its_last_day(client, db):
    ActivityFactory(slug="soon", start_date=TODAY + datetime.timedelta(days=1))
    ActivityFactory(
        slug="exchange", start_date=TODAY - datetime.timedelta(days=30), end_date=TODAY + datetime.timedelta(days=33)
    )
    ActivityFactory(slug="ends-today", start_date=TODAY - datetime.timedelta(days=2), end_date=TODAY)
    ActivityFactory(
        slug="ended", start_date=TODAY - datetime.timedelta(days=9), end_date=TODAY - datetime.timedelta(days=1)
    )
    assert slugs_in(client.get("/en/activities/")) == ["exchange", "ends-today", "soon"]
    assert slugs_in(client.get("/en/activities/retrospective/")) == ["ended"]


def test_at_midnight_an_activity_of_the_day_moves_to_the_retrospective_with_nothing_written(client, db, monkeypatch):
    ActivityFactory(slug="today", start_date=timezone.localdate())
    assert slugs_in(client.get("/en/activities/")) == ["today"]
    assert slugs_in(client.get("/en/activities/retrospective/")) == []
    moment = next_midnight() + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert slugs_in(client.get("/en/activities/")) == []
    assert slugs_in(client.get("/en/activities/retrospective/")) == ["today"]


def test_the_counts_of_both_lists_add_up_to_every_public_activity(client, db):
    ActivityFactory(slug="past", start_date=TODAY - datetime.timedelta(days=40))
    ActivityFactory(slug="undated", start_date=None, date_precision=Activity.Precision.UNKNOWN)
    ActivityFactory(slug="ends-later", start_date=None, end_date=TODAY + datetime.timedelta(days=4))
    ActivityFactory(slug="next", start_date=TODAY + datetime.timedelta(days=4))
    ActivityFactory(slug="hidden", start_date=TODAY - datetime.timedelta(days=4), visibility="internal")
    past = client.get("/en/activities/retrospective/").content.decode()
    upcoming = client.get("/en/activities/").content.decode()
    assert "2 activities" in past and set(re.findall(r"/en/activities/([\w-]+)/\"", past)) >= {"past", "undated"}
    assert "2 activities" in upcoming and slugs_in(client.get("/en/activities/")) == ["ends-later", "next"]


def test_the_partner_filter_is_a_list_for_a_few_partners_and_a_name_to_type_for_many(client, db, monkeypatch):
    berlin = PartnerFactory(slug="berlin", name_en="Berlin", name_fr="Berlin")
    prague = PartnerFactory(slug="prague", name_en="Prague", name_fr="Prague")
    ActivityFactory(slug="in-berlin", start_date=TODAY + datetime.timedelta(days=2), partners=[berlin])
    ActivityFactory(slug="in-prague", start_date=TODAY + datetime.timedelta(days=3), partners=[prague])
    PartnerFactory(slug="quiet", name_en="Quiet town")  # no activity: not offered
    page = client.get("/en/activities/").content.decode()
    assert '<select name="partner"' in page
    assert 'value="berlin"' in page and 'value="prague"' in page and 'value="quiet"' not in page

    # The same list when the links are too many to read them all: the partners are checked instead.
    monkeypatch.setattr("activities.forms.LINKS_READ", 1)
    Activity.objects.get(slug="in-prague").save()
    page = client.get("/en/activities/").content.decode()
    assert 'value="berlin"' in page and 'value="prague"' in page and 'value="quiet"' not in page

    monkeypatch.setattr("activities.forms.PARTNER_CHOICES_MAX", 1)
    Activity.objects.get(slug="in-prague").save()  # a change: the offered partners are counted again
    page = client.get("/en/activities/").content.decode()
    assert '<select name="partner"' not in page and '<input type="text" name="partner"' in page
    assert slugs_in(client.get("/en/activities/", {"partner": "prague"})) == ["in-prague"]
    assert slugs_in(client.get("/en/activities/", {"partner": "PRAGUE "})) == ["in-prague"]
    unknown = client.get("/en/activities/", {"partner": "Atlantis"})
    assert unknown.status_code == 200 and slugs_in(unknown) == []
    assert "No partner has this name." in unknown.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"year": "99999"}, {"partner": "nowhere"}, {"kind": "picnic"}, {"page": "x"}, {"theme": "'"}],
)
def test_bad_filters_give_a_page_not_an_error(client, db, query):
    assert client.get("/en/activities/retrospective/", query).status_code == 200
    assert client.get("/en/activities/", query).status_code == 200


def test_the_lists_are_paginated(client, db):
    for number in range(45):
        ActivityFactory(start_date=TODAY - datetime.timedelta(days=number + 1))
    first = client.get("/en/activities/retrospective/")
    assert len(slugs_in(first)) == 20
    assert len(slugs_in(client.get("/en/activities/retrospective/", {"page": 3}))) == 5


def test_the_lists_and_the_partner_timeline_keep_a_bounded_number_of_queries(client, db, django_assert_max_num_queries):
    partner = PartnerFactory(slug="busy")
    for number in range(120):
        ActivityFactory(start_date=TODAY + datetime.timedelta(days=number - 60), partners=[partner])
    with django_assert_max_num_queries(10):
        assert client.get("/en/activities/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/en/activities/retrospective/", {"partner": "busy"}).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/en/partners/busy/").status_code == 200


def test_a_programme_item_names_its_public_people_only(client, db):
    activity = ActivityFactory(slug="field-visit")
    item = ProgrammeItemFactory(activity=activity)
    item.people.add(PersonFactory(name="Open Mayor"), PersonFactory(name="Zeta Private", is_public=False))
    item.organisations.add(OrganisationFactory(name_en="Port Authority"))
    page = client.get("/en/activities/field-visit/").content.decode()
    assert "<p>Open Mayor; Port Authority</p>" in page
    assert "Zeta Private" not in page


def test_an_outcome_links_its_agreement_only_while_the_public_may_see_it(client, db):
    activity = ActivityFactory(slug="signing-trip")
    shown = AgreementFactory(partner=PartnerFactory(slug="open-city"))
    hidden = AgreementFactory(partner=PartnerFactory(slug="private-deal"), is_public=False)
    ended = AgreementFactory(partner=PartnerFactory(slug="ended-city", state=Partner.State.ENDED))
    for agreement in (shown, hidden, ended):
        OutcomeFactory(activity=activity, kind="agreement", agreement=agreement)
    page = client.get("/fr/activities/signing-trip/").content.decode()
    assert page.count("voir l'accord") == 1
    assert 'href="/fr/partners/open-city/"' in page
    assert "private-deal" not in page and "ended-city" not in page


def test_the_activity_page_with_200_participants_and_50_programme_items_keeps_its_queries_bounded(
    client, db, django_assert_max_num_queries
):
    activity = ActivityFactory(slug="big-mission", partners=[PartnerFactory()])
    company = OrganisationFactory()
    for number in range(200):
        ParticipantFactory(activity=activity, organisation=company if number % 2 else None)
    for _number in range(50):
        item = ProgrammeItemFactory(activity=activity)
        item.people.add(PersonFactory())
        item.organisations.add(company)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("activities:activity-detail", args=["big-mission"]))
    assert response.status_code == 200
    assert response.content.decode().count("<li>\n      <h3>") == 50


def test_the_activity_page_reads_its_documents_and_parts_only_when_it_has_public_ones(
    client, db, settings, tmp_path, django_assert_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    mission = ActivityFactory(slug="mission", title_en="Mission")
    address = reverse("activities:activity-detail", args=["mission"])
    with CaptureQueriesContext(connection) as bare:  # each count here is right after a change
        client.get(address)
    # Hidden ones only: still nothing to read.
    ActivityDocumentFactory(activity=mission, caption_en="Private note", is_public=False)
    ActivityFactory(parent=mission, slug="hidden-part", title_en="Hidden part", visibility="internal")
    with django_assert_num_queries(len(bare)):
        page = client.get(address).content.decode()
    assert "Private note" not in page and "Hidden part" not in page
    # Public ones: read and shown.
    ActivityDocumentFactory(activity=mission, caption_en="Signed charter", is_public=True)
    ActivityFactory(parent=mission, slug="shown-part", title_en="Shown part")
    with django_assert_num_queries(len(bare) + 2):
        page = client.get(address).content.decode()
    assert "Signed charter" in page and "Shown part" in page
    assert "Private note" not in page and "Hidden part" not in page


def test_an_ended_partner_does_not_list_activities_on_a_missing_page(client, db):
    partner = PartnerFactory(slug="ended-one", state=Partner.State.ENDED)
    ActivityFactory(partners=[partner])
    assert client.get("/en/partners/ended-one/").status_code == 404


def test_the_retrospective_reads_its_order_from_an_index_instead_of_sorting_the_history(db):
    """At a million activities, sorting the past took half a second on PostgreSQL."""
    from django.db import connection

    for number in range(30):
        ActivityFactory(start_date=TODAY - datetime.timedelta(days=number + 1))
    sql, params = Activity.objects.public().past().for_timeline()[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_sort = off")  # a sort is then chosen only if nothing else can serve
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "Sort" not in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_the_parts_of_an_activity_are_read_by_their_parent_not_by_walking_every_date(db):
    """With the date order, SQLite walked every public activity to find a mission's parts (2.4 s
    at a million activities); in the order they happen, it reads them through the parent index."""
    from django.db import connection

    mission = ActivityFactory(slug="mission")
    for number in range(30):
        ActivityFactory(start_date=TODAY - datetime.timedelta(days=number + 1))
    ActivityFactory(parent=mission)
    query = Activity.objects.public().filter(parent=mission).for_timeline().in_start_order().query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    # The parts found are sorted by when they happen, not found by walking the date order.
    if connection.vendor == "sqlite":
        assert "activity_public_date" not in plan and "TEMP B-TREE FOR ORDER BY" in plan, plan
    else:
        assert "Sort Key: (COALESCE(start_date, end_date))" in plan, plan
