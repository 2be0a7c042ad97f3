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


def edition(campaign, subscriber, contents=None, delivery_id=None):
    """An edition for one subscriber: the news and activities of their topics, their own links and
    the one-click headers (RFC 8058). `contents`: the campaign's EditionContents, read once per round."""
    articles, activities = (contents or campaign.contents()).for_subscriber(subscriber)
    unsubscribe = links.unsubscribe_url(subscriber)
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    if delivery_id:
        headers["X-Liaison-Delivery"] = str(delivery_id)
    context = {
        "campaign": campaign,
        "articles": articles,
        "activities": activities,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "preferences_url": links.preferences_url(subscriber),
    }
    return _message("edition", context, subscriber.email, subscriber.language, headers)
