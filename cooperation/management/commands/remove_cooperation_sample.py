from django.core.management.base import BaseCommand

from cooperation.sample import sample_remove


class Command(BaseCommand):
    help = "Remove every sample row of development cooperation; real data is left as it is."

    def handle(self, *args, **options):
        counts = sample_remove()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()) + " removed.")
