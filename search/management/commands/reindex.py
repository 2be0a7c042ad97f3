import time

from django.core.management.base import BaseCommand, CommandError

from search.indexer import reindex
from search.kinds import KINDS


class Command(BaseCommand):
    help = "Rebuild the search index from the records (all kinds, or those named)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help=f"Kinds to rebuild: {', '.join(KINDS)}.")

    def handle(self, *args, kinds=None, **options):
        unknown = set(kinds or []) - set(KINDS)
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(sorted(unknown))}. Known: {', '.join(KINDS)}.")
        started = time.monotonic()
        counts = reindex(kinds or None, stdout=self.stdout)
        self.stdout.write(f"Indexed {sum(counts.values())} records in {time.monotonic() - started:.1f} s.")
