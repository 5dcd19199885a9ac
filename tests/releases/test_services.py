"""Cutting data releases: the changelog, the data package's validity, reproducibility, and failures that keep nothing."""

import csv
import hashlib
import io
import json
import shutil
import zipfile
from decimal import Decimal

import frictionless
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from legislation.models import Sanction, Threshold
from releases.models import Release
from releases.services import ReleaseError, release_cut
from releases.tasks import cut_release
from tests.factories import (
    ArticleFactory,
    AssessmentFactory,
    LawFactory,
    ProgressFactory,
    SanctionFactory,
    ThresholdFactory,
    bundled_country,
)

from .conftest import DAY_ONE, DAY_TWO

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data():
    """A little of every kind of fact a release holds: thresholds (one on an article), sanctions in two countries, an
    assessment and a progress record, each with its citation and source."""
    ukraine = bundled_country("UA")
    article = ArticleFactory(law__country=ukraine)
    ThresholdFactory(country=ukraine, law=article.law, article=article, amount=Decimal("1.5"))
    ThresholdFactory(country=ukraine, law=article.law, tier=2, term="large", amount=Decimal("10"))
    for iso2 in ("MD", "GE"):
        SanctionFactory(country=bundled_country(iso2))
    AssessmentFactory(country=ukraine)
    ProgressFactory(country=ukraine)


def _changes(media, number: int) -> list[dict]:
    return list(csv.DictReader(io.StringIO((media / f"releases/{number}/changes.csv").read_text())))


