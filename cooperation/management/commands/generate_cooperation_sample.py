from django.core.management.base import BaseCommand

from cooperation.sample import sample_generate


class Command(BaseCommand):
    help = "Add sample development cooperation data (labelled as sample) for benchmarks and demonstrations."

    def add_arguments(self, parser):
        parser.add_argument("--grants", type=int, default=200)
        parser.add_argument("--organisations", type=int, default=100)

    def handle(self, *args, **options):
        count = sample_generate(grants=options["grants"], organisations=options["organisations"])
        self.stdout.write(f"{count} sample grants added, with their calls, applications, tranches and payments.")
