"""The worker's routines (core.routines) under two workers and an injected clock: nothing sleeps."""

import dataclasses
import datetime
import logging
from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation

from core import routines
from core.models import Routine, WorkerBeat

BRUSSELS = ZoneInfo("Europe/Brussels")
# A week over the change to summer time (29 March 2026), starting mid-morning.
MONDAY = datetime.datetime(2026, 3, 23, 10, 17, tzinfo=BRUSSELS)
DAILY = ["report_reminders", "iati_statuses", "clean_up", "nightly_backup"]


class Killed(BaseException):
    """The worker's process dies here."""


class Calls(list):
    current = None


@pytest.fixture
def calls(monkeypatch, settings, tmp_path):
    """Every routine records who ran it and when; the nightly backup's archive is not written here."""
    settings.BACKUP_FOLDER = str(tmp_path / "backups")
    settings.NEWSLETTER_BOUNCE_FOLDER = str(tmp_path / "bounces")
    (tmp_path / "bounces").mkdir()
    made = Calls()

    def recorded(spec):
        def run(now):
            made.append((spec.name, now, current[0]))
            return "stub" if spec.name == "nightly_backup" else spec.run(now)

        return dataclasses.replace(spec, run=run)

    current = [None]
    monkeypatch.setattr(routines, "ROUTINES", [recorded(spec) for spec in routines.ROUTINES])
    made.current = current
    return made


def run_as(calls, worker, now):
    calls.current[0] = worker
    return routines.run_due(worker, now=now, clock=lambda: now)


def test_two_workers_over_a_week_run_each_daily_routine_seven_times(db, calls):
    # Steps in UTC: aware arithmetic in Brussels time would count wall hours over the change.
    start = MONDAY.astimezone(datetime.UTC)
    now, step, turn = start, timedelta(hours=1), 0
    while now < start + timedelta(days=7):
        # Both workers come by at every step, in turns first.
        order = ("A", "B") if turn % 2 else ("B", "A")
        for worker in order:
            run_as(calls, worker, now)
        now, turn = now + step, turn + 1
    runs = Counter(name for name, _, _ in calls)
    for name in DAILY:
        assert runs[name] == 7, name
        days = [when.astimezone(BRUSSELS).date() for routine, when, _ in calls if routine == name]
        assert len(set(days)) == 7, name
    assert runs["process_bounces"] == 7 * 24
    assert runs["publish_scheduled"] == 7 * 24  # due every minute, the workers come every hour
    assert {worker for _, _, worker in calls} == {"A", "B"}
    # Each daily routine runs at its hour (or the first step after it), summer time or not.
    backups = [when.astimezone(BRUSSELS) for routine, when, _ in calls if routine == "nightly_backup"]
    # 2 o'clock does not exist on 29 March: that night's backup comes at the next step after 3.
    assert [(when.day, when.hour, when.minute) for when in backups] == [
        (day, 3 if day == 29 else 2, 17) for day in range(24, 31)
    ]
    row = Routine.objects.get(name="report_reminders")
    assert row.runs == 7 and row.last_outcome == Routine.Outcome.OK and row.failures == 0
    with translation.override("en"):
        assert routines.result_text(row.last_result) == "Reminders sent: 0."
    with translation.override("fr"):
        assert routines.result_text(row.last_result) == "Rappels envoyés : 0."


def test_a_worker_killed_in_a_routine_leaves_it_done_once_by_the_other(db, calls, monkeypatch):
    routines.ensure_rows(MONDAY)
    Routine.objects.update(next_run_at=MONDAY)
    spec = routines.specs()["report_reminders"]
    real = spec.run

    def dies_in_a(now):
        real(now)
        if calls.current[0] == "A":
            raise Killed

    routines.ROUTINES[routines.ROUTINES.index(spec)] = dataclasses.replace(spec, run=dies_in_a)
    with pytest.raises(Killed):
        run_as(calls, "A", MONDAY)
    # B comes by while A's lease runs: the routine is A's, B runs only the others.
    assert "report_reminders" not in run_as(calls, "B", MONDAY + timedelta(minutes=1))
    # A's lease expires: B runs it, once; A, restarted, finds it done.
    later = MONDAY + spec.lease + timedelta(seconds=1)
    assert run_as(calls, "B", later)["report_reminders"] == Routine.Outcome.OK
    assert "report_reminders" not in run_as(calls, "A", later)
    assert [worker for name, _, worker in calls if name == "report_reminders"] == ["A", "B"]
    row = Routine.objects.get(name="report_reminders")
    assert row.runs == 1 and row.leased_by == "" and row.last_success_at == later
    # The next run is the next morning's, not a second one today.
    assert row.next_run_at == datetime.datetime(2026, 3, 24, 7, tzinfo=BRUSSELS)


def test_a_failing_routine_is_reported_and_retried(db, calls, settings, caplog):
    settings.ADMINS = [("IT", "it@example.org")]
    spec = routines.specs()["iati_statuses"]
    attempts = []

    def fails_twice(now):
        attempts.append(now)
        if len(attempts) <= 2:
            raise RuntimeError("the disk is full")
        return "done"

    routines.ROUTINES[routines.ROUTINES.index(spec)] = dataclasses.replace(spec, run=fails_twice)
    routines.ensure_rows(MONDAY)
    Routine.objects.update(next_run_at=MONDAY)
    with caplog.at_level(logging.ERROR, logger="liaison.routines"):
        assert run_as(calls, "A", MONDAY)["iati_statuses"] == Routine.Outcome.FAILED
    row = Routine.objects.get(name="iati_statuses")
    assert (row.last_outcome, row.failures, row.last_result) == ("failed", 1, "RuntimeError: the disk is full")
    assert row.next_run_at == MONDAY + timedelta(minutes=5)
    assert "Routine iati_statuses failed" in caplog.text
    [message] = mail.outbox
    assert message.to == ["it@example.org"] and "iati_statuses" in message.subject
    assert "the disk is full" in message.body

    assert "iati_statuses" not in run_as(calls, "B", MONDAY + timedelta(minutes=4))
    assert run_as(calls, "B", MONDAY + timedelta(minutes=5))["iati_statuses"] == "failed"
    assert Routine.objects.get(name="iati_statuses").next_run_at == MONDAY + timedelta(minutes=15)
    assert run_as(calls, "A", MONDAY + timedelta(minutes=15))["iati_statuses"] == "ok"
    row.refresh_from_db()
    assert (row.last_outcome, row.failures, row.runs, row.last_result) == ("ok", 0, 1, "done")


def test_a_routine_whose_folder_is_not_set_does_not_run(db, calls, settings):
    settings.BACKUP_FOLDER = ""
    routines.ensure_rows(MONDAY)
    Routine.objects.update(next_run_at=MONDAY)
    done = run_as(calls, "A", MONDAY)
    assert "nightly_backup" not in done and done["report_reminders"] == "ok"


def test_each_worker_records_its_heartbeat_and_what_it_runs(db, calls):
    routines.beat("A", MONDAY, doing="", started=True)
    run_as(calls, "A", MONDAY + timedelta(seconds=30))
    beat = WorkerBeat.objects.get(name="A")
    assert beat.started_at == MONDAY and beat.seen_at == MONDAY + timedelta(seconds=30) and beat.doing == ""
    routines.stopped("A", MONDAY + timedelta(minutes=1))
    assert WorkerBeat.objects.get(name="A").stopped_at == MONDAY + timedelta(minutes=1)
