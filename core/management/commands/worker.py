import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = (
        "Run the background worker: periodic housekeeping today, the newsletter and other jobs as "
        "their modules arrive. Several workers may run at once on several machines."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and stop.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between rounds.")

    def handle(self, *args, **options):
        self.stdout.write("Worker started.")
        rounds = 0
        while True:
            self.run_round(rounds)
            rounds += 1
            if options["once"]:
                break
            # Like the end of a web request: drop a connection the database may have closed.
            close_old_connections()
            time.sleep(options["interval"])

    def run_round(self, rounds):
        if rounds % 60 == 0:
            # Expired sessions pile up in the database otherwise; deleting twice is harmless.
            call_command("clearsessions")
