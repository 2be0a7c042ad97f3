"""Sending editions: deliveries claimed under a lease, so that any number of workers may run and die.

A worker claims a batch of deliveries with a conditional update (only rows nobody holds) and
records its lease in its Sender row, in the same transaction. Then, for each delivery in
order, it writes one small row: its Sender, naming the delivery about to go (in flight) and
renewing the lease, committed before the SMTP transaction starts. The deliveries' own states
are written once per batch, when it ends: sent, or given back.

A killed worker's lease expires and another worker takes it back (take_back_expired), reading
in the Sender row what the dead one did: the deliveries of its batch before the one in flight
were sent (those whose SMTP transaction had failed were marked at once, and are no longer
held), the one in flight may or may not have reached the relay (it is sent again, marked
unsure), and the rest were never started. Exactly-once over SMTP cannot be promised beyond
that: at most one message per connection, the one in flight at a kill, is sent twice.

A worker that stalls past its lease (a long pause, a hung relay) finds its Sender row gone
at its next message, and stops: the worker that took the lease back decides for its deliveries.
"""

import functools
import os
import smtplib
import socket
import time
import uuid
from datetime import timedelta

import psycopg
from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as database
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from communication import mail, services
from communication.models import Campaign, Delivery, Sender, Subscriber

BATCH = 200
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60  # doubled at each attempt
OPEN = [Delivery.State.QUEUED, Delivery.State.RETRY]  # a held delivery's states until it is marked
SUBSCRIBER_FIELDS = ["email", "language", "token", "state"]  # what a message needs of its reader


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def lease():
    return timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)


def start_due_campaigns():
    for campaign in Campaign.objects.due():
        services.campaign_start(campaign=campaign)


def held(sender):
    """The deliveries a Sender holds and has not marked (sent, failed or to retry)."""
    return Delivery.objects.filter(pk__gte=sender.first, pk__lte=sender.last, leased_by=sender.worker, state__in=OPEN)


def give_back(sender):
    """End a Sender's lease: what it sent is marked sent, the delivery it had in flight goes back
    marked unsure (it may have reached the relay), the rest simply goes back."""
    if sender.in_flight is not None:
        held(sender).filter(pk__lt=sender.in_flight).update(
            state=Delivery.State.SENT, sent_at=sender.in_flight_since, attempts=F("attempts") + 1
        )
        held(sender).filter(pk=sender.in_flight).update(is_unsure=True, leased_by="")
    held(sender).update(leased_by="")
    sender.delete()


