import logging
import os
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.template import engines
from django.utils import timezone

logger = logging.getLogger("liaison.worker")


class Command(BaseCommand):
    help = (
        "Run the background worker: sends the editions of the newsletter (communication.sending) "
        "and runs the office's routines (core.routines: reminders, bounces, publication, IATI statuses, "
        "clean-up, the nightly backup). Several workers may run at once on several machines; one "
        "killed at any moment leaves its work to the others once its lease expires."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and stop.")
        parser.add_argument("--interval", type=float, default=5, help="Seconds between rounds when idle.")

    def handle(self, *args, **options):
        from communication import sending
        from core import routines

        # Below the web server's priority: page views first, the sending with what they leave.
        os.nice(settings.WORKER_NICENESS)
        # The template tag libraries (icalendar's among them) are imported now, not in the
        # middle of the first edition, whose sending would wait a second or two for them.
        engines.all()
        self.name = sending.worker_name()
        self.stopping = False
        # SIGTERM (a deploy, Ctrl-C in make run): finish the message in flight, then stop.
        signal.signal(signal.SIGTERM, self.stop)
        self.stdout.write(f"Worker started. ({self.name})")
        routines.beat(self.name, timezone.now(), doing="", started=True)
        self.stopped = threading.Event()
        heart = threading.Thread(target=self.heartbeat, name="heartbeat", daemon=True)
        heart.start()
        while not self.stopping:
            done = routines.run_due(self.name, stopping=lambda: self.stopping)
            for routine, outcome in done.items():
                self.stdout.write(f"Routine {routine}: {outcome}.")
            sent = sending.run_round(self.name, stopping=lambda: self.stopping)
            if sent:
                self.stdout.write(f"Sent {sent} messages.")
            if options["once"]:
                break
            # Like the end of a web request: drop a connection the database may have closed.
            close_old_connections()
            self.sleep(options["interval"])
        self.stopped.set()
        heart.join(timeout=10)
        routines.stopped(self.name, timezone.now())
        self.stdout.write("Worker stopped.")

    def stop(self, signum, frame):
        self.stopping = True

    def heartbeat(self):
        """Its own thread and database connection: the beat goes on during a long round or routine."""
        from core import routines

        try:
            while not self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
                try:
                    routines.beat(self.name, timezone.now())
                except Exception:  # noqa: BLE001 (a missed beat shows as late; the worker goes on)
                    logger.warning("Heartbeat not recorded", exc_info=True)
                    close_old_connections()
        finally:
            connection.close()

    def sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, seconds))
