from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from partners.services import seed_data_import


class Command(BaseCommand):
    help = "Load the organisation's initial data (partners, agreements, units, staff, networks). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=settings.BASE_DIR / "data" / "brussels.json")

    def handle(self, *args, **options):
        counts = seed_data_import(path=options["file"])
        summary = ", ".join(f"{count} {what}" for what, count in sorted(counts.items()) if count)
        self.stdout.write(f"Seed data loaded from {options['file'].name}: {summary or 'nothing to change'}.")
