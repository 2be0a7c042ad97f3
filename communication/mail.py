"""The messages of the newsletter, each in its subscriber's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from communication import links


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


class Editions:
    """Renders each edition once per language and selection of items (what a set of topics gives);
    each subscriber's message is that text with their own links put in. One per worker round."""

    def __init__(self):
        self.rendered = {}

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
        unsubscribe, preferences = links.unsubscribe_url(subscriber), links.preferences_url(subscriber)
        text = text.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences)
        html = html.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences)
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        if delivery_id:
            headers["X-Liaison-Delivery"] = str(delivery_id)
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [subscriber.email], headers=headers
        )
        message.attach_alternative(html, "text/html")
        return message


def edition(campaign, subscriber, contents=None, delivery_id=None):
    """An edition for one subscriber: the news and activities of their topics, their own links and
    the one-click headers (RFC 8058). `contents`: the campaign's EditionContents, read once per round."""
    return Editions().message(campaign, subscriber, contents, delivery_id)
