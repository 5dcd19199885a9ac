from django.core.management.base import BaseCommand, CommandError

from profiles.quality import data_report


class Command(BaseCommand):
    help = ("Report what is known per country, with the evidence grades, and fail on uncited or unverified published facts, "
            "undated sources without a reason, future dates, focus countries without a possession status, out-of-order "
            "tiers, undisputed contradictions, or a text shown to readers without its Russian.")

    def handle(self, *args, **options):
        report = data_report()
        for entry in report.countries:
            self.stdout.write(self.style.MIGRATE_HEADING(f"{entry.country.iso2} {entry.country.name_en}"))
            self.stdout.write(f"  indicators: {', '.join(entry.indicators) or 'none'}")
            thresholds = ", ".join(f"{k} {v}" for k, v in sorted(entry.thresholds.items())) or "none"
            self.stdout.write(f"  current thresholds per substance: {thresholds}")
            sanctions = ", ".join(f"{k} {v}" for k, v in sorted(entry.sanctions.items())) or "none"
            self.stdout.write(f"  current sanctions per offence: {sanctions}")
            self.stdout.write(f"  laws in force: {entry.laws}")
            years = f"{entry.oldest.year}-{entry.newest.year}" if entry.newest else "no dated source"
            self.stdout.write(f"  source years: {years}")
            self.stdout.write(f"  unresolved conflicts: {entry.conflicts}; resting only on low-reliability sources: {entry.weak_only}")
            self.stdout.write(f"  evidence grades of facts in force: {entry.grade_mix_display}")
        if report.problems:
            for problem in report.problems:
                self.stderr.write(f"PROBLEM: {problem}")
            raise CommandError(f"{len(report.problems)} data problem(s) found.")
        self.stdout.write(self.style.SUCCESS("Data checks passed."))
