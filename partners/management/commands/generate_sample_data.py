from django.core.management.base import BaseCommand

from partners.sample import sample_partners_generate


class Command(BaseCommand):
    help = "Add sample partners (labelled as sample data) for benchmarks and demonstrations."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=10_000)
        parser.add_argument("--officers", type=int, default=100)

    def handle(self, *args, **options):
        count = sample_partners_generate(count=options["partners"], officers=options["officers"])
        self.stdout.write(f"{count} sample partners added, with agreements, themes and officers.")
