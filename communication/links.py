"""The signed links of the newsletter: confirmation (expiring), preferences and unsubscription.

Each carries the subscriber's id and secret token, signed with SECRET_KEY; a changed character
breaks the signature, and erasing the subscriber voids every link they were sent.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

CONFIRM = "communication.confirm"
MANAGE = "communication.manage"
# Stands for a signed value in an address worked out once (communication.mail.Editions).
PLACEHOLDER = "signed-value-placeholder"


class InvalidLink(Exception):
    pass


def _signer(salt):
    # Only the confirmation expires; a subscriber's own links stay the same in every edition.
    return signing.TimestampSigner(salt=salt) if salt == CONFIRM else signing.Signer(salt=salt)


def sign(subscriber, salt, signer=None):
    """`signer`: the salt's signer made once (mail.Editions), or one made here."""
    return (signer or _signer(salt)).sign_object([subscriber.pk, subscriber.token])


def manage_signer():
    return _signer(MANAGE)


def subscriber_for(value, salt, max_age=None):
    from communication.models import Subscriber

    options = {"max_age": max_age} if salt == CONFIRM else {}
    try:
        pk, token = _signer(salt).unsign_object(value, **options)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink from error
    subscriber = Subscriber.objects.filter(pk=pk, token=token).first()
    if subscriber is None:
        raise InvalidLink
    return subscriber


def absolute(url_name, value, language):
    with translation.override(language):
        return settings.SITE_URL + reverse(url_name, args=[value])


def confirm_url(subscriber):
    return absolute("communication:confirm", sign(subscriber, CONFIRM), subscriber.language)


def unsubscribe_url(subscriber):
    return absolute("communication:unsubscribe", sign(subscriber, MANAGE), subscriber.language)


def preferences_url(subscriber):
    return absolute("communication:preferences", sign(subscriber, MANAGE), subscriber.language)


def confirmation_age():
    return settings.NEWSLETTER_CONFIRM_DAYS * 24 * 3600
