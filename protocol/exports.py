"""The two lists of guests' private data that leave the back office, each with only what it needs:
the venue's security list (the fields the venue asks for, Venue.security_fields) and the
caterer's list (name, place, diet)."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.exports import csv_response
from protocol.models import SECURITY_FIELDS, Guest, GuestPrivate


def _confirmed(protocol_file):
    return (
        Guest.objects.filter(protocol_file=protocol_file)
        .confirmed()
        .select_related("private")
        .order_by("last_name", "first_name", "pk")
    )


def security_list(protocol_file):
    names = [
        name for name in (protocol_file.venue.security_fields if protocol_file.venue else []) if name in SECURITY_FIELDS
    ]
    header = [str(SECURITY_FIELDS[name][0]) for name in names]
    rows = ([SECURITY_FIELDS[name][1](guest) for name in names] for guest in _confirmed(protocol_file))
    return csv_response(f"security-{slugify(protocol_file.title)}.csv", header, rows)


def _diet(guest):
    try:
        return guest.private.diet
    except GuestPrivate.DoesNotExist:
        return ""


def caterer_list(protocol_file):
    seats = {}
    for plan in protocol_file.seating_plans.prefetch_related("seats"):
        for seat in plan.seats.all():
            seats.setdefault(seat.guest_id, (seat.table, seat.position))
    header = [_("last name"), _("first name"), _("accompanying persons"), _("table"), _("place"), _("diet")]
    rows = (
        [guest.last_name, guest.first_name, guest.plus_ones, *seats.get(guest.pk, ("", "")), _diet(guest)]
        for guest in _confirmed(protocol_file)
    )
    return csv_response(f"caterer-{slugify(protocol_file.title)}.csv", header, rows)
