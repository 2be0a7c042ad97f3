"""The activities, people, organisations and outcomes of seeds 000, 001 and 003, checked one by one."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from activities.models import Activity, FundingProgramme, Organisation, Outcome, Participant, Person, ProgrammeItem
from activities.services import similar_names
from core.seeds import seed_data_import

D = datetime.date

# slug: (kind, start, end, precision, state, partners, seeds)
ACTIVITIES = {
    "police-exchange-leonardo": ("exchange", None, None, "unknown", "held", {"berlin"}, "000"),
    "brussels-days-berlin-days": ("city_days", None, None, "unknown", "held", {"berlin"}, "000"),
    "exhibitions-brussels-berlin": ("exhibition", None, None, "unknown", "held", {"berlin"}, "000"),
    "fall-of-the-wall-30": (
        "anniversary",
        D(2019, 11, 8),
        D(2019, 11, 9),
        "day",
        "held",
        {"berlin", "budapest", "prague"},  # Istanbul became a partner in 2021 (seed 003)
        "000",
    ),
    "pandemic-joint-projects": ("other", None, None, "unknown", "cancelled_or_postponed", {"berlin"}, "000"),
    "partner-mayors-videoconferences": ("videoconference", None, None, "unknown", "held", {"berlin"}, "000"),
    "pandemic-questionnaires": ("questionnaire", None, None, "unknown", "held", {"berlin"}, "000"),
    "istanbul-mou-signing-2021": ("signing", D(2021, 2, 1), None, "month", "held", {"istanbul"}, "003"),
    "mission-istanbul-ankara-2021": ("mission", D(2021, 10, 1), None, "month", "held", {"istanbul", "ankara"}, "003"),
    "partnership-30": ("anniversary", D(2022, 11, 1), None, "month", "held", {"berlin"}, "001"),
    "jazz-concerts-2022": ("concert", D(2022, 11, 1), None, "month", "held", {"berlin"}, "001"),
    "youth-athletics-2022": ("sports", D(2022, 11, 26), None, "day", "held", {"berlin"}, "001"),
    "berlin-mayor-visit-2022": ("incoming_visit", D(2022, 12, 1), None, "month", "held", {"berlin"}, "001"),
    "brigittines-reception-2022": ("reception", D(2022, 12, 1), None, "month", "held", {"berlin"}, "001"),
    "dance-project-brigittines-cfb": ("cultural_project", D(2022, 12, 1), None, "month", "held", {"berlin"}, "001"),
}
PEOPLE = {
    "Rudi Vervoort": "Minister-President of the Brussels-Capital Region",
    "Pascal Smet": "State Secretary responsible for European and International Relations and Foreign Trade",
    "Ekrem İmamoğlu": "Mayor of Istanbul",
    "Mansur Yavaş": "Mayor of Ankara",
    "Jo De Witte": "Diplomatic Advisor to the Minister-President's office",
    "Ben Vandoren": "Diplomatic Advisor to the State Secretary's office",
    "Roxane Liénart": "Bilateral Relations Officer at Brussels International",
    "Paul Huynen": "Ambassador of Belgium to Turkey",
    "Stefano Missir di Lusignano": "Economic and Commercial Attaché of the Brussels-Capital Region in Istanbul",
}
ORGANISATIONS = {
    "Management Center Europe (MCE)",
    "Istanbul Technical University (ITU)",
    "Gazhane Museum",
    "Chamber of Commerce of Ankara",
    "UMEM Centre",
    "United Nations Refugee Agency (UNHCR)",
    "Brussels economic and trade office in Istanbul",
    "Berlin Office of Criminal Investigation (Landeskriminalamt)",
    "Belgian National Police",
    "Globe Aroma",
    "Les Brigittines",
    "Centre Français de Berlin (CFB)",
}


@pytest.fixture(autouse=True)
def english():
    """The names and offices above are the seeds' English; each test reads them in English,
    whatever language a test before it left active."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("slug", list(ACTIVITIES))
def test_each_seed_activity_is_loaded_with_the_dates_the_seeds_give(seed, slug):
    kind, start, end, precision, state, partners, seeds = ACTIVITIES[slug]
    activity = Activity.objects.get(slug=slug)
    assert (activity.kind, activity.start_date, activity.end_date) == (kind, start, end)
    assert (activity.date_precision, activity.state) == (precision, state)
    assert set(activity.partners.values_list("slug", flat=True)) == partners
    assert f"seed {seeds}" in activity.source
    assert activity.title_en and activity.title_fr and activity.title_nl and activity.title_de
    assert activity.is_public


def test_the_import_loads_exactly_the_seed_activities_people_and_organisations(seed):
    assert set(Activity.objects.values_list("slug", flat=True)) == set(ACTIVITIES)
    assert dict(Person.objects.values_list("name", "office")) == PEOPLE
    assert set(Organisation.objects.values_list("name", flat=True)) == ORGANISATIONS


