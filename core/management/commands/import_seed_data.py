from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.seeds import seed_data_import


class Command(BaseCommand):
    help = (
        "Load what the organisation's data file has that was never loaded before (partners, agreements, units, "
        "staff, networks, activities, the cooperation frame), and its corrections: a field staff never changed "
        "takes the file's new value; a field staff changed is kept, and the new value offered to them in the "
        "back office. A record staff deleted is never created again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=settings.BASE_DIR / "data" / "brussels.json")

    def handle(self, *args, **options):
        if not options["file"].is_file():
            raise CommandError(f"No data file at {options['file']}.")
        load = seed_data_import(path=options["file"])
        created = ", ".join(f"{count} {what}" for what, count in sorted(load.created.items()))
        self.stdout.write(
            f"Seed data from {options['file'].name}: {load.created.total()} created"
            + (f" ({created})" if created else "")
            + f", {load.found} already in the database (left as they are), {load.already_loaded} already loaded; "
            f"{load.corrected.total()} fields corrected, {load.offered} corrections offered to staff, "
            f"{load.withdrawn} withdrawn."
        )
