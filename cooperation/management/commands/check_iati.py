from django.core.management.base import BaseCommand, CommandError

from cooperation import iati, iati_rules


class Command(BaseCommand):
    help = (
        "Check the IATI files as the export writes them against the IATI rules beyond the schema (the 2.03 "
        "rulesets, the IATI Dashboard's data-quality points, the guidance), the XSD and the codelists: "
        "prints each rule broken with its activity; exits with an error if any is."
    )

    def handle(self, *args, **options):
        try:
            reporter = iati.publisher()
        except iati.NotConfigured as error:
            raise CommandError(str(error)) from None
        broken = 0
        for chunks in (iati.activity_chunks(reporter=reporter), iati.organisation_chunks(reporter=reporter)):
            for problem in iati_rules.check_chunks(chunks):
                self.stdout.write(str(problem))
                broken += 1
        if broken:
            raise CommandError(f"{broken} rules broken.")
        self.stdout.write("No IATI rule broken.")
