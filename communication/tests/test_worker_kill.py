"""A worker killed (SIGKILL) three times in the middle of an edition, and restarted, finishes it.

The worker runs as `manage.py worker` in its own process, on its own SQLite database, and
sends to a real SMTP server on loopback; the checks are made on the server's side.
"""

import collections
import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings

from communication.tests.conftest import Sink

SUBSCRIBERS = 1000
KILL_AFTER = (150, 400, 650)  # messages received by the server

SETUP = """
from communication.models import Campaign, Subscriber
from communication import services
Subscriber.objects.bulk_create(
    Subscriber(email=f"reader{n}@example.org", language="fr" if n % 2 else "nl", state="confirmed", token=f"t{n}")
    for n in range(COUNT)
)
campaign = Campaign.objects.create(subject_en="Globe", subject_fr="Le Globe", subject_nl="De Globe")
services.campaign_schedule(campaign=campaign)
"""


def manage(env, *args, **options):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, **options
    )


def start_worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval=0.2"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def received(folder):
    return len(list(folder.glob("*.eml")))


def test_a_worker_killed_three_times_finishes_the_edition_with_nobody_skipped(tmp_path):
    database = tmp_path / "worker.sqlite3"
    sink = Sink(tmp_path / "mail")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")},
        "DATABASE_URL": f"sqlite:///{database}",
        "EMAIL_URL": sink.url,
        "NEWSLETTER_LEASE_SECONDS": "2",
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    kills = []
    worker = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", SETUP.replace("COUNT", str(SUBSCRIBERS)))
        worker = start_worker(env)
        for threshold in KILL_AFTER:
            wait_for(lambda threshold=threshold: received(sink.folder) >= threshold, 120, f"{threshold} messages")
            worker.send_signal(signal.SIGKILL)
            kills.append(datetime.datetime.now(datetime.UTC))
            worker.wait()
            worker = start_worker(env)
        wait_for(lambda: campaign_state(database) == "sent", 180, "the end of the edition")
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        sink.stop()

    messages = sink.messages
    with sqlite3.connect(database) as db:
        deliveries = dict(db.execute("SELECT id, is_unsure FROM communication_delivery"))
        states = {state for (state,) in db.execute("SELECT DISTINCT state FROM communication_delivery")}
        languages = dict(db.execute("SELECT email, language FROM communication_subscriber"))
        beats = db.execute("SELECT seen_at, stopped_at FROM core_workerbeat ORDER BY started_at").fetchall()
    assert len(deliveries) == SUBSCRIBERS and states == {"sent"}
    copies = collections.Counter(int(message["X-Liaison-Delivery"]) for message in messages)
    assert set(copies) == set(deliveries), "a subscriber was skipped"
    duplicated = {pk for pk, count in copies.items() if count > 1}
    unsure = {pk for pk, flag in deliveries.items() if flag}
    assert duplicated <= unsure, "a message sent twice is not marked unsure"
    assert all(copies[pk] == 2 for pk in duplicated)
    assert len(unsure) <= len(KILL_AFTER), "at most one message in flight per kill (one connection)"
    # Each worker beat while it sent (its own thread): its last heartbeat came at most two before its kill.
    assert len(beats) == len(KILL_AFTER) + 1 and not any(stopped for _, stopped in beats)
    for (seen, _), killed in zip(beats, kills, strict=False):
        seen = datetime.datetime.fromisoformat(seen).replace(tzinfo=datetime.UTC)
        assert timedelta(0) <= killed - seen <= timedelta(seconds=2), (seen, killed)
    for message in messages:
        expected = {"fr": "Le Globe", "nl": "De Globe"}[languages[message["To"]]]
        assert message["Subject"] == expected
    print(f"{len(messages)} messages for {SUBSCRIBERS} subscribers, {len(unsure)} unsure, {len(duplicated)} twice")


def campaign_state(database):
    if not Path(database).exists():
        return None
    with sqlite3.connect(database, timeout=20) as db:
        row = db.execute("SELECT state FROM communication_campaign").fetchone()
    return row[0] if row else None
