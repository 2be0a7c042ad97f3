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


class InvalidLink(Exception):
    pass


def sign(subscriber, salt):
    return signing.dumps([subscriber.pk, subscriber.token], salt=salt, compress=False)


def subscriber_for(value, salt, max_age=None):
    from communication.models import Subscriber

    try:
        pk, token = signing.loads(value, salt=salt, max_age=max_age)
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
