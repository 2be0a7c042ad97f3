"""The office's periodic chores, run by the workers (`manage.py worker`): no cron line to write.

Each routine has a row in `core.Routine`: when it is next due, who holds it and until when,
when it last ran and what it did. A worker takes a due routine with a conditional update (due,
and nobody holds it or the holder's lease expired), so however many workers run, a routine runs
once per period; a worker killed in the middle leaves it to another once the lease expires.
A routine that fails is logged as an error, mailed to the ADMINS, shown on the operations page
and /health/?deep=1, and retried after 5, 10, 20... minutes (never later than its next period).

Daily routines are due at their hour, local time, the first time at the first such hour after a
worker first sees the routine; the others at once. Every function takes the moment `now` (the
clock is injected in the tests).
"""

import datetime
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from core.models import Routine, WorkerBeat

logger = logging.getLogger("liaison.routines")

RETRY = timedelta(minutes=5)
DAY = timedelta(days=1)
EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Spec:
    name: str
    label: str
    period: timedelta
    run: callable  # run(now) -> a short text saying what it did
    lease: timedelta = timedelta(minutes=15)
    hour: int = 0  # daily routines: the local hour they are due at
    setting: str = ""  # a setting that must be set for the routine to run (a folder)

    def enabled(self):
        return not self.setting or bool(getattr(settings, self.setting))


def said(message, **figures):
    """What a routine did, kept as its message and figures: each reader reads it in their
    language (result_text)."""
    return json.dumps({"message": message, "figures": figures})


def result_text(stored):
    """A routine's stored result in the active language; anything else (an error's own words,
    a command's output) as it was stored."""
    try:
        kept = json.loads(stored)
        return gettext(kept["message"]) % kept["figures"]
    except (ValueError, KeyError, TypeError):
        return stored


def publish_scheduled(now):
    from communication.services import scheduled_articles_publish

    scheduled_articles_publish(now=now)
    return said(gettext_noop("Scheduled news checked."))


def report_reminders(now):
    from cooperation.services import reminders_send

    return said(gettext_noop("Reminders sent: %(count)s."), count=reminders_send(today=timezone.localdate(now)))


def iati_statuses(now):
    from cooperation.services import activity_statuses_update

    moved = activity_statuses_update(today=timezone.localdate(now))
    return said(gettext_noop("Activities moved to their IATI status: %(count)s."), count=moved)


def touch_points(now):
    from partners import touch

    today = timezone.localdate(now)
    count = touch.refresh(touch.due(today), today=today)
    return said(gettext_noop("Partners whose last touch point was computed again: %(count)s."), count=count)


def clean_up(now):
    from django.contrib.sessions.models import Session

    from cooperation.accounts import registrations_expire

    sessions = Session.objects.filter(expire_date__lt=now).delete()[0]
    registrations = registrations_expire(now=now)
    beats = WorkerBeat.objects.filter(seen_at__lt=now - timedelta(days=7)).delete()[0]
    return said(
        gettext_noop(
            "Removed: expired sessions %(sessions)s, unconfirmed registrations %(registrations)s, "
            "old workers %(beats)s."
        ),
        sessions=sessions,
        registrations=registrations,
        beats=beats,
    )


def process_bounces(now):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("process_bounces", settings.NEWSLETTER_BOUNCE_FOLDER, stdout=out)
    return out.getvalue().strip()


def nightly_backup(now):
    from core import backup

    path = backup.write(settings.BACKUP_FOLDER)
    removed = backup.prune(settings.BACKUP_FOLDER, keep=settings.BACKUP_KEEP)
    return said(
        gettext_noop("%(archive)s written; older archives removed: %(removed)s."), archive=path.name, removed=removed
    )


ROUTINES = [
    Spec("publish_scheduled", _("Scheduled publication of news"), timedelta(minutes=1), publish_scheduled),
    Spec("report_reminders", _("Reminders of grant reports"), DAY, report_reminders, hour=7),
    Spec("iati_statuses", _("IATI status of activities"), DAY, iati_statuses, hour=1),
    Spec("touch_points", _("Partners' last touch points"), DAY, touch_points, hour=0),
    Spec("clean_up", _("Clean-up of sessions and registrations"), DAY, clean_up, hour=4),
    Spec(
        "process_bounces",
        _("Bounces and complaints"),
        timedelta(hours=1),
        process_bounces,
        setting="NEWSLETTER_BOUNCE_FOLDER",
    ),
    Spec(
        "nightly_backup",
        _("Nightly backup"),
        DAY,
        nightly_backup,
        lease=timedelta(hours=3),
        hour=2,
        setting="BACKUP_FOLDER",
    ),
]


