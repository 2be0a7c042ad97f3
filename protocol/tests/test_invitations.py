"""Invitations by e-mail, in the guest's language, with the form of address of their title."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from protocol import services
from protocol.tests.factories import FormOfAddressFactory, GuestFactory, GuestPrivateFactory, TitleFactory

pytestmark = pytest.mark.django_db


def test_each_guest_is_invited_in_their_language_with_their_form_of_address(django_capture_on_commit_callbacks):
    title = TitleFactory(name="Mayor")
    FormOfAddressFactory(title=title, language="nl", salutation="Mijnheer de Burgemeester")
    guest = GuestFactory(language="nl", title=title, protocol_file__title="Receptie", link_expires_at=None)
    GuestPrivateFactory(guest=guest, email="mayor@example.org")
    without_address = GuestFactory(protocol_file=guest.protocol_file)
    expires_at = timezone.now() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.invitations_send(guests=[guest, without_address], expires_at=expires_at)
    assert [invited_guest.pk for invited_guest in invited] == [guest.pk]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    guest.refresh_from_db()
    assert message.to == ["mayor@example.org"]
    assert message.subject == "Uitnodiging: Receptie"
    assert message.body.startswith("Mijnheer de Burgemeester,")
    assert f"/nl/rsvp/{guest.token}/" in message.body
    assert guest.link_is_open()


def test_nothing_is_sent_when_the_links_are_not_saved(django_capture_on_commit_callbacks):
    guest = GuestFactory()
    GuestPrivateFactory(guest=guest, email="guest@example.org")
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services.invitations_send(guests=[guest], expires_at=timezone.now() + datetime.timedelta(days=1))
            raise RuntimeError
    assert mail.outbox == []


def test_the_protocol_officer_sends_invitations_from_the_list(
    client, protocol_officer, django_capture_on_commit_callbacks
):
    guest = GuestFactory(language="en")
    GuestPrivateFactory(guest=guest, email="guest@example.org")
    client.force_login(protocol_officer)
    changelist = reverse("admin:protocol_guest_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "send_invitations", "_selected_action": [guest.pk]})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["guest@example.org"]
