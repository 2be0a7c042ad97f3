"""The delivery lease under two workers interleaved at chosen points, not killed at a random moment.

Each test runs worker A and worker B step by step in one process (the same functions the
worker runs: `candidates`/`take` of a claim, `send_batch`, `run_round`) and stops A exactly
where a race or a kill hurts. A lease's expiry is simulated by moving the Sender rows'
`lease_until` into the past, so nothing sleeps. Each test fails, every time, if one safeguard
of communication.sending is removed: recording the message in flight before its SMTP
transaction (not after, as if sent), claiming without the conditional update, or writing
without checking who holds the lease.
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from communication import sending, services
from communication.models import Delivery, Sender
from communication.tests.factories import CampaignFactory, SubscriberFactory


class Killed(BaseException):
    """The worker's process dies here: no except clause or finally of its own runs after it."""


class FailingConnection(EmailBackend):
    """An SMTP connection in the transaction of whose `fails_at`-th message (counted from 1)
    `error` is raised, before or after the relay accepts: Killed, the worker dies there; an
    Exception, an error of the worker's own."""

    def __init__(self, error, fails_at, accepted, **kwargs):
        super().__init__(**kwargs)
        self.error, self.countdown, self.accepted = error, fails_at, accepted

    def send_messages(self, messages):
        self.countdown -= 1
        if self.countdown or self.accepted:
            super().send_messages(messages)
        if not self.countdown:
            raise self.error
        return len(messages)


def DyingConnection(accepted, dies_at=1):
    return FailingConnection(Killed(), dies_at, accepted)


@pytest.fixture
def edition(db):
    subscribers = SubscriberFactory.create_batch(3)
    campaign = services.campaign_schedule(campaign=CampaignFactory())
    sending.start_due_campaigns()
    return campaign, subscribers


def connection():
    return EmailBackend()


def received():
    return Counter(message.to[0] for message in mail.outbox)


