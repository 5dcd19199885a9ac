from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from profiles.backup import BackupError, backup_create, default_backup_name


class Command(BaseCommand):
    help = "Write all data and uploaded media into one .tar.gz file, read in one consistent transaction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", type=Path, help="File to write (default: policyhub-backup-<UTC time>.tar.gz here)."
        )

    def handle(self, *args, **options):
        output = options["output"] or Path.cwd() / default_backup_name()
        if output.exists():
            raise CommandError(f"{output} already exists; choose another --output.")
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        try:
            summary = backup_create(output=output)
        except (BackupError, OSError) as exc:
            raise CommandError(f"The backup was not written: {exc}") from exc
        if options["verbosity"] >= 2:
            for label, n in sorted(summary.counts.items()):
                self.stdout.write(f"{n:>8} {label}")
        tables = sum(1 for n in summary.counts.values() if n)
        self.stdout.write(
            f"{summary.rows} rows from {tables} tables and {summary.media_files} media files "
            f"({filesizeformat(summary.media_bytes)})"
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {summary.path.resolve()}"))
