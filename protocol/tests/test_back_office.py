"""The back office's lists keep their queries bounded, each role reaches what it may, and the
plan and place cards print."""

import pytest
from django.urls import reverse
from django.utils import translation

from core import roles
from protocol import printing, services
from protocol.models import Guest, Venue
from protocol.tests.factories import (
    GiftFactory,
    GuestFactory,
    OfficeFactory,
    ProtocolFileFactory,
    SeatingPlanFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["protocolfile", "guest", "gift", "seatingplan", "venue", "precedencelist", "office", "title"]
# Who reads each list: the protocol officer and the head of unit manage, other officers read.
READERS = {
    roles.PROTOCOL_OFFICER: set(LISTS),
    roles.HEAD_OF_UNIT: set(LISTS),
    roles.BILATERAL_OFFICER: set(LISTS),
    roles.COMMUNICATION_OFFICER: {"gift"},
    roles.DEVELOPMENT_OFFICER: set(),
    roles.FINANCE: set(),
}


@pytest.mark.parametrize("name", LISTS)
def test_each_list_keeps_its_queries_bounded(client, protocol_officer, django_assert_max_num_queries, name):
    protocol_file = ProtocolFileFactory()
    for _index in range(30):
        GuestFactory(protocol_file=protocol_file, office=OfficeFactory())
        ProtocolFileFactory()
        GiftFactory()
        SeatingPlanFactory(protocol_file=protocol_file)
    client.force_login(protocol_officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse(f"admin:protocol_{name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("role", roles.STAFF_ROLES)
def test_each_role_reads_the_lists_it_may_and_is_refused_the_others(client, staff, role):
    client.force_login(staff[role])
    for name in LISTS:
        status = client.get(reverse(f"admin:protocol_{name}_changelist")).status_code
        assert status == (200 if name in READERS[role] else 403), name


def test_the_plan_and_the_place_cards_print_each_card_in_its_guests_language(client, protocol_officer):
    protocol_file = ProtocolFileFactory()
    GuestFactory(protocol_file=protocol_file, role=Guest.Role.HOST, rsvp=Guest.Rsvp.ACCEPTED, language="fr")
    GuestFactory(
        protocol_file=protocol_file,
        last_name="Peeters",
        rsvp=Guest.Rsvp.REPRESENTED,
        representative_name="Jan Janssens",
        language="nl",
    )
    plan = SeatingPlanFactory(protocol_file=protocol_file)
    services.seating_plan_fill(plan=plan)
    with translation.override("en"):
        cards = [printing.card_html(seat) for seat in plan.seats.select_related("guest")]
    assert any("Jan Janssens, namens Sample Peeters" in card for card in cards)
    client.force_login(protocol_officer)
    for name in ("plan", "cards"):
        response = client.get(reverse(f"admin:protocol_seatingplan_{name}", args=[plan.pk]))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")


def test_a_role_that_may_not_see_the_plan_cannot_print_it(client, staff):
    plan = SeatingPlanFactory()
    client.force_login(staff[roles.COMMUNICATION_OFFICER])
    assert client.get(reverse("admin:protocol_seatingplan_cards", args=[plan.pk])).status_code in (403, 404)


def test_new_personal_links_replace_the_old_ones(client, protocol_officer):
    guest = GuestFactory(link_expires_at=None)
    old = guest.token
    client.force_login(protocol_officer)
    client.post(reverse("admin:protocol_guest_changelist"), {"action": "renew_links", "_selected_action": [guest.pk]})
    guest.refresh_from_db()
    assert guest.token != old and guest.link_is_open()


def test_the_office_says_which_fields_a_venues_security_asks_for(client, protocol_officer):
    client.force_login(protocol_officer)
    form = {
        "name": "Sample hall",
        "security_fields": ["last_name", "date_of_birth"],
        "rooms-TOTAL_FORMS": 0,
        "rooms-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:protocol_venue_add"), form)
    assert response.status_code == 302
    assert Venue.objects.get(name="Sample hall").security_fields == ["last_name", "date_of_birth"]
    form.update(name="Other hall", security_fields=["shoe_size"])
    assert client.post(reverse("admin:protocol_venue_add"), form).status_code == 200
    assert not Venue.objects.filter(name="Other hall").exists()
