"""Seating: the host at the head of the first table, the guest of honour at the host's right,
then the others by rank, alternately at the right and at the left.

A place is `(table, position)`: position 0 is the head of a table, 1 the place at the head's
right, -1 at their left, 2 the next at the right, and so on; a row of chairs is one table with
the host in the middle. Places fill in that order (`slot`), table after table, so that a guest
who ranks higher always sits nearer the head than one who ranks lower.
"""

import bisect

from django.utils.translation import gettext as _

from protocol import precedence
from protocol.models import Guest


def positions(seats_per_table):
    """The positions of a table in the order they are given: 0, 1, -1, 2, -2..."""
    result = [0]
    step = 1
    while len(result) < seats_per_table:
        result.append(step)
        if len(result) < seats_per_table:
            result.append(-step)
        step += 1
    return result


def slot(plan, table, position):
    """The place's turn in the order of filling: lower is nearer the head of the first table."""
    turn = 2 * position - 1 if position > 0 else -2 * position
    return (table - 1) * plan.seats_per_table + turn


def in_seating_order(protocol_file, guests):
    """Confirmed guests: the host first, the guest of honour second, then the others by rank."""
    ranked = precedence.for_file(protocol_file, [guest for guest in guests if guest.is_confirmed])
    hosts = [guest for guest in ranked if guest.role == Guest.Role.HOST]
    honoured = [guest for guest in ranked if guest.role == Guest.Role.GUEST_OF_HONOUR]
    return hosts + honoured + [guest for guest in ranked if guest.role == Guest.Role.GUEST]


def places(plan):
    return [(table, position) for table in range(1, plan.tables + 1) for position in positions(plan.seats_per_table)]


def problems(plan):
    """{guest pk: [messages]} for the places that break a rule, after moves by hand."""
    seats = list(plan.seats.select_related("guest__office", "guest__representing_office"))
    if not seats:
        return {}
    found = {}
    order = in_seating_order(plan.protocol_file, [seat.guest for seat in seats])
    rank = {guest.pk: index for index, guest in enumerate(order)}
    by_guest = {seat.guest_id: seat for seat in seats}
    for seat in seats:
        guest = seat.guest
        if not guest.is_confirmed:
            found.setdefault(guest.pk, []).append(_("has not accepted the invitation"))
        if guest.role == Guest.Role.HOST and (seat.table, seat.position) != (1, 0):
            found.setdefault(guest.pk, []).append(_("the host sits at the head of the first table"))
    hosts = [seat for seat in seats if seat.guest.role == Guest.Role.HOST]
    for seat in seats:
        if seat.guest.role == Guest.Role.GUEST_OF_HONOUR and hosts:
            host = hosts[0]
            if (seat.table, seat.position) != (host.table, host.position + 1):
                found.setdefault(seat.guest_id, []).append(_("the guest of honour sits at the host's right"))
    ranked = sorted((seat for seat in seats if seat.guest_id in rank), key=lambda seat: rank[seat.guest_id])
    in_order = _longest_in_order([slot(plan, seat.table, seat.position) for seat in ranked])
    for index, seat in enumerate(ranked):
        if index not in in_order:
            found.setdefault(seat.guest_id, []).append(_("sits out of the order of rank"))
    return {pk: messages for pk, messages in found.items() if pk in by_guest}


def _longest_in_order(slots):
    """The indexes of a longest run of `slots` that rises (not necessarily contiguous): the guests
    who keep their order of rank. The others are those moved out of it, and only they are flagged."""
    tails, previous, ends = [], [None] * len(slots), []
    for index, value in enumerate(slots):
        position = bisect.bisect_left(tails, value)
        if position == len(tails):
            tails.append(value)
            ends.append(index)
        else:
            tails[position] = value
            ends[position] = index
        previous[index] = ends[position - 1] if position else None
    kept, index = set(), ends[-1] if ends else None
    while index is not None:
        kept.add(index)
        index = previous[index]
    return kept
