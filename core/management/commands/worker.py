import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = (
        "Run the background worker: sends the editions of the newsletter (communication.sending) "
        "and does periodic housekeeping. Several workers may run at once on several machines; one "
        "killed at any moment leaves its work to the others once its lease expires."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and stop.")
        parser.add_argument("--interval", type=float, default=5, help="Seconds between rounds when idle.")

    def handle(self, *args, **options):
        from communication import sending

        name = sending.worker_name()
        self.stopping = False
        # SIGTERM (a deploy, Ctrl-C in make run): finish the message in flight, then stop.
        signal.signal(signal.SIGTERM, self.stop)
        self.stdout.write(f"Worker started. ({name})")
        rounds = 0
        while not self.stopping:
            self.run_round(rounds)
            sent = sending.run_round(name, stopping=lambda: self.stopping)
            if sent:
                self.stdout.write(f"Sent {sent} messages.")
            rounds += 1
            if options["once"]:
                break
            # Like the end of a web request: drop a connection the database may have closed.
            close_old_connections()
            self.sleep(options["interval"])
        self.stdout.write("Worker stopped.")

    def stop(self, signum, frame):
        self.stopping = True

    def sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, seconds))

    def run_round(self, rounds):
        from communication.services import scheduled_articles_publish

        scheduled_articles_publish()
        if rounds % 720 == 0:
            # Expired sessions and registrations never confirmed pile up otherwise; twice is harmless.
            call_command("clearsessions")
            from cooperation.accounts import registrations_expire

            registrations_expire()
