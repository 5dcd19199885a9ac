"""Backup and restore: every row, every history record and every media file comes back, or nothing changes.

These tests commit for real (a restore is one transaction of its own), so the test database is emptied after
each one; every test starts from a backup of the seeded site, made once and restored by the `site` fixture.
"""

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, connections
from django.test import override_settings

from countries.models import Citation, Country, Source
from editors.models import ApiToken, ChangeRequest
from editors.roles import ensure_groups
from legislation.models import Law
from profiles.backup import MANIFEST_NAME, backed_up_models, backup_create, consistent_read
from profiles.models import Brief

pytestmark = pytest.mark.django_db(transaction=True)

BRIEF_BYTES = b"%PDF-1.4\n% a rendered brief\n" + bytes(range(256)) * 40
BRIEF_NAME = "briefs/ua/policyhub-ua-en.pdf"


def _natural(model, pk):
    return model.objects.get(pk=pk).natural_key() if pk is not None else None


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table, all fields, by pk; content types and permissions by natural key, since a
    restore may meet them under other ids."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or model in (ContentType, Permission):
            continue
        named = [
            f for f in model._meta.concrete_fields if f.is_relation and f.related_model in (ContentType, Permission)
        ]
        values = list(model._base_manager.order_by("pk").values())
        for row in values:
            for field in named:
                row[field.attname] = _natural(field.related_model, row[field.attname])
        rows[model._meta.label] = values
    rows["contenttypes.ContentType"] = sorted(ct.natural_key() for ct in ContentType.objects.all())
    rows["auth.Permission"] = sorted(p.natural_key() for p in Permission.objects.select_related("content_type"))
    return rows


def _editor_work() -> None:
    """What editors leave behind: groups and permissions, edits with their author, a deleted record, a review
    request and an admin log entry pointing at a content type, an API token and a rendered brief."""
    editors, _ = ensure_groups()
    editor = get_user_model().objects.create_user("editor", password="a long passphrase 42", is_staff=True)
    editor.groups.add(editors)
    editor.user_permissions.add(Permission.objects.get(codename="publish_changes"))
    ApiToken.issue(user=editor)

    law = Law.objects.filter(country__iso2="UA").order_by("pk").first()
    law._history_user = editor
    law.title_en = f"{law.title_en} (amended)"
    law.save()
    law.citations.add(Citation.objects.exclude(laws=law).filter(country=law.country).first())
    gone = Citation.objects.create(source=Source.objects.first(), locator="p. 99", quote="Soon deleted.")
    gone.delete()

    ChangeRequest.objects.create(
        content_type=ContentType.objects.get_for_model(Law),
        object_id=law.pk,
        country=law.country,
        action=ChangeRequest.Action.UPDATE,
        data={"title_en": "Proposed"},
        summary="Retitle",
        author=editor,
    )
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Law),
        object_id=str(law.pk),
        object_repr=str(law)[:200],
        action_flag=CHANGE,
        change_message="Retitled",
    )
    brief = Brief.objects.create(country=law.country, language="en", status=Brief.Status.READY, stale=False)
    brief.file.save("policyhub-ua-en.pdf", ContentFile(BRIEF_BYTES))
    assert brief.file.name == BRIEF_NAME


