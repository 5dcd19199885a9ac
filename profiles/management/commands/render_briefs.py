from django.core.management.base import BaseCommand, CommandError

from countries.models import Country, country_codes
from profiles.briefs import LANGUAGES, brief_for, render_brief


class Command(BaseCommand):
    help = "Render country briefs in the foreground, or queue them to Celery workers with --queue."

    def add_arguments(self, parser):
        parser.add_argument("--country", help="ISO alpha-2 codes, comma-separated, e.g. UA,MD")
        parser.add_argument("--all", action="store_true", help="Every country (default: the focus region).")
        parser.add_argument("--lang", default="en,ru", help="Languages, comma-separated (en, ru).")
        parser.add_argument("--queue", action="store_true", help="Queue to workers instead of rendering here.")
        parser.add_argument("--force", action="store_true", help="Render even when the data is unchanged.")

    def handle(self, *args, **options):
        languages = [code.strip() for code in options["lang"].split(",") if code.strip()]
        unknown = sorted(set(languages) - set(LANGUAGES))
        if unknown:
            raise CommandError(f"Unknown language(s): {', '.join(unknown)}. Use en and/or ru.")
        if options["country"]:
            codes = country_codes(options["country"])
            countries = list(Country.objects.filter(iso2__in=codes))
            missing = sorted(set(codes) - {c.iso2 for c in countries})
            if missing:
                raise CommandError(f"Unknown country code(s): {', '.join(missing)}.")
        else:
            countries = list(Country.objects.all() if options["all"] else Country.objects.focus())
        briefs = [brief_for(country=c, language=lang) for c in countries for lang in languages]
        if options["queue"]:
            from profiles.tasks import render_brief_task

            for brief in briefs:
                render_brief_task.delay(brief.pk, options["force"])
            self.stdout.write(f"Queued {len(briefs)} brief(s).")
            return
        tally = {"rendered": 0, "unchanged": 0, "failed": 0, "busy": 0, "gone": 0}
        for n, brief in enumerate(briefs, start=1):
            outcome = render_brief(brief_id=brief.pk, force=options["force"])
            tally[outcome] += 1
            done = int(30 * n / len(briefs))
            self.stdout.write(f"\r[{'#' * done}{'.' * (30 - done)}] {n}/{len(briefs)} {brief}: {outcome}".ljust(80), ending="")
            self.stdout.flush()
        self.stdout.write("")
        self.stdout.write(f"rendered {tally['rendered']}, skipped as unchanged {tally['unchanged']}, failed {tally['failed']}"
                          + (f", busy {tally['busy']}" if tally["busy"] else ""))
        if tally["failed"]:
            raise CommandError(f"{tally['failed']} brief(s) failed; see the admin for the errors.")
