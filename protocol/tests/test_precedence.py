"""Guests in order of precedence: the dated list in force, rotations, the Vienna rule, representatives.

The lists here are made up for the test (offices A to J); the application loads no list it
cannot cite."""

import datetime

import pytest
from django.utils import translation

from protocol import precedence
from protocol.models import Guest, PrecedenceEntry, PrecedenceList
from protocol.tests.factories import (
    GuestFactory,
    OfficeFactory,
    PrecedenceEntryFactory,
    PrecedenceListFactory,
    ProtocolFileFactory,
    RotationFactory,
)

pytestmark = pytest.mark.django_db

HOST = "Sample Region"


def _list(valid_from, offices, valid_until=None):
    order = PrecedenceListFactory(host=HOST, valid_from=valid_from, valid_until=valid_until)
    for rank, office in enumerate(offices, start=1):
        PrecedenceEntryFactory(precedence_list=order, rank=rank, office=office)
    return order


def _names(guests):
    return [guest.last_name for guest in guests]


def test_ten_guests_sort_by_the_list_in_force_on_the_occasions_day():
    offices = [OfficeFactory(name=f"Office {letter}") for letter in "ABCDEFGHIJ"]
    _list(datetime.date(2020, 1, 1), offices, valid_until=datetime.date(2024, 12, 31))
    # From 2025 the order changes: the last five offices come before the first five.
    _list(datetime.date(2025, 1, 1), offices[5:] + offices[:5])
    before = ProtocolFileFactory(precedence_host=HOST, date=datetime.date(2024, 6, 1))
    after = ProtocolFileFactory(precedence_host=HOST, date=datetime.date(2025, 6, 1))
    # Listed in an order that is neither.
    for protocol_file in (before, after):
        for index in (3, 9, 0, 6, 1, 8, 4, 2, 7, 5):
            GuestFactory(protocol_file=protocol_file, last_name=f"Holder {'ABCDEFGHIJ'[index]}", office=offices[index])

    assert _names(precedence.for_file(before)) == [f"Holder {letter}" for letter in "ABCDEFGHIJ"]
    assert _names(precedence.for_file(after)) == [f"Holder {letter}" for letter in "FGHIJABCDE"]


def test_the_latest_list_that_began_by_the_day_is_in_force():
    older = PrecedenceListFactory(host=HOST, valid_from=datetime.date(2019, 1, 1))
    newer = PrecedenceListFactory(host=HOST, valid_from=datetime.date(2023, 1, 1))
    PrecedenceListFactory(host="Another host", valid_from=datetime.date(2024, 1, 1))
    assert PrecedenceList.objects.in_force(HOST, datetime.date(2022, 12, 31)) == older
    assert PrecedenceList.objects.in_force(HOST, datetime.date(2023, 1, 1)) == newer
    assert PrecedenceList.objects.in_force(HOST, datetime.date(2018, 1, 1)) is None


def test_a_rotation_date_swaps_two_offices():
    presidency, vice = OfficeFactory(name="Presidency"), OfficeFactory(name="Vice-presidency")
    order = _list(datetime.date(2020, 1, 1), [presidency, vice])
    RotationFactory(precedence_list=order, first=presidency, second=vice, on=datetime.date(2024, 7, 1))
    guests = [GuestFactory(last_name="First", office=presidency), GuestFactory(last_name="Second", office=vice)]

    assert _names(precedence.ordered(guests, order, datetime.date(2024, 6, 30))) == ["First", "Second"]
    assert _names(precedence.ordered(guests, order, datetime.date(2024, 7, 1))) == ["Second", "First"]


def test_two_rotations_bring_the_offices_back():
    first, second = OfficeFactory(), OfficeFactory()
    order = _list(datetime.date(2020, 1, 1), [first, second])
    RotationFactory(precedence_list=order, first=first, second=second, on=datetime.date(2024, 1, 1))
    RotationFactory(precedence_list=order, first=first, second=second, on=datetime.date(2024, 7, 1))
    guests = [GuestFactory(last_name="One", office=first), GuestFactory(last_name="Two", office=second)]
    assert _names(precedence.ordered(guests, order, datetime.date(2024, 8, 1))) == ["One", "Two"]


