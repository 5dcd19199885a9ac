"""Backups of the whole site in one file: every table's rows and the uploaded media.

A backup is a gzipped tar holding:

- ``data.json``: every row of every table, in Django's JSON serialisation, read inside one transaction
  (REPEATABLE READ and read-only on PostgreSQL), so the rows agree with each other. Many-to-many link tables
  are written as rows of their own, so a restore saves them as raw rows and no signal handler records
  the load as an edit. Content types and permissions are left out, because ``migrate`` creates them in
  every database, and the rows that point at them name them by natural key, because their ids differ
  between databases.
- ``media/...``: the files under MEDIA_ROOT, such as rendered briefs.
- ``manifest.json``, written last: the format version, the applied migrations, the row count of every
  table and the SHA-256 of every other file. A restore checks all of them before it writes anything.

A restore loads everything in one transaction into a database that holds no rows yet (or one it is allowed
to empty first), checks the row counts against the manifest, resets the sequences, and only after the
commit copies the media files back.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "policyhub-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.json"
MEDIA_DIR = "media"

# Created by `migrate` in every database; rows that point at them use natural keys instead.
NAMED_BY_NATURAL_KEY = (ContentType, Permission)
# Not kept: content types and permissions (see above) and sessions, which only keep people logged in.
NOT_BACKED_UP = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """A backup that cannot be written or restored, or a database that must not be restored into."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    counts: dict[str, int]
    media_files: int
    media_bytes: int

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class ExactJSONEncoder(DjangoJSONEncoder):
    """Keeps times to the microsecond; DjangoJSONEncoder cuts them to milliseconds."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    """Django's JSON with exact times, link tables left to their own rows, and content types and permissions
    named by natural key."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder

    def start_serialization(self):
        super().start_serialization()
        self._natural_keys: dict[tuple[type[models.Model], object], tuple | None] = {}

    def handle_fk_field(self, obj, field):
        if field.related_model not in NAMED_BY_NATURAL_KEY:
            return super().handle_fk_field(obj, field)
        key = (field.related_model, getattr(obj, field.attname))
        if key not in self._natural_keys:
            related = getattr(obj, field.name)
            self._natural_keys[key] = related.natural_key() if related else None
        self._current[field.name] = self._natural_keys[key]

    def handle_m2m_field(self, obj, field):
        """Nothing: the link table is written row by row, as a model of its own."""


def backed_up_models() -> list[type[models.Model]]:
    """Every table a backup holds, including many-to-many link tables and history tables."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed and model._meta.label_lower not in NOT_BACKED_UP
    ]


def default_backup_name(*, now: datetime | None = None) -> str:
    now = now or timezone.now()
    return f"policyhub-backup-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar.gz"


def row_counts(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {model._meta.label: model._base_manager.using(using).count() for model in backed_up_models()}


@contextmanager
def consistent_read(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One transaction that sees a single snapshot of the database for all the reads inside it."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        # SQLite: a transaction's reads all see the same snapshot once the first one has run.
        yield


def _applied_migrations(using: str) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _all_rows(using: str, counts: dict[str, int]) -> Iterator[models.Model]:
    for model in backed_up_models():
        counts[model._meta.label] = 0
        for obj in model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000):
            counts[model._meta.label] += 1
            yield obj


class _HashingReader:
    """Reads a stream while taking its SHA-256, so the manifest holds the hash of exactly what was archived."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.sha256.update(chunk)
        return chunk


