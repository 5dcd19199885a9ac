from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from profiles.bundled import seed


class Command(BaseCommand):
    help = "Load all bundled data (countries, reports, recommendations, legal facts). Safe to run again."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                tally = seed()
        except (ValueError, KeyError, LookupError) as exc:
            raise CommandError(f"Bundled data could not be loaded, nothing was written: {exc}") from exc
        if not tally.created and not tally.updated:
            self.stdout.write("Bundled data already loaded; nothing changed.")
            return
        for label, counts in (("created", tally.created), ("updated", tally.updated)):
            for name, n in sorted(counts.items()):
                self.stdout.write(f"{label} {n} {name}")
        self.stdout.write(self.style.SUCCESS("Bundled data loaded."))