def test_two_ambassadors_of_the_same_class_rank_by_the_date_they_took_up_their_functions():
    heads = OfficeFactory(name="Heads of diplomatic missions")
    order = _list(datetime.date(2020, 1, 1), [heads])
    order.entries.update(tie_rule=PrecedenceEntry.TieRule.VIENNA)
    ambassador = Guest.MissionClass.AMBASSADOR
    guests = [
        GuestFactory(last_name="Aalto", office=heads, mission_class=Guest.MissionClass.CHARGE),
        GuestFactory(
            last_name="Berg", office=heads, mission_class=ambassador, took_up_functions_on=datetime.date(2023, 3, 1)
        ),
        GuestFactory(
            last_name="Zorn", office=heads, mission_class=ambassador, took_up_functions_on=datetime.date(2021, 9, 15)
        ),
    ]
    # Zorn took up functions first; the chargé d'affaires comes after both, whatever the name.
    assert _names(precedence.ordered(guests, order, datetime.date(2024, 1, 1))) == ["Zorn", "Berg", "Aalto"]


def test_without_the_vienna_rule_holders_of_the_same_rank_come_by_name():
    heads = OfficeFactory()
    order = _list(datetime.date(2020, 1, 1), [heads])
    guests = [
        GuestFactory(last_name="Zorn", office=heads, took_up_functions_on=datetime.date(2021, 9, 15)),
        GuestFactory(last_name="Berg", office=heads, took_up_functions_on=datetime.date(2023, 3, 1)),
    ]
    assert _names(precedence.ordered(guests, order, datetime.date(2024, 1, 1))) == ["Berg", "Zorn"]


def test_a_representative_is_ranked_as_the_person_represented_and_shown_representing_them():
    minister_president, state_secretary, alderman = OfficeFactory(), OfficeFactory(), OfficeFactory()
    order = _list(datetime.date(2020, 1, 1), [minister_president, state_secretary, alderman])
    representative = GuestFactory(
        last_name="Deputy",
        office=alderman,
        representing_office=minister_president,
        representing_name="the Minister-President",
    )
    guests = [GuestFactory(last_name="Secretary", office=state_secretary), representative]
    assert _names(precedence.ordered(guests, order, datetime.date(2024, 1, 1))) == ["Deputy", "Secretary"]
    with translation.override("en"):
        assert representative.shown_name == "Sample Deputy, representing the Minister-President"


def test_a_representative_named_in_the_answer_takes_the_invited_guests_place():
    first, second = OfficeFactory(), OfficeFactory()
    order = _list(datetime.date(2020, 1, 1), [first, second])
    invited = GuestFactory(last_name="Zeta", office=first, rsvp=Guest.Rsvp.REPRESENTED, representative_name="Ms Alpha")
    guests = [GuestFactory(last_name="Beta", office=second), invited]
    assert _names(precedence.ordered(guests, order, datetime.date(2024, 1, 1))) == ["Zeta", "Beta"]
    with translation.override("en"):
        assert invited.shown_name == "Ms Alpha, representing Sample Zeta"


def test_guests_the_list_does_not_rank_come_last_by_name():
    ranked = OfficeFactory()
    order = _list(datetime.date(2020, 1, 1), [ranked])
    guests = [
        GuestFactory(last_name="Young"),
        GuestFactory(last_name="Adams"),
        GuestFactory(last_name="Zed", office=ranked),
    ]
    assert _names(precedence.ordered(guests, order, datetime.date(2024, 1, 1))) == ["Zed", "Adams", "Young"]


def test_without_a_list_in_force_guests_come_by_name():
    protocol_file = ProtocolFileFactory(precedence_host=HOST, date=datetime.date(2024, 1, 1))
    GuestFactory(protocol_file=protocol_file, last_name="Young")
    GuestFactory(protocol_file=protocol_file, last_name="Adams")
    assert _names(precedence.for_file(protocol_file)) == ["Adams", "Young"]