def test_rudi_vervoort_is_one_person_in_three_seeds(seed):
    vervoort = Person.objects.get(name="Rudi Vervoort")
    slugs = set(vervoort.participations.values_list("activity__slug", flat=True))
    assert slugs == {"fall-of-the-wall-30", "istanbul-mou-signing-2021", "mission-istanbul-ankara-2021"}
    assert all(f"seed {code}" in vervoort.source for code in ("000", "001", "003"))


def test_the_leonardo_programme_is_one_record_spelt_correctly(seed):
    programme = FundingProgramme.objects.get()
    assert programme.name_en == programme.name_de == "LEONARDO"
    assert Activity.objects.get(funding_programme=programme).slug == "police-exchange-leonardo"


def test_the_2021_mission_has_its_delegation_companies_and_programme(seed):
    mission = Activity.objects.get(slug="mission-istanbul-ankara-2021")
    names = set(mission.participants.filter(person__isnull=False).values_list("person__name", flat=True))
    assert {"Rudi Vervoort", "Pascal Smet", "Jo De Witte", "Ben Vandoren", "Paul Huynen"} <= names
    assert mission.participants.get(role="company", group__isnull=False, person=None, organisation=None).headcount == 10
    assert mission.participants.get(role="company_representative").headcount == 17
    assert mission.participants.filter(organisation__name="Management Center Europe (MCE)").exists()
    cities = list(mission.programme.values_list("city", flat=True))
    assert cities.count("Istanbul") == 3 and cities.count("Ankara") == 4
    signing = mission.programme.get(date=D(2021, 10, 26))
    assert set(signing.people.values_list("name", flat=True)) == {"Rudi Vervoort", "Pascal Smet", "Mansur Yavaş"}
    assert mission.programme.filter(kind="wreath_laying", venue__contains="Atatürk").exists()


def test_the_outcomes_link_the_ankara_mou_and_record_the_mce_itu_agreement(seed):
    ankara = Outcome.objects.get(kind="agreement", activity__slug="mission-istanbul-ankara-2021")
    assert ankara.agreement.signed_on == D(2021, 10, 26)
    assert ankara.agreement.partner.slug == "ankara"
    third = Outcome.objects.get(kind="third_party")
    assert set(third.parties.values_list("name", flat=True)) == {
        "Management Center Europe (MCE)",
        "Istanbul Technical University (ITU)",
    }
    istanbul = Outcome.objects.get(activity__slug="istanbul-mou-signing-2021")
    assert istanbul.agreement.partner.slug == "istanbul"
    assert Outcome.objects.count() == 3


def test_the_reception_counts_about_150_guests_and_names_no_mayor(seed):
    reception = Activity.objects.get(slug="brigittines-reception-2022")
    assert reception.attendance == 150
    assert reception.parent.slug == "berlin-mayor-visit-2022"
    host = reception.participants.get(role="host")
    assert host.person is None and host.group == "Governing Mayor of Berlin"


def test_the_pandemic_cancellation_gives_its_reason(seed):
    cancelled = Activity.objects.get(state="cancelled_or_postponed")
    assert cancelled.state_reason_en == "the coronavirus pandemic"


def test_the_import_is_idempotent_and_leaves_staff_edits_alone(seed):
    counts = [model.objects.count() for model in (Activity, Person, Organisation, Participant, ProgrammeItem, Outcome)]
    Activity.objects.filter(slug="partnership-30").update(title_en="Edited by staff")
    Activity.objects.filter(slug="pandemic-questionnaires").delete()
    again = seed_data_import(path=Path(settings.BASE_DIR) / "data" / "brussels.json")
    assert sum(again.created.values()) == 0
    after = [model.objects.count() for model in (Activity, Person, Organisation, Participant, ProgrammeItem, Outcome)]
    assert after == [counts[0] - 1, *counts[1:]]
    assert Activity.objects.get(slug="partnership-30").title_en == "Edited by staff"


def test_mce_is_found_under_both_spellings_of_seed_003(seed, client, head_of_unit):
    """Seed 003 writes "Management Center Europe (MCE)" in its text and "Management Centre Europe
    (MCE)" in a photo caption: one organisation, found under either."""
    mce = Organisation.objects.get(name_en="Management Center Europe (MCE)")
    assert "Management Centre Europe (MCE)" in mce.other_names.splitlines()
    assert similar_names(Organisation, "Management Centre Europe") == ["Management Center Europe (MCE)"]
    client.force_login(head_of_unit)
    listed = client.get("/admin/activities/organisation/", {"q": "Management Centre"}).content.decode()
    assert f"/admin/activities/organisation/{mce.pk}/change/" in listed
