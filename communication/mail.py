"""The messages of the newsletter, each in its subscriber's language."""

import re
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import translation

from communication import links
from core import smtp


def _message(template, context, to, language, headers=None):
    with translation.override(language):
        subject = " ".join(render_to_string(f"communication/email/{template}_subject.txt", context).split())
        text = render_to_string(f"communication/email/{template}.txt", context)
        html = render_to_string(f"communication/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def confirmation(subscriber):
    context = {"confirm_url": links.confirm_url(subscriber), "days": settings.NEWSLETTER_CONFIRM_DAYS}
    return _message("confirm", context, subscriber.email, subscriber.language)


def already_subscribed(subscriber):
    context = {"preferences_url": links.preferences_url(subscriber)}
    return _message("already", context, subscriber.email, subscriber.language)


UNSUBSCRIBE_MARK = "https://liaison.invalid/unsubscribe-mark"
PREFERENCES_MARK = "https://liaison.invalid/preferences-mark"
# What differs between two subscribers' copies of an edition, marked in the one rendering.
TO_MARK = "to-mark@liaison.invalid"
DELIVERY_MARK = "delivery-mark"
DATE_MARK = "date-mark"
MESSAGE_ID_MARK = "<message-id-mark@liaison.invalid>"
SLOTS = (UNSUBSCRIBE_MARK, PREFERENCES_MARK, TO_MARK, DELIVERY_MARK, DATE_MARK, MESSAGE_ID_MARK)
# A copy's longest line stays under SMTP's 998 octets with its own links put in.
ROOM_FOR_LINKS = 400


class Wire:
    """The bytes of an edition's message as SMTP sends them (core.smtp.on_the_wire), flattened once
    by Django with a mark in each place a subscriber's copy differs, and split at the marks."""

    def __init__(self, data):
        pattern = re.compile(b"(" + b"|".join(re.escape(mark.encode()) for mark in SLOTS) + b")")
        pieces = pattern.split(data)
        self.fixed = pieces[::2]
        self.slots = [SLOTS.index(mark.decode()) for mark in pieces[1::2]]

    @classmethod
    def of(cls, message, text, html):
        """The wire of a message written with the marks, or None where flattening changed a mark
        (an encoded body or a folded header): such an edition's copies are flattened one by one."""
        data = smtp.on_the_wire(message.message().as_bytes(linesep="\r\n"))
        links = {mark: text.count(mark) + html.count(mark) for mark in (UNSUBSCRIBE_MARK, PREFERENCES_MARK)}
        expected = {**dict.fromkeys(SLOTS, 1), UNSUBSCRIBE_MARK: 1 + links[UNSUBSCRIBE_MARK]}
        expected[PREFERENCES_MARK] = links[PREFERENCES_MARK]
        if any(data.count(mark.encode()) != count for mark, count in expected.items()):
            return None
        marked = (line for line in data.split(b"\r\n") if b"liaison.invalid" in line)
        if max(map(len, marked)) + ROOM_FOR_LINKS > 998:
            return None
        return cls(data)

    def fill(self, values):
        """The copy with `values` (bytes, in the order of SLOTS) in place of the marks."""
        fixed, slots = self.fixed, self.slots
        pieces = [fixed[0]]
        for index, slot in enumerate(slots, 1):
            pieces.append(values[slot])
            pieces.append(fixed[index])
        return b"".join(pieces)


class Editions:
    """Renders each edition once per language and selection of items (what a set of topics gives);
    each subscriber's message is that text with their own links put in. One per worker round.

    A message sent to a delivery also carries its bytes for SMTP (`wire`), made from one flattening
    of the same rendering, so that the sending does not build MIME objects for each copy."""

    def __init__(self):
        self.rendered = {}
        self.wires = {}
        self.addresses = {}
        self.signer = links.manage_signer()

    def message(self, campaign, subscriber, contents=None, delivery_id=None):
        articles, activities = (contents or campaign.contents()).for_subscriber(subscriber)
        key = (campaign.pk, subscriber.language, tuple(a.pk for a in articles), tuple(a.pk for a in activities))
        if key not in self.rendered:
            context = {
                "campaign": campaign,
                "articles": articles,
                "activities": activities,
                "site_url": settings.SITE_URL,
                "unsubscribe_url": UNSUBSCRIBE_MARK,
                "preferences_url": PREFERENCES_MARK,
            }
            with translation.override(subscriber.language):
                self.rendered[key] = (
                    " ".join(render_to_string("communication/email/edition_subject.txt", context).split()),
                    render_to_string("communication/email/edition.txt", context),
                    render_to_string("communication/email/edition.html", context),
                )
        subject, text, html = self.rendered[key]
        unsubscribe, preferences = self.links(subscriber)
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        if delivery_id:
            headers["X-Liaison-Delivery"] = str(delivery_id)
        message = EmailMultiAlternatives(
            subject,
            text.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences),
            settings.DEFAULT_FROM_EMAIL,
            [subscriber.email],
            headers=headers,
        )
        message.attach_alternative(
            html.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences), "text/html"
        )
        if delivery_id and smtp.PLAIN_ADDRESS.match(subscriber.email):
            wire = self.wire(key, subject, text, html)
            if wire is not None:
                message.wire = wire.fill(
                    (
                        unsubscribe.encode(),
                        preferences.encode(),
                        subscriber.email.encode(),
                        str(delivery_id).encode(),
                        formatdate(localtime=settings.EMAIL_USE_LOCALTIME).encode(),
                        make_msgid(domain=DNS_NAME).encode(),
                    )
                )
        return message

    def wire(self, key, subject, text, html):
        if key not in self.wires:
            headers = {
                "List-Unsubscribe": f"<{UNSUBSCRIBE_MARK}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "X-Liaison-Delivery": DELIVERY_MARK,
                "Date": DATE_MARK,
                "Message-ID": MESSAGE_ID_MARK,
            }
            marked = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [TO_MARK], headers=headers)
            marked.attach_alternative(html, "text/html")
            self.wires[key] = Wire.of(marked, text, html)
        return self.wires[key]

    def links(self, subscriber):
        """The subscriber's unsubscribe and preferences links: signed once, the address of each
        page in the subscriber's language worked out once per round."""
        value = links.sign(subscriber, links.MANAGE, self.signer)
        return tuple(
            self.address(name, subscriber.language).replace(links.PLACEHOLDER, value)
            for name in ("communication:unsubscribe", "communication:preferences")
        )

    def address(self, name, language):
        if (name, language) not in self.addresses:
            self.addresses[name, language] = links.absolute(name, links.PLACEHOLDER, language)
        return self.addresses[name, language]


def edition(campaign, subscriber, contents=None, delivery_id=None):
    """An edition for one subscriber: the news and activities of their topics, their own links and
    the one-click headers (RFC 8058). `contents`: the campaign's EditionContents, read once per round."""
    return Editions().message(campaign, subscriber, contents, delivery_id)
