"""Seating: the host at the head, the guest of honour at the host's right, then alternately by rank."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from protocol import seating, services
from protocol.models import Guest, Seat
from protocol.tests.factories import (
    GuestFactory,
    OfficeFactory,
    PrecedenceEntryFactory,
    PrecedenceListFactory,
    ProtocolFileFactory,
    SeatingPlanFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


ACCEPTED = Guest.Rsvp.ACCEPTED


@pytest.fixture
def dinner():
    """A file whose guests rank 1 to 5 by office, plus a host and a guest of honour."""
    order = PrecedenceListFactory(host="Host", valid_from=datetime.date(2020, 1, 1))
    offices = [OfficeFactory(name=f"Rank {rank}") for rank in range(1, 6)]
    for rank, office in enumerate(offices, start=1):
        PrecedenceEntryFactory(precedence_list=order, rank=rank, office=office)
    protocol_file = ProtocolFileFactory(precedence_host="Host", date=datetime.date(2024, 5, 1))
    GuestFactory(protocol_file=protocol_file, last_name="Host", role=Guest.Role.HOST, rsvp=ACCEPTED)
    GuestFactory(protocol_file=protocol_file, last_name="Honour", role=Guest.Role.GUEST_OF_HONOUR, rsvp=ACCEPTED)
    for rank in (4, 1, 5, 3, 2):
        GuestFactory(protocol_file=protocol_file, last_name=f"R{rank}", office=offices[rank - 1], rsvp=ACCEPTED)
    GuestFactory(protocol_file=protocol_file, last_name="Declined", office=offices[0], rsvp=Guest.Rsvp.DECLINED)
    GuestFactory(protocol_file=protocol_file, last_name="Silent", office=offices[0])
    return protocol_file


def _places(plan):
    return {seat.guest.last_name: (seat.table, seat.position) for seat in plan.seats.select_related("guest")}


def test_the_guest_of_honour_sits_at_the_hosts_right_and_the_others_alternate_by_rank(dinner):
    plan = SeatingPlanFactory(protocol_file=dinner, seats_per_table=10)
    services.seating_plan_fill(plan=plan)
    assert _places(plan) == {
        "Host": (1, 0),
        "Honour": (1, 1),
        "R1": (1, -1),
        "R2": (1, 2),
        "R3": (1, -2),
        "R4": (1, 3),
        "R5": (1, -3),
    }
    assert seating.problems(plan) == {}


def test_a_guest_who_declined_or_did_not_answer_is_never_seated(dinner):
    plan = SeatingPlanFactory(protocol_file=dinner, seats_per_table=10)
    services.seating_plan_fill(plan=plan)
    assert "Declined" not in _places(plan) and "Silent" not in _places(plan)
    declined = Guest.objects.get(last_name="Declined")
    with pytest.raises(ValidationError, match="accepted"):
        Seat(plan=plan, table=2, position=0, guest=declined).save()


def test_tables_fill_one_after_the_other(dinner):
    plan = SeatingPlanFactory(protocol_file=dinner, tables=3, seats_per_table=3)
    services.seating_plan_fill(plan=plan)
    assert _places(plan)["R1"] == (1, -1)
    assert _places(plan)["R2"] == (2, 0)
    assert _places(plan)["R5"] == (3, 0)


def test_a_plan_too_small_is_refused_and_left_as_it_was(dinner):
    plan = SeatingPlanFactory(protocol_file=dinner, seats_per_table=3)
    with pytest.raises(ValidationError):
        services.seating_plan_fill(plan=plan)
    assert not plan.seats.exists()


def test_no_seat_is_used_twice_and_no_guest_is_seated_twice(dinner):
    plan = SeatingPlanFactory(protocol_file=dinner, seats_per_table=10)
    services.seating_plan_fill(plan=plan)
    r1, r2 = Guest.objects.get(last_name="R1"), Guest.objects.get(last_name="R2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat.objects.filter(guest=r1).update(position=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Seat(plan=plan, table=2, position=0, guest=r2).save()


def test_a_move_by_hand_that_breaks_a_rule_is_flagged(dinner):
    plan = SeatingPlanFactory(protocol_file=dinner, seats_per_table=10)
    services.seating_plan_fill(plan=plan)
    r1 = Seat.objects.get(guest__last_name="R1")
    r5 = Seat.objects.get(guest__last_name="R5")
    r1.position, r5.position = r5.position, r1.position
    services.seats_move(seats=[r1, r5])  # a swap: each leaves its place first
    problems = seating.problems(plan)
    assert set(problems) == {r1.guest_id, r5.guest_id}
    assert problems[r1.guest_id] == ["sits out of the order of rank"]


def test_moving_the_guest_of_honour_away_from_the_hosts_right_is_flagged(dinner):
    plan = SeatingPlanFactory(protocol_file=dinner, seats_per_table=10)
    services.seating_plan_fill(plan=plan)
    honour = Seat.objects.get(guest__last_name="Honour")
    honour.position = 5
    services.seats_move(seats=[honour])
    problems = seating.problems(plan)
    assert list(problems) == [honour.guest_id]
    assert any("right" in message for message in problems[honour.guest_id])


def test_the_protocol_officer_swaps_two_guests_in_the_back_office(client, dinner, protocol_officer):
    plan = SeatingPlanFactory(protocol_file=dinner, seats_per_table=10)
    services.seating_plan_fill(plan=plan)
    seats = list(plan.seats.order_by("pk"))
    form = {
        "protocol_file": dinner.pk,
        "name": plan.name,
        "layout": plan.layout,
        "tables": plan.tables,
        "seats_per_table": plan.seats_per_table,
        "seats-TOTAL_FORMS": len(seats),
        "seats-INITIAL_FORMS": len(seats),
        "seats-MIN_NUM_FORMS": 0,
        "seats-MAX_NUM_FORMS": 1000,
    }
    swapped = {seats[2].pk: seats[3].position, seats[3].pk: seats[2].position}
    for index, seat in enumerate(seats):
        form.update(
            {
                f"seats-{index}-id": seat.pk,
                f"seats-{index}-plan": plan.pk,
                f"seats-{index}-table": seat.table,
                f"seats-{index}-position": swapped.get(seat.pk, seat.position),
                f"seats-{index}-guest": seat.guest_id,
                f"seats-{index}-note": "",
            }
        )
    client.force_login(protocol_officer)
    response = client.post(reverse("admin:protocol_seatingplan_change", args=[plan.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Seat.objects.get(pk=seats[2].pk).position == seats[3].position
    assert seating.problems(plan)  # R1 now sits after R2: flagged
