import datetime

from django.core.management.base import BaseCommand

from cooperation.services import reminders_send


class Command(BaseCommand):
    help = "Remind grant holders of reports due soon and of missing reports (each reminder is sent once)."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=14)

    def handle(self, *args, **options):
        sent = reminders_send(today=datetime.date.today(), days_before=options["days_before"])
        self.stdout.write(f"{sent} reminders sent.")
