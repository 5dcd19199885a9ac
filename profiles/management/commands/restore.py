from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from profiles.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Load a file written by `backup` into an empty, migrated database and put its media files back."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A backup .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Erase everything in the database first, if it holds data."
        )

    def handle(self, *args, **options):
        try:
            summary = backup_restore(path=options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 2:
            for label, n in sorted(summary.counts.items()):
                self.stdout.write(f"{n:>8} {label}")
        tables = sum(1 for n in summary.counts.values() if n)
        self.stdout.write(
            f"{summary.rows} rows into {tables} tables and {summary.media_files} media files "
            f"({filesizeformat(summary.media_bytes)})"
        )
        self.stdout.write(self.style.SUCCESS(f"Restored from {summary.path}"))
