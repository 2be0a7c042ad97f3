"""Badges after security only; the security and caterer lists with only the fields they need;
the check-in list at the door; the order of the flags."""

import csv
import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from core import roles
from partners.tests.factories import AssignmentFactory
from protocol import flags, services
from protocol.models import Guest
from protocol.tests.factories import (
    GuestFactory,
    GuestPrivateFactory,
    OfficeFactory,
    PrecedenceEntryFactory,
    PrecedenceListFactory,
    ProtocolFileFactory,
    SeatFactory,
    SeatingPlanFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

ACCEPTED = Guest.Rsvp.ACCEPTED


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def reception():
    venue = VenueFactory(security_fields=["last_name", "first_name", "date_of_birth"])
    protocol_file = ProtocolFileFactory(venue=venue, title="Reception")
    guest = GuestFactory(
        protocol_file=protocol_file, first_name="Ana", last_name="Berg", rsvp=ACCEPTED, organisation="Embassy"
    )
    GuestPrivateFactory(
        guest=guest,
        diet="no shellfish",
        accessibility="wheelchair",
        email="ana@example.org",
        nationality="Sample nationality",
        date_of_birth=datetime.date(1970, 5, 4),
        document_number="DOC123",
    )
    GuestFactory(protocol_file=protocol_file, last_name="Declined", rsvp=Guest.Rsvp.DECLINED)
    return protocol_file


def test_the_security_list_has_exactly_the_fields_the_venue_asks_for(client, reception, protocol_officer):
    client.force_login(protocol_officer)
    response = client.get(
        reverse("admin:protocol_protocolfile_security", args=[reception.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert _rows(response) == [["last name", "first name", "date of birth"], ["Berg", "Ana", "1970-05-04"]]


def test_the_caterers_list_has_the_name_place_and_diet_only(client, reception, protocol_officer):
    plan = SeatingPlanFactory(protocol_file=reception)
    SeatFactory(plan=plan, guest=reception.guests.get(last_name="Berg"), table=2, position=-1)
    client.force_login(protocol_officer)
    response = client.get(
        reverse("admin:protocol_protocolfile_caterer", args=[reception.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert _rows(response) == [
        ["last name", "first name", "accompanying persons", "table", "place", "diet"],
        ["Berg", "Ana", "0", "2", "-1", "no shellfish"],
    ]
    assert "wheelchair" not in response.content.decode() and "DOC123" not in response.content.decode()


@pytest.mark.parametrize("role", [role for role in roles.STAFF_ROLES if role != roles.PROTOCOL_OFFICER])
def test_no_other_role_exports_guests_private_data(client, reception, staff, role):
    client.force_login(staff[role])
    for name in ("security", "caterer"):
        response = client.get(reverse(f"admin:protocol_protocolfile_{name}", args=[reception.pk]))
        assert response.status_code in (403, 404)


def test_badges_are_issued_only_to_guests_security_approved(client, protocol_officer):
    approved = GuestFactory(rsvp=ACCEPTED)
    waiting = GuestFactory(protocol_file=approved.protocol_file, rsvp=ACCEPTED)
    client.force_login(protocol_officer)
    changelist = reverse("admin:protocol_guest_changelist")
    client.post(changelist, {"action": "approve_security", "_selected_action": [approved.pk]})
    response = client.post(
        changelist,
        {"action": "issue_badges", "_selected_action": [approved.pk, waiting.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert approved.security_approved_at and approved.badge_issued_at
    assert waiting.badge_issued_at is None
    assert "security has not approved" in response.content.decode()


def hold(activity, user):
    """The activity becomes one of the user's partners': a bilateral officer reads its protocol file."""
    activity.partners.add(AssignmentFactory(staff_member=user.staff_member).partner)


def test_a_bilateral_officer_cannot_approve_security(client, staff):
    guest = GuestFactory()
    hold(guest.protocol_file.activity, staff[roles.BILATERAL_OFFICER])
    client.force_login(staff[roles.BILATERAL_OFFICER])
    response = client.post(
        reverse("admin:protocol_guest_changelist"), {"action": "approve_security", "_selected_action": [guest.pk]}
    )
    assert response.status_code in (200, 403)
    guest.refresh_from_db()
    assert guest.security_approved_at is None


def test_the_door_checks_in_confirmed_guests_on_a_phone(client, reception, protocol_officer):
    client.force_login(protocol_officer)
    url = reverse("admin:protocol_protocolfile_checkin", args=[reception.pk])
    page = client.get(url).content.decode()
    assert "Ana Berg" in page and "Declined" not in page
    guest = reception.guests.get(last_name="Berg")
    client.post(url, {"guest": guest.pk})
    guest.refresh_from_db()
    assert guest.checked_in_at is not None
    assert 'name="viewport"' in client.get(url).content.decode()


@pytest.mark.parametrize("role", roles.STAFF_ROLES)
def test_the_check_in_list_per_role(client, reception, staff, role):
    client.force_login(staff[role])
    url = reverse("admin:protocol_protocolfile_checkin", args=[reception.pk])
    if role == roles.BILATERAL_OFFICER:
        # A bilateral officer reads the files of the activities of their partners only.
        assert client.get(url).status_code == 404
        hold(reception.activity, staff[role])
    may_read = role in (roles.PROTOCOL_OFFICER, roles.HEAD_OF_UNIT, roles.BILATERAL_OFFICER)
    assert client.get(url).status_code == (200 if may_read else 404)
    guest = reception.guests.get(last_name="Berg")
    response = client.post(url, {"guest": guest.pk})
    may_check_in = role in (roles.PROTOCOL_OFFICER, roles.HEAD_OF_UNIT)
    assert response.status_code == (200 if may_check_in else 403 if may_read else 404)
    guest.refresh_from_db()
    assert (guest.checked_in_at is not None) == may_check_in


def test_flags_come_by_precedence_with_the_hosts_first_or_alphabetically():
    order = PrecedenceListFactory(host="Host", valid_from=datetime.date(2020, 1, 1))
    first, second = OfficeFactory(), OfficeFactory()
    PrecedenceEntryFactory(precedence_list=order, rank=1, office=first)
    PrecedenceEntryFactory(precedence_list=order, rank=2, office=second)
    protocol_file = ProtocolFileFactory(precedence_host="Host", date=datetime.date(2024, 1, 1))
    GuestFactory(protocol_file=protocol_file, role=Guest.Role.HOST, country="Belgium", rsvp=ACCEPTED)
    GuestFactory(protocol_file=protocol_file, office=second, country="Austria", rsvp=ACCEPTED)
    GuestFactory(protocol_file=protocol_file, office=first, country="Türkiye", rsvp=ACCEPTED)
    GuestFactory(protocol_file=protocol_file, office=first, country="Germany", rsvp=Guest.Rsvp.DECLINED)
    assert flags.flag_order(protocol_file) == ["Belgium", "Türkiye", "Austria"]
    assert flags.flag_order(protocol_file, flags.ALPHABETICAL, "en") == ["Belgium", "Austria", "Türkiye"]


def test_the_audit_records_who_approved_and_issued_a_badge(client, protocol_officer):
    guest = GuestFactory(rsvp=ACCEPTED)
    client.force_login(protocol_officer)
    changelist = reverse("admin:protocol_guest_changelist")
    client.post(changelist, {"action": "approve_security", "_selected_action": [guest.pk]})
    client.post(changelist, {"action": "issue_badges", "_selected_action": [guest.pk]})
    entries = LogEntry.objects.get_for_object(guest).filter(action=LogEntry.Action.UPDATE)
    changed = {field for entry in entries for field in entry.changes_dict}
    assert {"security_approved_at", "badge_issued_at"} <= changed
    assert {entry.actor for entry in entries} == {protocol_officer}


def test_a_guest_is_checked_in_once_whatever_the_number_of_phones():
    guest = GuestFactory(rsvp=ACCEPTED)
    assert services.guest_check_in(guest=guest) is True
    assert services.guest_check_in(guest=guest) is False
