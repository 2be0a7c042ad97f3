"""Sending editions: deliveries claimed with leases, so that any number of workers may run and die.

A worker claims a batch of deliveries with a conditional update (only rows nobody holds, or
whose lease has expired), then for each one: marks it in flight and commits (with the previous
message's "sent", in the same transaction), runs the SMTP transaction on the worker's one
connection; the last one's "sent" is committed at the end of the batch. If the worker is
killed, its lease expires and another round takes the deliveries back. Those that were in
flight may or may not have reached the relay: they are sent again and marked unsure.
Exactly-once over SMTP cannot be promised beyond that; at most one message per connection in
flight per kill is sent twice.
"""

import os
import smtplib
import socket
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as database
from django.db import transaction
from django.db.models import Case, F, PositiveSmallIntegerField, Q, Value, When
from django.utils import timezone

from communication import mail, services
from communication.models import Campaign, Delivery

BATCH = 200
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60  # doubled at each attempt


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def lease():
    return timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)


def start_due_campaigns():
    for campaign in Campaign.objects.due():
        services.campaign_start(campaign=campaign)


@transaction.atomic
def take_back_expired():
    """Deliveries of dead workers: in flight ones may have been sent, so they are marked unsure."""
    now = timezone.now()
    Delivery.objects.filter(state=Delivery.State.SENDING, lease_until__lt=now).update(
        state=Delivery.State.QUEUED, is_unsure=True, leased_by="", lease_until=None
    )


def claimable(now):
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    ready = Q(state=Delivery.State.QUEUED) | Q(state=Delivery.State.RETRY, next_attempt_at__lte=now)
    return Delivery.objects.filter(free & ready, campaign__state=Campaign.State.SENDING)


def candidates(now, size=BATCH):
    """The first deliveries free to claim: read without a lock, so another worker may take them first."""
    return list(claimable(now).order_by("pk").values_list("pk", flat=True)[:size])


def take(name, ids, now):
    """Lease the deliveries of `ids` still free; what another worker took meanwhile is left to it."""
    # Conditional: a row another worker claimed meanwhile no longer matches.
    claimable(now).filter(pk__in=ids).update(leased_by=name, lease_until=now + lease())
    return list(
        Delivery.objects.filter(pk__in=ids, leased_by=name)
        .select_related("subscriber", "campaign")
        .prefetch_related("subscriber__topics")
        .order_by("pk")
    )


@transaction.atomic
def claim(name, size=BATCH):
    now = timezone.now()
    ids = candidates(now, size)
    return take(name, ids, now) if ids else []


def _mark(delivery, name, **fields):
    """Update a delivery this worker still holds; False if the lease was lost."""
    with transaction.atomic():
        return Delivery.objects.filter(pk=delivery.pk, leased_by=name).update(**fields) == 1


def _smtp_code(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return next(iter(error.recipients.values()))[0]
    return getattr(error, "smtp_code", None)


def _failed(delivery, name, error):
    code = _smtp_code(error)
    attempts = delivery.attempts + 1
    if code is not None and 500 <= code < 600 or attempts >= MAX_ATTEMPTS:
        _mark(delivery, name, state=Delivery.State.FAILED, attempts=attempts, last_error=str(error)[:500])
    else:
        retry_at = timezone.now() + timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempts - 1))
        _mark(
            delivery,
            name,
            state=Delivery.State.RETRY,
            attempts=attempts,
            next_attempt_at=retry_at,
            lease_until=None,
            last_error=str(error)[:500],
        )


class Contents:
    """The news and activities of each edition, read once per worker round, and its texts rendered
    once per language and selection of items (mail.Editions)."""

    def __init__(self):
        self.cache = {}
        self.editions = mail.Editions()

    def of(self, campaign):
        if campaign.pk not in self.cache:
            self.cache[campaign.pk] = campaign.contents()
        return self.cache[campaign.pk]