def take_back_expired():
    """The leases of dead workers, given back for others to send the rest."""
    now = timezone.now()
    for expired in Sender.objects.filter(lease_until__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            # Locked and read again: a worker that renewed its lease meanwhile keeps it.
            sender = Sender.objects.select_for_update().filter(pk=expired, lease_until__lt=now).first()
            if sender is not None:
                give_back(sender)


def ready(now):
    return Q(state=Delivery.State.QUEUED) | Q(state=Delivery.State.RETRY, next_attempt_at__lte=now)


def candidates(now, size=BATCH):
    """The first deliveries free to claim: read without a lock, so another worker may take them first.

    Edition by edition, queued ones then retries that are due, each read in order from the
    index (campaign, state, id): a claim costs what its batch costs, however many are left."""
    ids = []
    for campaign in Campaign.objects.filter(state=Campaign.State.SENDING).values_list("pk", flat=True):
        free = Delivery.objects.filter(campaign=campaign, leased_by="")
        for state in (Q(state=Delivery.State.QUEUED), Q(state=Delivery.State.RETRY, next_attempt_at__lte=now)):
            if len(ids) < size:
                ids += free.filter(state).order_by("pk").values_list("pk", flat=True)[: size - len(ids)]
    return ids


def take(name, ids, now):
    """Lease the deliveries of `ids` still free; what another worker took meanwhile is left to it."""
    # Conditional: a row another worker claimed meanwhile no longer matches. By id only (the
    # candidates' editions were sending a moment ago, and an edition sending stays so until all
    # is sent): a condition on the edition made PostgreSQL read the edition's whole index.
    free = Delivery.objects.filter(ready(now), pk__in=ids, leased_by="")
    if not free.update(leased_by=name):
        return []
    first, last = min(ids), max(ids)
    mine = Delivery.objects.filter(pk__gte=first, pk__lte=last, leased_by=name, state__in=OPEN)
    # Only what sending reads: a tenth of the columns, each row a third of the time to load.
    fields = ["campaign_id", "subscriber_id", "attempts", *(f"subscriber__{field}" for field in SUBSCRIBER_FIELDS)]
    deliveries = list(mine.select_related("subscriber").only(*fields).order_by("pk"))
    batch = {"first": deliveries[0].pk, "last": deliveries[-1].pk, "in_flight": None, "in_flight_since": None}
    Sender.objects.update_or_create(worker=name, defaults={**batch, "lease_until": now + lease()})
    # The batch's editions and its subscribers' topics, each read once (not per delivery).
    campaigns = Campaign.objects.in_bulk({delivery.campaign_id for delivery in deliveries})
    topics = {delivery.subscriber_id: set() for delivery in deliveries}
    chosen = Subscriber.topics.through.objects.filter(subscriber__in=topics).values_list("subscriber", "theme")
    for subscriber, theme in chosen:
        topics[subscriber].add(theme)
    for delivery in deliveries:
        delivery.campaign = campaigns[delivery.campaign_id]
        delivery.subscriber.topic_ids = topics[delivery.subscriber_id]
    return deliveries


@transaction.atomic
def claim(name, size=BATCH):
    now = timezone.now()
    ids = candidates(now, size)
    return take(name, ids, now) if ids else []


def _mark(delivery, name, **fields):
    """Update a delivery this worker still holds, giving it back; False if the lease was lost."""
    with transaction.atomic():
        return Delivery.objects.filter(pk=delivery.pk, leased_by=name, state__in=OPEN).update(**fields) == 1


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
            leased_by="",
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


def in_flight(name, delivery):
    """Record `delivery` in flight and renew the lease, before its SMTP transaction starts: the one
    write of each message, on the worker's own small row. False if the lease was taken back.

    Written out: the ORM took longer to build this UPDATE than the database to run it. On
    PostgreSQL, with the values sent apart from the statement (psycopg's server-side binding):
    Django's cursor quotes them into the text in Python, three times the cost of the rest."""
    now = timezone.now()
    sql = _in_flight_sql(database.vendor)
    if database.vendor == "postgresql":
        database.ensure_connection()
        with psycopg.Cursor(database.connection) as cursor:
            cursor.execute(sql, [delivery.pk, now, now + lease(), name])
            return cursor.rowcount == 1
    adapt = database.ops.adapt_datetimefield_value
    with database.cursor() as cursor:
        cursor.execute(sql, [delivery.pk, adapt(now), adapt(now + lease()), name])
        return cursor.rowcount == 1


@functools.cache
def _in_flight_sql(vendor):
    quote = database.ops.quote_name
    column = {field.name: quote(field.column) for field in Sender._meta.concrete_fields}
    return (
        f"UPDATE {quote(Sender._meta.db_table)} SET {column['in_flight']} = %s, "
        f"{column['in_flight_since']} = %s, {column['lease_until']} = %s WHERE {column['worker']} = %s"
    )


@transaction.atomic
def end_batch(name, deliveries, last_sent, unsure=None):
    """The end of a batch: its deliveries up to the last sent (`last_sent`, an id or None) marked
    sent, those not started given back, nothing in flight any more. The batch is sent in order
    and a failure is marked when it happens, so every delivery up to the last sent that is still
    held was sent. `unsure`: a delivery whose SMTP transaction an error interrupted, given back
    marked unsure. One transaction: a kill before it commits leaves the Sender row to tell."""
    batch = Sender(worker=name, first=deliveries[0].pk, last=deliveries[-1].pk)
    if last_sent is not None:
        held(batch).filter(pk__lte=last_sent).update(
            state=Delivery.State.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
    if unsure is not None:
        held(batch).filter(pk=unsure).update(is_unsure=True, leased_by="")
    held(batch).update(leased_by="")
    Sender.objects.filter(worker=name).update(in_flight=None, in_flight_since=None)


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
    sent, last_sent, interrupted = 0, None, None
    try:
        for delivery in deliveries:
            if stopping():  # SIGTERM: the message in flight was finished, the rest is given back
                break
            if delivery.subscriber.state != delivery.subscriber.State.CONFIRMED:
                _mark(delivery, name, state=Delivery.State.FAILED, last_error=delivery.subscriber.state)
                continue
            campaign = delivery.campaign
            message = contents.editions.message(campaign, delivery.subscriber, contents.of(campaign), delivery.pk)
            if not in_flight(name, delivery):
                break  # the lease was taken back: its new holder decides for the rest
            interrupted = delivery.pk
            try:
                connection.open()
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError) as error:
                connection.close()  # a refused transaction may leave the session in any state
                _failed(delivery, name, error)
                interrupted = None
                continue
            except ValueError as error:  # an address Django cannot put in an envelope: never will
                _mark(delivery, name, state=Delivery.State.FAILED, last_error=str(error)[:500])
                interrupted = None
                continue
            interrupted = None
            sent, last_sent = sent + 1, delivery.pk
            if pause:
                time.sleep(pause)
    except Exception:
        # An error of the worker's own (a kill runs nothing here, and leaves the Sender row to
        # tell): what it knows is written, a message whose SMTP transaction it cut goes back unsure.
        end_batch(name, deliveries, last_sent, unsure=interrupted)
        raise
    end_batch(name, deliveries, last_sent)
    return sent


@transaction.atomic
def finish_campaigns():
    for campaign in Campaign.objects.filter(state=Campaign.State.SENDING):
        if not campaign.deliveries.filter(state__in=OPEN).exists():
            Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.SENDING).update(
                state=Campaign.State.SENT, finished_at=timezone.now()
            )


@transaction.atomic
def release(name):
    """Give back this worker's lease at the end of its round: nothing is held after a batch that
    ended well; after an error in one, what the Sender row says was sent or in flight."""
    for sender in Sender.objects.select_for_update().filter(worker=name):
        give_back(sender)


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
