from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cooperation import iati

REGISTRY_SAFE_BYTES = 40_000_000


class Command(BaseCommand):
    help = "Write the IATI activities files into a folder, each under a size limit (40 MB by default)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--max-bytes", type=int, default=REGISTRY_SAFE_BYTES)

    def handle(self, *args, **options):
        try:
            reporter = iati.publisher()
        except iati.NotConfigured as error:
            raise CommandError(str(error)) from None
        options["folder"].mkdir(parents=True, exist_ok=True)
        paths = iati.write_activity_files(options["folder"], options["max_bytes"], reporter=reporter)
        for path in paths:
            self.stdout.write(f"{path} ({path.stat().st_size} bytes)")
