"""Writes across several records of a protocol file, each in one transaction."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from protocol import mail, seating
from protocol.models import Guest, GuestPrivate, Seat, _token


class LinkClosed(Exception):
    """The personal link has expired, or the answer is locked."""


@transaction.atomic
def guest_invite(*, guest, expires_at):
    """A new personal link for the guest, valid until `expires_at`; an older link stops working."""
    guest = Guest.objects.select_for_update().get(pk=guest.pk)
    guest.token = _token()
    guest.link_expires_at = expires_at
    guest.save(update_fields=["token", "link_expires_at"])
    return guest


@transaction.atomic
def invitations_send(*, guests, expires_at):
    """A new personal link for each guest with an e-mail address, sent once the links are saved,
    in the guest's language. Returns the guests invited; those without an address are left."""
    invited = []
    for guest in Guest.objects.filter(pk__in=[guest.pk for guest in guests], private__email__gt="").select_related(
        "private", "protocol_file__venue"
    ):
        guest = guest_invite(guest=guest, expires_at=expires_at)
        transaction.on_commit(partial(mail.send_invitation, guest))
        invited.append(guest)
    return invited


@transaction.atomic
def guest_answer(*, token, rsvp, representative_name="", plus_ones=0, diet="", accessibility="", now=None):
    """The guest's answer through their personal link; the answer is then locked. The needs the
    guest gives (diet, accessibility) go to their private data, which only the protocol role reads;
    an empty answer leaves what the office already knew."""
    now = now or timezone.now()
    guest = Guest.objects.select_for_update().filter(token=token).first()
    if guest is None or not guest.link_is_open(now):
        raise LinkClosed
    if rsvp not in (Guest.Rsvp.ACCEPTED, Guest.Rsvp.DECLINED, Guest.Rsvp.REPRESENTED):
        raise ValidationError({"rsvp": _("Choose an answer.")})
    guest.rsvp = rsvp
    guest.representative_name = representative_name if rsvp == Guest.Rsvp.REPRESENTED else ""
    guest.plus_ones = plus_ones if rsvp == Guest.Rsvp.ACCEPTED else 0
    guest.answered_at = now
    guest.full_clean()
    guest.save()
    needs = {"diet": diet.strip(), "accessibility": accessibility.strip()}
    needs = {field: value for field, value in needs.items() if value}
    if needs and rsvp != Guest.Rsvp.DECLINED:
        private, _created = GuestPrivate.objects.get_or_create(guest=guest)
        for field, value in needs.items():
            setattr(private, field, value)
        private.full_clean()
        private.save()
    return guest


def _stamp(guests, field, now, **required):
    """Set `field` to `now` on the guests that have none yet (and match `required`), one save each
    so that the audit records who did it and when. Returns how many were stamped."""
    chosen = Guest.objects.select_for_update().filter(pk__in=[guest.pk for guest in guests], **{field: None})
    stamped = 0
    for guest in chosen.filter(**required):
        setattr(guest, field, now)
        guest.save(update_fields=[field])
        stamped += 1
    return stamped


@transaction.atomic
def security_approve(*, guests, now=None):
    return _stamp(guests, "security_approved_at", now or timezone.now())


@transaction.atomic
def badges_issue(*, guests, now=None):
    """Badges for the guests security approved; the others get none. Returns how many were issued."""
    return _stamp(guests, "badge_issued_at", now or timezone.now(), security_approved_at__isnull=False)


@transaction.atomic
def guest_check_in(*, guest, now=None):
    """Checks the guest in; False if they were already (two phones at the door)."""
    return _stamp([guest], "checked_in_at", now or timezone.now()) == 1


@transaction.atomic
def seating_plan_fill(*, plan):
    """Seat the confirmed guests by the rules, replacing the plan's seats."""
    guests = list(Guest.objects.filter(protocol_file=plan.protocol_file).for_list())
    order = seating.in_seating_order(plan.protocol_file, guests)
    places = seating.places(plan)
    if len(order) > len(places):
        raise ValidationError(
            _("%(guests)d guests have accepted, and the plan has %(places)d places.")
            % {"guests": len(order), "places": len(places)}
        )
    plan.seats.all().delete()
    for guest, (table, position) in zip(order, places, strict=False):
        Seat(plan=plan, table=table, position=position, guest=guest).save()
    return len(order)


@transaction.atomic
def seats_move(*, seats):
    """Save seats moved by hand, swaps included: the moved seats leave their places first, so that
    no two seats hold the same place at any moment. Each moved seat is a Seat with its new place."""
    moved = [seat for seat in seats if seat.pk]
    for parked, seat in enumerate(moved, start=1):
        Seat.objects.filter(pk=seat.pk).update(table=0, position=-parked)
    for seat in seats:
        seat.save()
    return len(seats)
