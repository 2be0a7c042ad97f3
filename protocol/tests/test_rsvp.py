"""A guest's personal answer page: personal, unguessable, expiring, locked once answered, in
the guest's language with the form of address kept for their title."""

import datetime

import pytest
from django.utils import timezone

from protocol import services
from protocol.models import Guest, GuestPrivate
from protocol.tests.factories import FormOfAddressFactory, GuestFactory, GuestPrivateFactory, TitleFactory

pytestmark = pytest.mark.django_db


def _url(guest, language=None):
    return f"/{language or guest.language}/rsvp/{guest.token}/"


def test_each_guest_has_a_personal_link_that_cannot_be_guessed():
    first, second = GuestFactory(), GuestFactory()
    assert first.token != second.token
    assert len(first.token) >= 43  # 32 random bytes


def test_a_guest_accepts_with_accompanying_persons_and_the_answer_is_locked(client):
    guest = GuestFactory(language="en", plus_ones_allowed=1)
    response = client.post(_url(guest), {"rsvp": "accepted", "plus_ones": "1"})
    assert response.status_code == 302
    guest.refresh_from_db()
    assert (guest.rsvp, guest.plus_ones, guest.is_locked) == (Guest.Rsvp.ACCEPTED, 1, True)

    again = client.post(_url(guest), {"rsvp": "declined"})
    assert again.status_code == 200
    assert "Thank you" in again.content.decode()
    guest.refresh_from_db()
    assert guest.rsvp == Guest.Rsvp.ACCEPTED


def test_a_guest_names_a_representative(client):
    guest = GuestFactory(language="en")
    refused = client.post(_url(guest), {"rsvp": "represented", "representative_name": ""})
    assert refused.status_code == 400
    assert Guest.objects.get(pk=guest.pk).rsvp == Guest.Rsvp.INVITED
    client.post(_url(guest), {"rsvp": "represented", "representative_name": "Ms Alpha, deputy mayor"})
    guest.refresh_from_db()
    assert (guest.rsvp, guest.representative_name) == (Guest.Rsvp.REPRESENTED, "Ms Alpha, deputy mayor")


def test_more_accompanying_persons_than_allowed_are_refused_with_a_message(client):
    guest = GuestFactory(language="en", plus_ones_allowed=1)
    response = client.post(_url(guest), {"rsvp": "accepted", "plus_ones": "3"})
    assert response.status_code == 400
    assert Guest.objects.get(pk=guest.pk).rsvp == Guest.Rsvp.INVITED


def test_an_expired_link_refuses_the_answer(client):
    guest = GuestFactory(link_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(_url(guest), {"rsvp": "accepted"})
    assert response.status_code == 410
    assert Guest.objects.get(pk=guest.pk).rsvp == Guest.Rsvp.INVITED


def test_the_link_closes_at_the_exact_instant_of_expiry():
    now = timezone.now()
    guest = GuestFactory(link_expires_at=now)
    assert not guest.link_is_open(now)
    assert guest.link_is_open(now - datetime.timedelta(microseconds=1))
    with pytest.raises(services.LinkClosed):
        services.guest_answer(token=guest.token, rsvp="accepted", now=now)


def test_a_link_without_an_expiry_is_not_open_yet(client):
    guest = GuestFactory(link_expires_at=None)
    assert client.get(_url(guest)).status_code == 410


def test_an_unknown_token_is_not_found(client):
    GuestFactory()
    assert client.get("/en/rsvp/not-a-token/").status_code == 404


def test_a_new_invitation_replaces_the_old_link(client):
    guest = GuestFactory()
    old = guest.token
    services.guest_invite(guest=guest, expires_at=timezone.now() + datetime.timedelta(days=3))
    assert client.get(f"/fr/rsvp/{old}/").status_code == 404


def test_the_page_answers_in_the_guests_language_with_the_form_of_address_for_their_title(client):
    title = TitleFactory(name="Mayor")
    FormOfAddressFactory(title=title, language="nl", salutation="Mijnheer de Burgemeester")
    FormOfAddressFactory(title=title, language="fr", salutation="Monsieur le Bourgmestre")
    guest = GuestFactory(language="nl", title=title)

    response = client.get(_url(guest, "fr"))
    assert response.status_code == 302 and response["Location"] == _url(guest, "nl")
    page = client.get(_url(guest)).content.decode()
    assert "Mijnheer de Burgemeester," in page
    assert 'lang="nl"' in page
    assert "Bourgmestre" not in page


def test_the_page_is_never_cached_nor_indexed_and_keeps_its_address_to_itself(client):
    guest = GuestFactory(language="en")
    response = client.get(_url(guest))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_page_shows_no_private_data_of_the_guest(client):
    guest = GuestFactory(language="en")
    GuestPrivateFactory(guest=guest, diet="no shellfish", email="guest@example.org")
    page = client.get(_url(guest)).content.decode()
    assert "shellfish" not in page and "guest@example.org" not in page


def test_a_guest_gives_their_dietary_and_accessibility_needs_with_the_answer_and_nobody_else_reads_them(client):
    guest = GuestFactory(language="fr")
    data = {"rsvp": "accepted", "diet": "sans fruits de mer", "accessibility": "fauteuil roulant"}
    page = client.get(_url(guest), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Besoins alimentaires" in page
    assert client.post(_url(guest), data).status_code == 302
    private = GuestPrivate.objects.get(guest=guest)
    assert (private.diet, private.accessibility) == ("sans fruits de mer", "fauteuil roulant")
    answered = client.get(_url(guest)).content.decode()
    assert "fruits de mer" not in answered and "fauteuil" not in answered


def test_an_answer_without_needs_keeps_what_the_office_knew_and_a_refusal_gives_none():
    guest = GuestFactory()
    GuestPrivateFactory(guest=guest, diet="vegetarian")
    services.guest_answer(token=guest.token, rsvp=Guest.Rsvp.ACCEPTED, diet="  ", accessibility="")
    assert GuestPrivate.objects.get(guest=guest).diet == "vegetarian"
    other = GuestFactory()
    services.guest_answer(token=other.token, rsvp=Guest.Rsvp.DECLINED, diet="halal")
    assert not GuestPrivate.objects.filter(guest=other).exists()