def _folder_bytes(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_release_changelog_lists_added_removed_and_changed_facts_with_before_and_after(media):
    first = release_cut(on=DAY_ONE)
    threshold = Threshold.objects.published().filter(country__iso2="UA", amount__isnull=False).order_by("pk").first()
    before_amount = format(threshold.amount.normalize(), "f")
    threshold.amount = threshold.amount + Decimal("0.25")
    threshold.term_en = "a renamed tier"
    threshold.save()
    gone = Sanction.objects.published().filter(country__iso2="MD").order_by("pk").first()
    gone_id = gone.pk
    gone.delete()
    hidden = Sanction.objects.published().filter(country__iso2="GE").order_by("pk").first()
    hidden.published = False
    hidden.save()
    law = LawFactory(country=bundled_country("KZ"), title_en="Law on the release test")

    second = release_cut(on=DAY_TWO)

    assert (first.number, second.number) == (1, 2)
    rows = _changes(media, 2)
    changed = {(r["record"], r["field"]): (r["before"], r["after"]) for r in rows
               if r["table"] == "thresholds" and r["change"] == "changed"}
    assert changed[(str(threshold.pk), "amount")] == (before_amount, format((threshold.amount).normalize(), "f"))
    assert changed[(str(threshold.pk), "term_en")][1] == "a renamed tier"
    assert {"table": "sanctions", "record": str(gone_id), "change": "removed", "field": "", "before": "",
            "after": ""} in rows
    assert any(r["table"] == "sanctions" and r["record"] == str(hidden.pk) and r["change"] == "removed" for r in rows)
    assert any(r["table"] == "laws" and r["record"] == str(law.pk) and r["change"] == "added" for r in rows)
    # The new law's citation comes in with it, as a citation and as a link.
    assert any(r["table"] == "law_citations" and r["record"].startswith(f"{law.pk}/") and r["change"] == "added"
               for r in rows)
    # Nothing else in those tables moved.
    assert {r["record"] for r in rows if r["table"] == "thresholds"} == {str(threshold.pk)}
    assert {r["record"] for r in rows if r["table"] == "laws"} == {str(law.pk)}

    changelog = (media / "releases/2/CHANGELOG.md").read_text()
    assert f"`amount`: “{before_amount}” → “{format(threshold.amount.normalize(), 'f')}”" in changelog
    assert f"removed · удалено `{gone_id}`" in changelog
    assert f"added · добавлено `{law.pk}`" in changelog and "Law on the release test" in changelog
    summary = Release.objects.get(number=2).changelog
    assert summary["previous"] == 1 and summary["tables"]["thresholds"] == {"added": 0, "removed": 0, "changed": 1}
    assert summary["tables"]["sanctions"]["removed"] >= 2 and summary["tables"]["laws"]["added"] == 1


def test_the_first_release_says_everything_is_new(media):
    release = release_cut(on=DAY_ONE)
    assert release.changelog["previous"] is None
    assert release.changelog["records"] > 0
    assert release.changelog["records"] == sum(
        len(list(csv.DictReader(p.open()))) for p in (media / "releases/1/data").glob("*.csv"))
    assert "First release" in (media / "releases/1/CHANGELOG.md").read_text()
    assert _changes(media, 1) == []


def test_datapackage_validates_with_frictionless_and_declares_every_key(media):
    release_cut(on=DAY_ONE)
    folder = media / "releases/1"
    descriptor = json.loads((folder / "datapackage.json").read_text())

    report = frictionless.validate(str(folder / "datapackage.json"))

    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:10]
    assert {r["path"] for r in descriptor["resources"]} == {f"data/{p.name}" for p in (folder / "data").glob("*.csv")}
    thresholds = next(r for r in descriptor["resources"] if r["name"] == "thresholds")
    assert thresholds["schema"]["primaryKey"] == ["id"]
    assert {fk["reference"]["resource"] for fk in thresholds["schema"]["foreignKeys"]} == {
        "countries", "substances", "laws", "articles"}
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["type"] in {"string", "integer", "number", "boolean", "date"}
            assert field["description"] and field["description_ru"], (resource["name"], field["name"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


def test_a_broken_foreign_key_fails_the_validation(media, tmp_path):
    """The validation really checks the rows: a threshold of a substance the package lacks is an error."""
    release_cut(on=DAY_ONE)
    copy = tmp_path / "copy"
    shutil.copytree(media / "releases/1", copy)
    path = copy / "data/thresholds.csv"
    rows = list(csv.DictReader(path.open()))
    rows[0]["substance"] = "unicorn-dust"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    descriptor = json.loads((copy / "datapackage.json").read_text())
    resource = next(r for r in descriptor["resources"] if r["name"] == "thresholds")
    resource["bytes"] = path.stat().st_size
    resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    (copy / "datapackage.json").write_text(json.dumps(descriptor))

    report = frictionless.validate(str(copy / "datapackage.json"))

    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_the_zip_holds_every_file_and_its_checksum_is_recorded(media, tmp_path):
    release = release_cut(on=DAY_ONE)
    data = (media / "releases/1" / release.zip_name).read_bytes()
    assert (release.size, release.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert all(info.date_time == (2026, 3, 1, 0, 0, 0) for info in archive.infolist())
        archive.extractall(tmp_path / "unzipped")
    assert names == sorted(names)
    unzipped = tmp_path / "unzipped/policyhub-data-1"
    assert {n.removeprefix("policyhub-data-1/") for n in names} == set(release.files) - {release.zip_name}
    assert frictionless.validate(str(unzipped / "datapackage.json")).valid
    cff = (unzipped / "CITATION.cff").read_text()
    assert "license: CC-BY-4.0" in cff and "date-released: 2026-03-01" in cff and 'version: "1"' in cff
    assert "CC BY 4.0" in (unzipped / "LICENSE.txt").read_text()
    codebook = (unzipped / "codebook.md").read_text()
    # Every enumerated value with both labels, and the grades with their meanings.
    assert "| `administrative_code` | code of administrative offences | кодекс об административных правонарушениях |" in codebook
    assert "| A | official text | официальный текст |" in codebook and "| D | unverified | не проверено |" in codebook


def test_a_release_cut_twice_from_the_same_data_is_byte_identical_and_not_cut_again(media, settings, tmp_path):
    first = release_cut(on=DAY_ONE)
    files = _folder_bytes(media / "releases/1")

    again = release_cut(on=DAY_ONE)
    later = release_cut(on=DAY_TWO)

    assert again is None and later is None and Release.objects.count() == 1
    # The same data cut afresh elsewhere gives the same bytes.
    Release.objects.all().delete()
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    redo = release_cut(on=DAY_ONE)
    assert _folder_bytes(tmp_path / "elsewhere/releases/1") == files
    assert (redo.number, redo.sha256, redo.size) == (1, first.sha256, first.size)


def test_command_says_when_nothing_changed_and_exits_cleanly(media):
    out = io.StringIO()
    call_command("release", "--date", "2026-03-01", stdout=out)
    assert "Release 1 of 2026-03-01 cut (first release" in out.getvalue()
    out = io.StringIO()
    call_command("release", stdout=out)
    assert "Nothing changed since the last release; no release was cut." in out.getvalue()
    assert Release.objects.count() == 1


def test_command_refuses_a_bad_date(media):
    with pytest.raises(CommandError, match="is not a date; use YYYY-MM-DD"):
        call_command("release", "--date", "2026-13-01")
    assert not Release.objects.exists()


def test_unwritable_storage_is_an_error_and_leaves_no_release(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    with pytest.raises(CommandError, match="No release was cut: Could not write to media storage"):
        call_command("release")
    assert not Release.objects.exists()


def test_a_failure_half_way_through_writing_removes_what_was_written(media):
    # Something in the way of one of the last files: the earlier ones are written before it fails.
    (media / "releases/1/data/thresholds.csv").mkdir(parents=True)
    (media / "releases/1/data/thresholds.csv/in-the-way").write_text("x")
    with pytest.raises(CommandError, match="No release was cut"):
        call_command("release")
    assert not Release.objects.exists()
    left = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    assert left == ["releases/1/data/thresholds.csv/in-the-way"]


def test_a_release_dated_before_the_last_is_refused(media):
    release_cut(on=DAY_TWO)
    LawFactory(title_en="Another law")
    with pytest.raises(CommandError, match="cannot be dated earlier"):
        call_command("release", "--date", DAY_ONE.isoformat())
    assert Release.objects.count() == 1


def test_the_beat_task_cuts_a_release_only_when_the_data_changed(media, settings):
    assert settings.CELERY_BEAT_SCHEDULE["cut-release"]["task"] == "releases.tasks.cut_release"
    assert cut_release.delay().get() == 1
    assert cut_release.delay().get() is None
    LawFactory(title_en="A law passed after release 1")
    assert cut_release.delay().get() == 2



def test_a_carriage_return_in_a_text_is_written_as_a_line_break_and_the_next_cut_reads_it_back(media):
    from tests.factories import CitationFactory

    country = bundled_country("KZ")
    citation = CitationFactory(country=country, quote="a\rb")
    LawFactory(country=country, title_en="A law quoting with a carriage return", citations=[citation])
    release_cut(on=DAY_ONE)
    LawFactory(country=country, title_en="A law passed after release 1")

    second = release_cut(on=DAY_TWO)

    assert second is not None and second.number == 2
    for number in (1, 2):
        with (media / f"releases/{number}/data/citations.csv").open(newline="") as handle:
            rows = {row["id"]: row for row in csv.DictReader(handle)}
        assert rows[str(citation.pk)]["quote"] == "a\nb"
    assert not [r for r in _changes(media, 2) if r["table"] == "citations" and r["record"] == str(citation.pk)]


def test_an_unreadable_previous_release_is_a_clear_error(media):
    release_cut(on=DAY_ONE)
    (media / "releases/1/data/citations.csv").write_bytes(b"id,quote\n1,a\rb\n")
    LawFactory(title_en="A law passed after release 1")
    with pytest.raises(CommandError, match="No release was cut: Release 1's file .*citations.csv cannot be read"):
        call_command("release", "--date", DAY_TWO.isoformat())
    (media / "releases/1/data/citations.csv").write_bytes(b"id,quote\n1,\xff\n")
    with pytest.raises(CommandError, match="No release was cut: Release 1's file .*citations.csv cannot be read"):
        call_command("release", "--date", DAY_TWO.isoformat())
    assert Release.objects.count() == 1


def test_a_file_the_storage_leaves_half_written_is_removed(media, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    from releases import services

    class DiskFullHalfWay(FileSystemStorage):
        def _save(self, name, content):
            if name.endswith("codebook.csv"):
                (media / name).parent.mkdir(parents=True, exist_ok=True)
                (media / name).write_bytes(content.read()[:100])
                raise OSError("No space left on device")
            return super()._save(name, content)

    monkeypatch.setattr(services, "default_storage", DiskFullHalfWay(location=media))
    with pytest.raises(CommandError, match="No release was cut: Could not write to media storage"):
        call_command("release")
    assert not Release.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_the_codebook_lists_each_value_of_a_field_once_with_its_meaning(media):
    release_cut(on=DAY_ONE)
    rows = list(csv.DictReader(io.StringIO((media / "releases/1/codebook.csv").read_text())))
    values = [(r["table"], r["field"], r["value"]) for r in rows if r["value"]]
    assert len(values) == len(set(values))
    grades = [r for r in rows if (r["table"], r["field"]) == ("sources", "grade") and r["value"]]
    assert [r["value"] for r in grades] == ["A", "B", "C", "D"] and all(r["description_en"] for r in grades)


def test_a_release_dated_in_the_future_is_refused(media):
    from datetime import timedelta

    from django.utils import timezone

    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(CommandError, match="cannot be dated in the future"):
        call_command("release", "--date", tomorrow.isoformat())
    with pytest.raises(ReleaseError, match="cannot be dated in the future"):
        release_cut(on=tomorrow)
    assert not Release.objects.exists()
    assert release_cut(on=timezone.localdate()) is not None