@pytest.fixture(scope="module")
def site_backup(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """A backup of the bundled data and an editor's work, made once; each test starts from it."""
    folder = tmp_path_factory.mktemp("site")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        if not Country.objects.exists():  # an earlier transactional test emptied the database
            call_command("seed", verbosity=0)
        _editor_work()
        return backup_create(output=folder / "site.tar.gz").path


@pytest.fixture
def site(site_backup, settings, tmp_path) -> Path:
    """The database and MEDIA_ROOT (returned) as the editors left them."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("restore", str(site_backup), force=True, stdout=io.StringIO())
    return settings.MEDIA_ROOT


def _backup(tmp_path) -> Path:
    path = tmp_path / "site.tar.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    return path


def _flush():
    call_command("flush", interactive=False, verbosity=0)


def _rewrite_data(backup: Path, into: Path, change, manifest_change=lambda manifest: manifest) -> Path:
    """A copy of a backup whose data.json was changed, with its checksum updated so only the load can fail."""
    unpacked = into / "unpacked"
    with tarfile.open(backup, "r:gz") as archive:
        archive.extractall(unpacked, filter="data")
    data_path = unpacked / "data.json"
    data_path.write_text(json.dumps(change(json.loads(data_path.read_text()))))
    manifest = manifest_change(json.loads((unpacked / MANIFEST_NAME).read_text()))
    manifest["files"]["data.json"] = hashlib.sha256(data_path.read_bytes()).hexdigest()
    (unpacked / MANIFEST_NAME).write_text(json.dumps(manifest))
    result = into / "changed.tar.gz"
    with tarfile.open(result, "w:gz") as archive:
        for name in manifest["files"]:
            archive.add(unpacked / name, arcname=name)
        archive.add(unpacked / MANIFEST_NAME, arcname=MANIFEST_NAME)
    return result


def test_backup_then_restore_brings_back_every_row_history_and_media(site, tmp_path):
    before = snapshot()
    assert len(before["countries.HistoricalCitation"]) > len(before["countries.Citation"])  # the deleted one
    assert any(row["history_user_id"] for row in before["legislation.HistoricalLaw"])
    assert before["auth.Group_permissions"] and before["editors.ChangeRequest"] and before["admin.LogEntry"]
    backup = _backup(tmp_path)

    _flush()
    shutil.rmtree(site)
    # Another database numbers its content types differently: the backup must not depend on their ids.
    old_ids = set(ContentType.objects.values_list("pk", flat=True))
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert not old_ids & set(ContentType.objects.values_list("pk", flat=True))
    assert not Country.objects.exists()

    out = io.StringIO()
    call_command("restore", str(backup), stdout=out)

    assert snapshot() == before
    assert (site / BRIEF_NAME).read_bytes() == BRIEF_BYTES
    assert "1 media files" in out.getvalue()
    # New rows and new history records get fresh ids after the restore.
    law = Law.objects.get(title_en__endswith="(amended)")
    law.title_en = "Edited after the restore"
    law.save()
    citation = Citation.objects.create(source=Source.objects.first(), locator="p. 1")
    assert citation.pk > max(row["id"] for row in before["countries.HistoricalCitation"])
    newest = law.history.first()
    assert newest.title_en == "Edited after the restore"
    assert newest.history_id > max(row["history_id"] for row in before["legislation.HistoricalLaw"])


def test_a_backup_from_before_the_brief_and_search_moved_app_still_restores(site, tmp_path):
    """Briefs and search entries were the core app's models (countries.Brief) before they moved to profiles."""
    before = snapshot()
    assert before["profiles.Brief"] and before["profiles.SearchEntry"]

    def old_labels(rows):
        for row in rows:
            row["model"] = {"profiles.brief": "countries.brief", "profiles.searchentry": "countries.searchentry"}.get(
                row["model"], row["model"])
        return rows

    def old_counts(manifest):
        manifest["counts"] = {label.replace("profiles.", "countries."): n for label, n in manifest["counts"].items()}
        return manifest

    old = _rewrite_data(_backup(tmp_path), tmp_path, old_labels, old_counts)
    assert b"countries.brief" in tarfile.open(old).extractfile("data.json").read()
    _flush()
    call_command("restore", str(old), stdout=io.StringIO())
    assert snapshot() == before


def test_restore_of_a_truncated_file_fails_and_leaves_the_database_alone(site, tmp_path):
    backup = _backup(tmp_path)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    before = snapshot()

    with pytest.raises(CommandError, match="truncated or damaged"):
        call_command("restore", str(truncated), force=True)

    assert snapshot() == before


def test_restore_of_a_damaged_file_fails(site, tmp_path):
    backup = _backup(tmp_path)
    data = bytearray(backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))
    _flush()

    with pytest.raises(CommandError, match="truncated or damaged"):
        call_command("restore", str(damaged))

    assert not Country.objects.exists()


def test_restore_that_fails_while_loading_rolls_back_the_flush(site, tmp_path):
    before = snapshot()
    backup = _backup(tmp_path)

    def break_last_law(objects):
        law = next(o for o in reversed(objects) if o["model"] == "legislation.law")
        law["fields"]["country"] = 999_999
        return objects

    broken = _rewrite_data(backup, tmp_path, break_last_law)
    shutil.rmtree(site)
    with pytest.raises(CommandError, match="could not be loaded, nothing was changed"):
        call_command("restore", str(broken), force=True)

    assert snapshot() == before
    assert not site.exists()  # media files are put back only once the data is in


def test_restore_into_a_database_with_data_is_refused_without_force(site, tmp_path):
    backup = _backup(tmp_path)
    Citation.objects.create(source=Source.objects.first(), locator="added after the backup")
    before = snapshot()

    with pytest.raises(CommandError, match="already holds data.*--force"):
        call_command("restore", str(backup))

    assert snapshot() == before


def test_restore_with_force_replaces_what_is_there(site, tmp_path):
    backup_snapshot = snapshot()
    backup = _backup(tmp_path)
    Citation.objects.create(source=Source.objects.first(), locator="added after the backup")
    Country.objects.filter(iso2="UA").update(name_en="Changed")

    call_command("restore", str(backup), force=True, stdout=io.StringIO())

    assert snapshot() == backup_snapshot


def test_backup_writes_a_timestamped_file_in_the_current_folder(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()

    call_command("backup", stdout=out)

    [written] = tmp_path.glob("policyhub-backup-*Z.tar.gz")
    assert str(written) in out.getvalue()
    rows = sum(model._base_manager.count() for model in backed_up_models())
    assert f"{rows} rows" in out.getvalue()
    with tarfile.open(written) as archive:
        assert {"data.json", MANIFEST_NAME, f"media/{BRIEF_NAME}"} <= set(archive.getnames())


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets no one write during a read transaction; the single transaction is the guarantee there.",
)
def test_backup_reads_one_snapshot_on_postgresql(site):
    other = connections.create_connection("default")
    try:
        with consistent_read():
            assert Country.objects.get(iso2="UA").name_en != "Renamed meanwhile"
            with other.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Country._meta.db_table} SET name_en = %s WHERE iso2 = %s", ["Renamed meanwhile", "UA"]
                )
            assert Country.objects.get(iso2="UA").name_en != "Renamed meanwhile"
        assert Country.objects.get(iso2="UA").name_en == "Renamed meanwhile"
    finally:
        other.close()
