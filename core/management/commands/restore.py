from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into the empty database DATABASE_URL names and the "
        "empty MEDIA_ROOT. The whole archive is checked first: a damaged or truncated one, or one from a newer "
        "Liaison, is refused with nothing written. An older archive is migrated forward (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar file `manage.py backup` wrote.")

    def handle(self, *args, archive, **options):
        try:
            manifest = backup.restore(archive)
        except backup.ArchiveRefused as error:
            raise CommandError(f"Refused: {error}") from error
        rows = sum(manifest["tables"].values())
        files = sum(1 for name in manifest["members"] if name.startswith("media/"))
        self.stdout.write(
            f"Restored {archive}: {rows} rows in {len(manifest['tables'])} tables and {files} files "
            f"(saved {manifest['created_at']} on {manifest['engine']})."
        )
