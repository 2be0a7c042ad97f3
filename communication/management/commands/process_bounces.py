from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communication import bounces


class Command(BaseCommand):
    help = (
        "Read bounce messages and complaints (.eml files) from a mailbox folder and mark the addresses: "
        "an address that bounces hard, or complains, is no longer sent to. Read files move to processed/."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Folder of .eml files, e.g. the bounce mailbox of the relay.")

    def handle(self, *args, folder, **options):
        folder = Path(folder)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        done = folder / "processed"
        done.mkdir(exist_ok=True)
        counts = {"hard": 0, "soft": 0, "complaint": 0}
        files = sorted(path for path in folder.iterdir() if path.is_file() and path.suffix == ".eml")
        for path in files:
            for report in bounces.reports(path.read_bytes()):
                if bounces.apply(report):
                    counts[report.kind] += 1
            path.rename(done / path.name)
        self.stdout.write(
            f"{len(files)} messages read: {counts['hard']} hard bounces, {counts['soft']} soft bounces, "
            f"{counts['complaint']} complaints."
        )