def _add_file(archive: tarfile.TarFile, path: Path, arcname: str) -> tuple[str, int]:
    """Add one file; returns the SHA-256 and size of what went into the archive."""
    info = archive.gettarinfo(str(path), arcname=arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as stream:
        reader = _HashingReader(stream)
        archive.addfile(info, reader)
    return reader.sha256.hexdigest(), info.size


def _media_files() -> list[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def backup_create(*, output: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write every table's rows and the media files into one gzipped tar at `output`.

    The file appears only once it is complete; a failure leaves no partial file behind.
    """
    output = Path(output)
    partial = output.with_name(f".{output.name}.partial")
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="policyhub-backup-") as tmp:
        data_path = Path(tmp) / DATA_NAME
        with consistent_read(using), data_path.open("w", encoding="utf-8") as stream:
            Serializer().serialize(_all_rows(using, counts), stream=stream)
            migrations = _applied_migrations(using)
            handed_out = _ids_handed_out(using)
            created_at = timezone.now()
        media = _media_files()
        checksums: dict[str, str] = {}
        media_bytes = 0
        try:
            with tarfile.open(partial, "w:gz") as archive:
                checksums[DATA_NAME], _ = _add_file(archive, data_path, DATA_NAME)
                for relative, path in media:
                    arcname = f"{MEDIA_DIR}/{relative}"
                    checksums[arcname], size = _add_file(archive, path, arcname)
                    media_bytes += size
                manifest = {
                    "format": FORMAT,
                    "version": FORMAT_VERSION,
                    "created_at": created_at.isoformat(),
                    "database": connections[using].vendor,
                    "migrations": migrations,
                    "ids_handed_out": handed_out,
                    "counts": counts,
                    "files": checksums,
                }
                body = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST_NAME)
                info.size = len(body)
                info.mtime = int(created_at.timestamp())
                archive.addfile(info, io.BytesIO(body))
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(path=output, counts=counts, media_files=len(media), media_bytes=media_bytes)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _unpack(path: Path, into: Path) -> dict:
    """Unpack a backup and check it against its manifest; returns the manifest."""
    try:
        # Read the whole gzip stream first: its checksum covers every byte, and tarfile stops quietly
        # at the first damaged header.
        with gzip.open(path) as stream:
            while stream.read(1 << 20):
                pass
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(into, filter="data")
    except FileNotFoundError as exc:
        raise BackupError(f"{path} does not exist.") from exc
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"{path} is not a complete backup (it is truncated or damaged): {exc}") from exc
    try:
        manifest = json.loads((into / MANIFEST_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{path} has no {MANIFEST_NAME}: it is not a PolicyHub backup, or it was cut short.") from exc
    except ValueError as exc:
        raise BackupError(f"{path} has an unreadable {MANIFEST_NAME}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a PolicyHub backup.")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a version {manifest.get('version')} backup; this code reads version {FORMAT_VERSION}."
        )
    files = manifest.get("files", {})
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST_NAME}
    if present != set(files) or DATA_NAME not in files:
        raise BackupError(f"{path} does not hold the files its manifest lists.")
    for name, expected in files.items():
        if _sha256(into / PurePosixPath(name)) != expected:
            raise BackupError(f"{path} is damaged: {name} does not match its checksum.")
    return manifest


# Models that moved to another app keep their tables; a backup made before the move names them by the old label.
MOVED_MODELS = {"countries.brief": "profiles.brief", "countries.searchentry": "profiles.searchentry"}


def _rename_moved_models(manifest: dict, data_path: Path) -> None:
    """Rewrite an older backup's labels for models that have since moved app, in its data and its counts."""
    labels = {old.lower() for old in manifest.get("counts", {})}
    if not labels & set(MOVED_MODELS):
        return
    rows = json.loads(data_path.read_text(encoding="utf-8"))
    for row in rows:
        if isinstance(row, dict) and row.get("model") in MOVED_MODELS:
            row["model"] = MOVED_MODELS[row["model"]]
    data_path.write_text(json.dumps(rows, cls=DjangoJSONEncoder), encoding="utf-8")
    manifest["counts"] = {_moved_label(label): n for label, n in manifest["counts"].items()}


def _moved_label(label: str) -> str:
    """"countries.Brief" -> "profiles.Brief": the app label changes, the model's name stays."""
    new = MOVED_MODELS.get(label.lower())
    return f"{new.split('.')[0]}.{label.split('.', 1)[1]}" if new else label


def _check_migrations(manifest: dict, using: str) -> None:
    missing = sorted(set(manifest.get("migrations", [])) - set(_applied_migrations(using)))
    if missing:
        raise BackupError(
            "The backup was made with migrations this database does not have "
            f"({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}); run `migrate` with the newer code first."
        )


def _check_empty(using: str) -> None:
    occupied = {label: n for label, n in row_counts(using=using).items() if n}
    if occupied:
        examples = ", ".join(f"{label} ({n})" for label, n in list(occupied.items())[:3])
        raise BackupError(
            f"The database already holds data: {len(occupied)} tables have rows, such as {examples}. "
            "Restore into an empty, migrated database, or pass --force to erase everything in this one first."
        )


def _id_columns() -> dict[str, tuple[str, str]]:
    """Tables whose ids come from a sequence: model label -> (table, id column)."""
    return {
        model._meta.label: (model._meta.db_table, model._meta.pk.column)
        for model in backed_up_models()
        if isinstance(model._meta.pk, models.AutoField)
    }


def _last_id(cursor, vendor: str, table: str, column: str) -> int:
    """The highest id the table's sequence has handed out, deleted rows included; 0 if none."""
    if vendor == "postgresql":
        cursor.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s))", [table, column])
    elif vendor == "sqlite":
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
    else:
        return 0
    row = cursor.fetchone()
    return (row[0] or 0) if row else 0


def _ids_handed_out(using: str) -> dict[str, int]:
    """By model label, the highest id each table has handed out.

    A restore moves the sequences past these, so the ids of deleted records, which live on in the history
    tables and in links people keep, are never given to new records.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        return {
            label: _last_id(cursor, connection.vendor, table, column)
            for label, (table, column) in _id_columns().items()
        }


def _reset_sequences(handed_out: dict[str, int], using: str) -> None:
    """Move every id sequence past the restored rows and past every id the backed-up database had handed out."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), backed_up_models()):
            cursor.execute(sql)
        for label, (table, column) in _id_columns().items():
            last = handed_out.get(label, 0)
            if last <= _last_id(cursor, connection.vendor, table, column):
                continue
            if connection.vendor == "postgresql":
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s)", [table, column, last])
            elif connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last])