def _advance(name, sent, current):
    """One statement per message: the previous message's "sent" and this one's "in flight".

    "In flight" is committed before the SMTP transaction starts, so a kill leaves at most this
    one message unsure; "sent" is committed with the next message's mark (or at the end of the
    batch), which halves the writes. Both only on deliveries this worker still holds. One UPDATE
    in autocommit: one round trip to the database. Returns False if the lease on `current` was
    lost."""
    if current is None:
        delivery, at = sent
        Delivery.objects.filter(pk=delivery.pk, leased_by=name).update(
            state=Delivery.State.SENT, sent_at=at, attempts=F("attempts") + 1
        )
        return True
    until = timezone.now() + lease()
    if sent is None:
        fields = {"state": Delivery.State.SENDING, "lease_until": until}
        return Delivery.objects.filter(pk=current.pk, leased_by=name).update(**fields) == 1
    done, at = sent
    is_done = Q(pk=done.pk)
    updated = Delivery.objects.filter(pk__in=[done.pk, current.pk], leased_by=name).update(
        state=Case(When(is_done, then=Value(Delivery.State.SENT)), default=Value(Delivery.State.SENDING)),
        sent_at=Case(When(is_done, then=Value(at)), default=F("sent_at")),
        attempts=Case(
            When(is_done, then=F("attempts") + 1), default=F("attempts"), output_field=PositiveSmallIntegerField()
        ),
        lease_until=Case(When(is_done, then=F("lease_until")), default=Value(until)),
    )
    if updated == 2:
        return True
    # One of the two was taken over (rare): is the current one still ours?
    return Delivery.objects.filter(pk=current.pk, leased_by=name, state=Delivery.State.SENDING).exists()


def faster_commits():
    """On PostgreSQL, the worker's commits do not wait for the disk (synchronous_commit off).

    A killed worker loses nothing the server received; only a crash of the database server itself
    may lose the last marks, and then those few messages go again, as after a kill, but not
    marked unsure (and a routine's last record may be lost, so it runs again)."""
    if database.vendor == "postgresql":
        with database.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")


def send_batch(deliveries, name, connection, contents, stopping=lambda: False):
    pause = 1 / settings.NEWSLETTER_RATE if settings.NEWSLETTER_RATE else 0
    sent = 0
    pending = None  # (delivery, when) sent, its "sent" not yet written
    try:
        for delivery in deliveries:
            if stopping():
                break
            if delivery.subscriber.state != delivery.subscriber.State.CONFIRMED:
                _mark(delivery, name, state=Delivery.State.FAILED, last_error=delivery.subscriber.state)
                continue
            campaign = delivery.campaign
            message = contents.editions.message(campaign, delivery.subscriber, contents.of(campaign), delivery.pk)
            in_flight = _advance(name, pending, delivery)
            pending = None
            if not in_flight:
                continue
            try:
                connection.open()
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError) as error:
                connection.close()  # a refused transaction may leave the session in any state
                _failed(delivery, name, error)
                continue
            pending = (delivery, timezone.now())
            sent += 1
            if pause:
                time.sleep(pause)
    finally:
        # Also on SIGTERM's way out; not on a kill, which leaves `pending` in flight (unsure).
        if pending is not None:
            _advance(name, pending, None)
    return sent


@transaction.atomic
def finish_campaigns():
    open_states = [Delivery.State.QUEUED, Delivery.State.SENDING, Delivery.State.RETRY]
    for campaign in Campaign.objects.filter(state=Campaign.State.SENDING):
        if not campaign.deliveries.filter(state__in=open_states).exists():
            Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.SENDING).update(
                state=Campaign.State.SENT, finished_at=timezone.now()
            )


@transaction.atomic
def release(name):
    """Give back what this worker claimed and did not start, for others to take at once."""
    Delivery.objects.filter(leased_by=name, state__in=[Delivery.State.QUEUED, Delivery.State.RETRY]).update(
        leased_by="", lease_until=None
    )


def run_round(name, stopping=lambda: False):
    """Start due editions, take back dead workers' deliveries, send until none is left to claim.

    `stopping()` is asked between messages: a worker told to stop (SIGTERM) finishes the
    message in flight, gives back the rest of its batch and returns.
    """
    start_due_campaigns()
    take_back_expired()
    faster_commits()
    connection = get_connection(fail_silently=False)
    contents = Contents()
    sent = 0
    try:
        while not stopping() and (deliveries := claim(name)):
            sent += send_batch(deliveries, name, connection, contents, stopping)
    finally:
        connection.close()
        release(name)
    finish_campaigns()
    return sent
