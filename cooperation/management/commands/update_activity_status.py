import datetime

from django.core.management.base import BaseCommand

from cooperation.services import activity_statuses_update


class Command(BaseCommand):
    help = (
        "Keep the status the IATI file publishes true (daily): a grant past its planned end is being completed, "
        "then closed once its reports are approved; a direct bilateral project past its end is being completed."
    )

    def handle(self, *args, **options):
        moved = activity_statuses_update(today=datetime.date.today())
        self.stdout.write(f"{moved} activities moved to their status.")