def expire_leases():
    Sender.objects.update(lease_until=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize("accepted", [False, True], ids=["before-the-relay-accepts", "after-the-relay-accepts"])
def test_a_worker_killed_in_the_smtp_transaction_leaves_the_message_to_another_marked_unsure(edition, accepted):
    _, subscribers = edition
    batch = sending.claim("A")
    assert len(batch) == 3
    with pytest.raises(Killed):
        sending.send_batch(batch, "A", DyingConnection(accepted), sending.Contents())
    first = subscribers[0].email

    # B comes by while A's lease runs: it takes nothing A holds.
    assert sending.run_round("B") == 0
    assert received() == Counter({first: 1} if accepted else {})

    expire_leases()
    assert sending.run_round("B") == 3
    # Nobody is skipped; a second copy goes only to the subscriber whose delivery says unsure.
    assert received() == Counter({s.email: 1 for s in subscribers}) + Counter({first: 1} if accepted else {})
    deliveries = {d.subscriber.email: d for d in Delivery.objects.select_related("subscriber")}
    assert all(d.state == Delivery.State.SENT and d.leased_by == "B" for d in deliveries.values())
    assert [email for email, d in deliveries.items() if d.is_unsure] == [first]


def test_two_workers_claiming_at_once_never_hold_the_same_delivery(edition):
    _, subscribers = edition
    now = timezone.now()
    # A reads the free deliveries; before it leases them, B claims them all.
    seen_by_a = sending.candidates(now)
    assert len(seen_by_a) == 3
    taken_by_b = sending.claim("B")
    assert len(taken_by_b) == 3
    # A's conditional update matches none of them any more.
    assert sending.take("A", seen_by_a, now) == []
    assert set(Delivery.objects.values_list("leased_by", flat=True)) == {"B"}

    assert sending.send_batch(taken_by_b, "B", connection(), sending.Contents()) == 3
    assert sending.run_round("A") == 0
    assert received() == Counter({s.email: 1 for s in subscribers})


def test_a_worker_killed_after_some_messages_has_them_marked_sent_not_sent_again(edition):
    _, subscribers = edition
    batch = sending.claim("A")
    # A sends two messages, whose "sent" it writes only at the end of the batch, and dies in the third.
    with pytest.raises(Killed):
        sending.send_batch(batch, "A", DyingConnection(accepted=False, dies_at=3), sending.Contents())
    assert received() == Counter({s.email: 1 for s in subscribers[:2]})

    expire_leases()
    assert sending.run_round("B") == 1
    assert received() == Counter({s.email: 1 for s in subscribers})
    states = {
        d.subscriber.email: (d.state, d.leased_by, d.is_unsure) for d in Delivery.objects.select_related("subscriber")
    }
    assert states == {
        subscribers[0].email: (Delivery.State.SENT, "A", False),
        subscribers[1].email: (Delivery.State.SENT, "A", False),
        subscribers[2].email: (Delivery.State.SENT, "B", True),
    }
    assert not Sender.objects.exists()


def test_a_worker_whose_lease_expired_does_not_send_what_another_took_over(edition):
    _, subscribers = edition
    held_by_a = sending.claim("A")
    # A stalls (a long pause, a slow disk) past its lease; B takes the deliveries back and sends them.
    expire_leases()
    sending.take_back_expired()
    held_by_b = sending.claim("B")
    assert [d.pk for d in held_by_b] == [d.pk for d in held_by_a]
    assert sending.send_batch(held_by_b, "B", connection(), sending.Contents()) == 3

    # A wakes up with its stale batch: its lease is gone, so it sends nothing and changes nothing.
    assert sending.send_batch(held_by_a, "A", connection(), sending.Contents()) == 0
    assert received() == Counter({s.email: 1 for s in subscribers})
    assert set(Delivery.objects.values_list("state", "leased_by", "is_unsure")) == {(Delivery.State.SENT, "B", False)}


def test_a_worker_back_from_a_stalled_smtp_transaction_does_not_overwrite_the_new_holder(edition):
    _, subscribers = edition
    [held_by_a] = sending.claim("A", size=1)
    # A is in its SMTP transaction (in flight) when its lease expires; B takes the delivery back.
    assert sending.in_flight("A", held_by_a)
    expire_leases()
    sending.take_back_expired()
    [held_by_b] = sending.claim("B", size=1)
    assert held_by_b.pk == held_by_a.pk and held_by_b.is_unsure
    # A's transaction returns: its "sent" is refused, B's lease and state stand.
    sending.end_batch("A", [held_by_a], last_sent=held_by_a.pk)
    held_by_b.refresh_from_db()
    assert (held_by_b.state, held_by_b.leased_by) == (Delivery.State.QUEUED, "B")
    assert not sending.in_flight("A", held_by_a) and sending.in_flight("B", held_by_b)


def test_an_error_in_an_smtp_transaction_leaves_that_message_unsure_and_what_was_sent_sent(edition):
    _, subscribers = edition
    batch = sending.claim("A")
    with pytest.raises(RuntimeError):
        sending.send_batch(batch, "A", FailingConnection(RuntimeError("bug"), 2, accepted=True), sending.Contents())
    states = {
        d.subscriber.email: (d.state, d.leased_by, d.is_unsure) for d in Delivery.objects.select_related("subscriber")
    }
    assert states == {
        subscribers[0].email: (Delivery.State.SENT, "A", False),
        subscribers[1].email: (Delivery.State.QUEUED, "", True),
        subscribers[2].email: (Delivery.State.QUEUED, "", False),
    }
    assert sending.run_round("B") == 2
    assert received() == Counter({s.email: 1 for s in subscribers}) + Counter({subscribers[1].email: 1})


def test_an_error_before_a_message_leaves_nothing_unsure(edition, monkeypatch):
    _, subscribers = edition
    batch = sending.claim("A")
    contents = sending.Contents()
    render = contents.editions.message
    calls = iter(range(10))

    def fails_second(*args, **kwargs):
        if next(calls) == 1:
            raise RuntimeError("a template error")
        return render(*args, **kwargs)

    monkeypatch.setattr(contents.editions, "message", fails_second)
    with pytest.raises(RuntimeError):
        sending.send_batch(batch, "A", connection(), contents)
    assert not Delivery.objects.filter(is_unsure=True).exists()
    assert sending.run_round("B") == 2
    assert received() == Counter({s.email: 1 for s in subscribers})


def test_an_address_no_envelope_can_hold_fails_that_delivery_only(edition):
    _, subscribers = edition
    batch = sending.claim("A")
    refused = FailingConnection(ValueError("Invalid address"), 2, accepted=False)
    assert sending.send_batch(batch, "A", refused, sending.Contents()) == 2
    states = {d.subscriber.email: d.state for d in Delivery.objects.select_related("subscriber")}
    assert states == {
        subscribers[0].email: Delivery.State.SENT,
        subscribers[1].email: Delivery.State.FAILED,
        subscribers[2].email: Delivery.State.SENT,
    }
