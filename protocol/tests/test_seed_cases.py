"""The Brussels cases of the seeds have their protocol files, with what the seeds say and nothing more."""

import datetime

import pytest

from core.models import Organisation, SeedRecord
from protocol.models import ChecklistItem, FormOfAddress, Gift, Guest, Office, PrecedenceList, ProtocolFile, Title

pytestmark = pytest.mark.django_db


def _file(title):
    return ProtocolFile.objects.select_related("activity", "venue", "programme_item").get(title=title)


def test_the_reception_at_les_brigittines_has_its_file(seed):
    reception = _file("Reception at Les Brigittines")
    assert reception.activity.slug == "brigittines-reception-2022"
    assert (reception.occasion, reception.state) == ("reception", "held")
    assert reception.venue.name == "Les Brigittines"
    assert reception.expected_guests == 150
    assert reception.host == "Governing Mayor of Berlin"
    assert reception.date is None  # December 2022: the seed gives no day
    assert not reception.guests.exists()
    assert "seed 001" in reception.source


def test_the_berlin_mayors_visit_has_its_file(seed):
    visit = _file("Visit of Berlin's Governing Mayor to Brussels")
    assert visit.activity.slug == "berlin-mayor-visit-2022"
    assert visit.guest_of_honour == "Governing Mayor of Berlin"
    assert (visit.host, visit.date, visit.venue) == ("", None, None)
    record = SeedRecord.objects.get(key="protocol.protocolfile:berlin-mayor-visit-2022")
    assert "guest_of_honour" in record.inferred


def test_the_ankara_signing_has_its_file_with_its_signatories(seed):
    signing = _file("Signing of a Memorandum of Understanding with the Metropolitan Area of Greater Ankara")
    assert signing.programme_item.title_en.startswith("Meeting with the Mayor of Ankara")
    assert (signing.occasion, signing.date) == ("signing", datetime.date(2021, 10, 26))
    assert (signing.host, signing.venue) == ("", None)
    guests = {guest.last_name: guest.position for guest in signing.guests.all()}
    assert guests == {
        "Vervoort": "Minister-President of the RBC",
        "Smet": "State Secretary responsible for International Relations",
        "Yavaş": "Mayor of Ankara",
    }


def test_the_belgian_ambassadors_residence_has_its_file_and_the_seven_people_of_the_caption(seed):
    residence = _file("At the residence of the Belgian Ambassador")
    assert residence.programme_item.venue_en == "Residence of the Belgian Ambassador"
    assert residence.venue.city == ""  # the seed names no city
    assert residence.date is None
    guests = list(residence.guests.order_by("pk"))
    assert [guest.person.name for guest in guests] == [
        "Jo De Witte",
        "Rudi Vervoort",
        "Pascal Smet",
        "Ben Vandoren",
        "Roxane Liénart",
        "Paul Huynen",
        "Stefano Missir di Lusignano",
    ]
    assert [guest.last_name for guest in guests if guest.role == Guest.Role.HOST] == ["Huynen"]
    assert "dinner" not in residence.title.lower() and "dinner" not in residence.notes.lower()


def test_nothing_the_seeds_do_not_say_is_loaded(seed):
    assert ProtocolFile.objects.count() == 4
    assert not Guest.objects.exclude(language="").exists()  # no seed gives a guest's language
    assert not Guest.objects.filter(private__isnull=False).exists()
    for model in (PrecedenceList, Office, Title, FormOfAddress, ChecklistItem, Gift):
        assert not model.objects.exists(), model
    assert not ProtocolFile.objects.exclude(dress_code="", languages="", press="", security_level="").exists()
    assert Organisation.objects.get().gift_threshold is None  # no seed gives the office's threshold
