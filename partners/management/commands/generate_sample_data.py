from django.core.management.base import BaseCommand
from django.db import connection

from activities.sample import sample_activities_generate
from partners.sample import sample_partners_generate


class Command(BaseCommand):
    help = "Add sample partners (labelled as sample data) for benchmarks and demonstrations."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=10_000)
        parser.add_argument("--officers", type=int, default=100)
        parser.add_argument("--activities", type=int, default=0)

    def handle(self, *args, **options):
        count = sample_partners_generate(count=options["partners"], officers=options["officers"])
        self.stdout.write(f"{count} sample partners added, with agreements, themes and officers.")
        if options["activities"]:
            count = sample_activities_generate(count=options["activities"])
            self.stdout.write(f"{count} sample activities added, with participants and programme items.")
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # After a bulk load no page of the tables is marked all-visible until autovacuum
            # passes (it may be off): every index-only scan (the partners list's keys) would
            # read the table too. VACUUM marks them now; it cannot run inside a transaction.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
