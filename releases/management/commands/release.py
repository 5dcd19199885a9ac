from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from releases.services import ReleaseError, release_cut


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date {value!r} is not a date; use YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = ("Cut the next numbered data release of the published data into media storage (CSV, JSON, data package, "
            "codebook, changelog, citation, licence and a zip), unless nothing changed since the last release.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The release's date, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        on = _date(options["date"]) if options["date"] else None
        try:
            release = release_cut(on=on)
        except ReleaseError as error:
            raise CommandError(f"No release was cut: {error}") from error
        if release is None:
            self.stdout.write("Nothing changed since the last release; no release was cut.")
            return
        totals = release.changelog["totals"]
        if release.changelog["previous"] is None:
            what = f"first release, {release.changelog['records']} records"
        else:
            what = (f"since release {release.changelog['previous']}: {totals['added']} added, "
                    f"{totals['removed']} removed, {totals['changed']} changed")
        self.stdout.write(f"{release.folder}/{release.zip_name}: {filesizeformat(release.size)}, "
                          f"SHA-256 {release.sha256}")
        self.stdout.write(self.style.SUCCESS(f"Release {release.number} of {release.date.isoformat()} cut ({what})."))