def specs():
    return {spec.name: spec for spec in ROUTINES}


def next_slot(spec, now):
    """The first moment after `now` the routine is due again."""
    if spec.period >= DAY:
        local = timezone.localtime(now)
        slot = datetime.datetime.combine(local.date(), datetime.time(spec.hour), tzinfo=local.tzinfo)
        if slot <= local:
            slot = datetime.datetime.combine(local.date() + DAY, datetime.time(spec.hour), tzinfo=local.tzinfo)
        return slot
    return now - (now - EPOCH) % spec.period + spec.period


def first_slot(spec, now):
    """A daily routine first runs at its hour; a more frequent one at once."""
    return next_slot(spec, now) if spec.period >= DAY else now


def ensure_rows(now):
    known = set(Routine.objects.values_list("name", flat=True))
    missing = [Routine(name=s.name, next_run_at=first_slot(s, now)) for s in ROUTINES if s.name not in known]
    if missing:
        Routine.objects.bulk_create(missing, ignore_conflicts=True)


def take(name, worker, now, lease):
    """Lease a due routine nobody holds; False if it is not due or another worker has it."""
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    return bool(
        Routine.objects.filter(free, name=name, next_run_at__lte=now).update(
            leased_by=worker, lease_until=now + lease, last_started_at=now
        )
    )


def run_one(spec, worker, now, clock=timezone.now):
    """Run a routine this worker leased and record the outcome, if it still holds the lease."""
    try:
        result = str(spec.run(now))[:1000]
    except Exception as error:  # noqa: BLE001 (any failure of a routine is recorded, reported and retried)
        row = Routine.objects.get(name=spec.name)
        failures = row.failures + 1
        retry = min(RETRY * 2 ** (failures - 1), spec.period)
        finished = clock()
        Routine.objects.filter(name=spec.name, leased_by=worker).update(
            leased_by="",
            lease_until=None,
            last_finished_at=finished,
            last_outcome=Routine.Outcome.FAILED,
            last_result=f"{type(error).__name__}: {error}"[:1000],
            failures=failures,
            next_run_at=now + retry,
        )
        logger.exception("Routine %s failed (%d in a row), retried at %s", spec.name, failures, now + retry)
        mail_admins(
            f"Routine {spec.name} failed",
            f"The routine {spec.name} failed on worker {worker} ({failures} in a row): "
            f"{type(error).__name__}: {error}\nIt is retried at {now + retry}.",
            fail_silently=True,
        )
        return Routine.Outcome.FAILED
    finished = clock()
    Routine.objects.filter(name=spec.name, leased_by=worker).update(
        leased_by="",
        lease_until=None,
        last_finished_at=finished,
        last_success_at=finished,
        last_outcome=Routine.Outcome.OK,
        last_result=result,
        failures=0,
        runs=F("runs") + 1,
        next_run_at=next_slot(spec, now),
    )
    logger.info("Routine %s done on %s: %s", spec.name, worker, result)
    return Routine.Outcome.OK


def run_due(worker, now=None, clock=timezone.now, stopping=lambda: False):
    """Run every routine that is due and that no other worker holds. Returns {name: outcome}."""
    now = now or clock()
    ensure_rows(now)
    done = {}
    due = Routine.objects.filter(next_run_at__lte=now).values_list("name", flat=True)
    for name in list(due):
        spec = specs().get(name)
        if stopping():
            break
        if spec is None or not spec.enabled() or not take(name, worker, now, spec.lease):
            continue
        beat(worker, now, doing=name)
        done[name] = run_one(spec, worker, now, clock)
    if done:
        beat(worker, clock(), doing="")
    return done


def beat(worker, now, doing=None, started=False):
    """Record that this worker is alive (and what it does), or that it started."""
    fields = {"seen_at": now, "stopped_at": None}
    if doing is not None:
        fields["doing"] = doing
    if started:
        fields["started_at"] = now
    if not WorkerBeat.objects.filter(name=worker).update(**fields):
        WorkerBeat.objects.create(name=worker, **{"started_at": now, **fields})


def stopped(worker, now):
    WorkerBeat.objects.filter(name=worker).update(stopped_at=now, seen_at=now, doing="")
