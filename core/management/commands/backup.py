from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Write one consistent archive of the database and every uploaded file into FOLDER, with a manifest "
        "of counts and checksums, while the site is in use; prints the archive's path (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Where to write the archive (created if missing).")
        parser.add_argument("--keep", type=int, default=0, help="Then remove all but the newest KEEP archives there.")

    def handle(self, *args, folder, keep, **options):
        try:
            path = backup.write(folder)
        except (backup.ArchiveRefused, OSError) as error:
            raise CommandError(str(error)) from error
        if keep:
            backup.prune(folder, keep)
        self.stdout.write(str(path))
