"""What the operations page and /health/?deep=1 show: workers, sending backlog, routines, backup,
database and cache, each as found now. Read by both, so they never tell different stories.

A worker writes its heartbeat every WORKER_HEARTBEAT_SECONDS (its own thread, core/management/
commands/worker.py); one whose last beat is older than one and a half heartbeats is reported as
not responding, so a killed worker shows within two heartbeats of its death.
"""

import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core import routines
from core.models import Routine, WorkerBeat

RUNNING, STOPPED, LATE = "running", "stopped", "not responding"
# A worker that stopped answering longer ago than this is history, not an alarm.
FORGET_AFTER = timedelta(days=1)
# The nightly backup is late once its archive is older than a day and this margin.
BACKUP_LATE = timedelta(hours=26)


def late_after():
    return timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS * 1.5)


def worker_state(beat, now):
    if beat.stopped_at:
        return STOPPED
    return RUNNING if now - beat.seen_at <= late_after() else LATE


def workers(now):
    return [
        {
            "name": beat.name,
            "state": worker_state(beat, now),
            "started_at": beat.started_at,
            "seen_at": beat.seen_at,
            "seconds_since_heartbeat": round((now - beat.seen_at).total_seconds()),
            "doing": beat.doing,
        }
        for beat in WorkerBeat.objects.filter(seen_at__gte=now - FORGET_AFTER).order_by("name")
    ]


def backlog(now):
    from communication.models import Campaign, Delivery, Sender

    counts = dict.fromkeys(["queued", "retry"], 0)
    sending = Delivery.objects.filter(campaign__state=Campaign.State.SENDING)
    for state, count in sending.values_list("state").annotate(n=Count("pk")).order_by():
        if state in counts:
            counts[state] = count
    oldest = Campaign.objects.filter(state=Campaign.State.SENDING).order_by("started_at").first()
    return {
        "editions_sending": Campaign.objects.filter(state=Campaign.State.SENDING).count(),
        "to_send": counts["queued"] + counts["retry"],
        # At most one a worker: the one whose SMTP transaction may be under way.
        "in_flight": Sender.objects.exclude(in_flight=None).count(),
        "to_retry": counts["retry"],
        "sending_since": oldest.started_at if oldest else None,
    }


def routine_rows(now):
    rows = {row.name: row for row in Routine.objects.all()}
    found = []
    for spec in routines.ROUTINES:
        row = rows.get(spec.name)
        found.append(
            {
                "name": spec.name,
                "label": spec.label,
                "enabled": spec.enabled(),
                "last_started_at": row and row.last_started_at,
                "last_success_at": row and row.last_success_at,
                "outcome": row.last_outcome if row else "",
                "result": routines.result_text(row.last_result) if row else "",
                "failures": row.failures if row else 0,
                "next_run_at": row and row.next_run_at,
                "running": bool(row and row.lease_until and row.lease_until > now),
            }
        )
    return found


def last_backup(now):
    """The newest archive in BACKUP_FOLDER, or the nightly routine's last success."""
    moments = []
    row = Routine.objects.filter(name="nightly_backup").first()
    if row and row.last_success_at:
        moments.append(row.last_success_at)
    if settings.BACKUP_FOLDER and Path(settings.BACKUP_FOLDER).is_dir():
        from core import backup

        newest = backup.newest(settings.BACKUP_FOLDER)
        if newest:
            moments.append(newest)
    at = max(moments) if moments else None
    return {
        "folder_set": bool(settings.BACKUP_FOLDER),
        "last_at": at,
        "age_hours": round((now - at).total_seconds() / 3600, 1) if at else None,
        "late": bool(settings.BACKUP_FOLDER) and (at is None or now - at > BACKUP_LATE),
    }


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {
            "ok": False,
            "error": str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
        }
    return {"ok": True, "engine": connection.vendor}


def cache_state():
    key, value = "liaison:health-probe", uuid.uuid4().hex
    try:
        cache.set(key, value, 30)
        ok = cache.get(key) == value
    except Exception as error:  # noqa: BLE001 (any cache backend's failure is the answer)
        return {"ok": False, "error": f"{type(error).__name__}: {error}"[:200]}
    return {"ok": ok} if ok else {"ok": False, "error": "the value written was not read back"}


def status(now=None):
    """Everything at once; `problems` lists what a person should look at (empty: all is well)."""
    now = now or timezone.now()
    database = database_state()
    found = {"checked_at": now, "database": database, "cache": cache_state()}
    problems = []
    if not database["ok"]:
        problems.append("database")
        return {**found, "problems": problems}
    found.update(workers=workers(now), backlog=backlog(now), routines=routine_rows(now), backup=last_backup(now))
    if not found["cache"]["ok"]:
        problems.append("cache")
    if not any(worker["state"] == RUNNING for worker in found["workers"]):
        problems.append("no worker running")
    problems += [f"worker {w['name']} not responding" for w in found["workers"] if w["state"] == LATE]
    problems += [f"routine {r['name']} failing" for r in found["routines"] if r["failures"]]
    if found["backup"]["late"]:
        problems.append("backup late")
    found["problems"] = problems
    return found


def problems_in_words(found):
    """The problems of `status()` in the reader's language (the JSON keeps them in English for scripts)."""
    words = []
    if not found["database"]["ok"]:
        return [_("The database does not answer.")]
    if not found["cache"]["ok"]:
        words.append(_("The cache does not answer."))
    if not any(worker["state"] == RUNNING for worker in found["workers"]):
        words.append(_("No worker is running: nothing sends the newsletter or runs the routines."))
    for worker in found["workers"]:
        if worker["state"] == LATE:
            words.append(_("The worker %(name)s does not respond.") % {"name": worker["name"]})
    labels = {spec.name: spec.label for spec in routines.ROUTINES}
    for routine in found["routines"]:
        if routine["failures"]:
            words.append(_("The routine “%(label)s” is failing.") % {"label": labels[routine["name"]]})
    if found["backup"]["late"]:
        words.append(_("The last backup is more than a day old."))
    return words
