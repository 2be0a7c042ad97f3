"""The invitation, in the guest's language with the form of address of their title."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_invitation(guest):
    language = guest.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "guest": guest,
            "file": guest.protocol_file,
            "address": guest.form_of_address(),
            "link": settings.SITE_URL + guest.get_rsvp_url(),
        }
        subject = render_to_string("protocol/emails/invitation-subject.txt", context).strip()
        body = render_to_string("protocol/emails/invitation-body.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [guest.private.email]).send()