def _restore_media(source: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)


def backup_restore(*, path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Load a backup into an empty database and put its media files back.

    All or nothing for the database: any problem with the file or the data raises BackupError and leaves the
    database as it was. With `force`, everything in the database is erased first, in the same transaction.
    Media files are copied over MEDIA_ROOT after the commit; files already there and not in the backup stay.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="policyhub-restore-") as tmp:
        unpacked = Path(tmp)
        manifest = _unpack(path, unpacked)
        _check_migrations(manifest, using)
        # Natural keys are looked up through this cache, which may hold ids from before a flush.
        ContentType.objects.clear_cache()
        try:
            _rename_moved_models(manifest, unpacked / DATA_NAME)
            with transaction.atomic(using=using):
                if force:
                    call_command("flush", interactive=False, verbosity=0, database=using)
                else:
                    _check_empty(using)
                call_command("loaddata", str(unpacked / DATA_NAME), verbosity=0, database=using)
                counts = row_counts(using=using)
                wrong = sorted(label for label, n in manifest["counts"].items() if counts.get(label, 0) != n)
                if wrong:
                    raise BackupError(f"The restored rows do not match the backup's counts in {', '.join(wrong[:5])}.")
                _reset_sequences(manifest.get("ids_handed_out", {}), using)
        except (DeserializationError, DatabaseError, CommandError, ObjectDoesNotExist, LookupError, ValueError) as exc:
            raise BackupError(f"{path} could not be loaded, nothing was changed: {exc}") from exc
        media = [p for p in (unpacked / MEDIA_DIR).rglob("*") if p.is_file()]
        media_bytes = sum(p.stat().st_size for p in media)
        _restore_media(unpacked / MEDIA_DIR)
    return BackupSummary(path=path, counts=counts, media_files=len(media), media_bytes=media_bytes)
