from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cooperation import iati

REGISTRY_SAFE_BYTES = 40_000_000


class Command(BaseCommand):
    help = (
        "Write the IATI files into a folder: the activities, split into files under a size limit (40 MB by "
        "default), and the organisation file."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--max-bytes", type=int, default=REGISTRY_SAFE_BYTES)

    def handle(self, *args, **options):
        try:
            reporter = iati.publisher()
        except iati.NotConfigured as error:
            raise CommandError(str(error)) from None
        folder = options["folder"]
        folder.mkdir(parents=True, exist_ok=True)
        paths = iati.write_activity_files(folder, options["max_bytes"], reporter=reporter)
        organisation = folder / "organisation.xml"
        with organisation.open("wb") as out:
            for chunk in iati.organisation_chunks(reporter=reporter):
                out.write(chunk)
        for path in [*paths, organisation]:
            self.stdout.write(f"{path} ({path.stat().st_size} bytes)")
