"""Writes across the newsletter's models, each atomic."""

import datetime

from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from communication import mail
from communication.models import Article, Campaign, Consent, Delivery, Subscriber
from core.cache import content_changed


def _send_on_commit(message):
    transaction.on_commit(lambda: message.send(fail_silently=False))


@transaction.atomic
def subscriber_request(*, email, language, topics):
    """A subscription form was sent: whatever the address's state, the answer looks the same."""
    email = email.strip().lower()
    subscriber, created = Subscriber.objects.get_or_create(
        email=email, defaults={"language": language, "source": "web form"}
    )
    if subscriber.state == Subscriber.State.CONFIRMED:
        _send_on_commit(mail.already_subscribed(subscriber))
        return subscriber
    if subscriber.state in (Subscriber.State.BOUNCED, Subscriber.State.COMPLAINED):
        return subscriber  # never write again to an address that bounced or complained
    subscriber.language = language
    subscriber.state = Subscriber.State.PENDING
    subscriber.save()
    subscriber.topics.set(topics)
    _send_on_commit(mail.confirmation(subscriber))
    return subscriber


@transaction.atomic
def subscriber_confirm(*, subscriber, consent_text, method):
    if subscriber.state != Subscriber.State.CONFIRMED:
        subscriber.state = Subscriber.State.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save()
        Consent.objects.create(
            subscriber=subscriber, text=str(consent_text), language=subscriber.language, method=method
        )
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber):
    if subscriber.state in (Subscriber.State.CONFIRMED, Subscriber.State.PENDING):
        subscriber.state = Subscriber.State.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save()
    Delivery.objects.filter(subscriber=subscriber, state__in=[Delivery.State.QUEUED, Delivery.State.RETRY]).update(
        state=Delivery.State.FAILED, last_error="unsubscribed"
    )
    return subscriber


def subscriber_export(subscriber):
    """Everything kept about a subscriber, as a dict ready for JSON."""
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "state": subscriber.state,
        "topics": [theme.slug for theme in subscriber.topics.all()],
        "created_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "unsubscribed_at": subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None,
        "bounces": subscriber.bounces,
        "consents": [
            {"text": c.text, "language": c.language, "method": c.method, "given_at": c.given_at.isoformat()}
            for c in subscriber.consents.all()
        ],
        "deliveries": [
            {"edition": d.campaign.subject, "state": d.state, "sent_at": d.sent_at.isoformat() if d.sent_at else None}
            for d in subscriber.deliveries.select_related("campaign")
        ],
    }


@transaction.atomic
def subscriber_erase(*, subscriber):
    """Erasure on request: the subscriber, their consents and deliveries go."""
    subscriber.delete()


@transaction.atomic
def campaign_schedule(*, campaign, send_at=None):
    campaign.state = Campaign.State.SCHEDULED
    campaign.send_at = send_at or timezone.now()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_start(*, campaign):
    """Queue one delivery per confirmed subscriber; only the worker that flips the state does it.

    One transaction: a worker that dies while queueing leaves the edition scheduled, with no
    delivery, for the next worker to start again (not half queued, its other readers skipped).
    One INSERT ... SELECT: the database copies the subscribers' ids, none passes through
    Python (100,000 deliveries in about a second, not fifteen)."""
    now = timezone.now()
    if not Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.SCHEDULED).update(
        state=Campaign.State.SENDING, started_at=now
    ):
        return 0
    return _queue(campaign, Subscriber.objects.receiving())


def _queue(campaign, subscribers):
    """INSERT INTO deliveries SELECT ... FROM subscribers, each other column at its default."""
    connection = connections[Delivery.objects.db]
    quote = connection.ops.quote_name
    defaults = {
        field.column: field.get_default()
        for field in Delivery._meta.concrete_fields
        if not (field.primary_key or field.null or field.name in ("campaign", "subscriber"))
    }
    columns = ", ".join(quote(column) for column in ["campaign_id", "subscriber_id", *defaults])
    select, params = subscribers.order_by().values(receiving_id=F("pk")).query.sql_with_params()
    values = ", ".join(["%s", "receiving.receiving_id", *["%s"] * len(defaults)])
    sql = f"INSERT INTO {quote(Delivery._meta.db_table)} ({columns}) SELECT {values} FROM ({select}) receiving"
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign.pk, *defaults.values(), *params])
        return cursor.rowcount


SCHEDULE_MARK = "liaison:news-published-until"


def scheduled_articles_publish(*, now=None):
    """Make cached pages stale once a scheduled article's moment has come.

    Nothing is written when a scheduled article goes live, so no signal invalidates the cached
    home page, news list and feeds: the worker calls this every round. Returns whether an
    article went live since the last call.
    """
    now = now or timezone.now()
    since = cache.get(SCHEDULE_MARK)
    cache.set(SCHEDULE_MARK, now, None)
    went_live = Article.objects.filter(state=Article.State.PUBLISHED, publish_at__lte=now)
    if since is not None:
        went_live = went_live.filter(publish_at__gt=since)
    else:
        went_live = went_live.filter(publish_at__gt=now - datetime.timedelta(days=1))
    if went_live.exists():
        content_changed()
        return True
    return False
