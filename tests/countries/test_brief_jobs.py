"""Rendering briefs as jobs: skipped when unchanged, stale after an edit of their own country, one render at a time,
recovered from a dead worker, the last good PDF kept through failures, and the download's states."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from legislation.models import Threshold
from profiles.briefs import brief_for, render_brief
from profiles.models import Brief
from tests.factories import AssessmentFactory, ThresholdFactory, bundled_country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def countries(db):
    """Ukraine and Moldova, each with a status and a threshold."""
    for iso2 in ("UA", "MD"):
        country = bundled_country(iso2)
        AssessmentFactory(country=country)
        ThresholdFactory(country=country)


def _text(brief: Brief) -> str:
    with brief.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_unchanged_brief_is_skipped_and_an_edit_makes_exactly_its_country_stale():
    ua = brief_for(country=bundled_country("UA"), language="en")
    md = brief_for(country=bundled_country("MD"), language="en")
    assert render_brief(brief_id=ua.pk) == "rendered"
    assert render_brief(brief_id=md.pk) == "rendered"
    assert render_brief(brief_id=ua.pk) == "unchanged"
    threshold = Threshold.objects.get(country__iso2="UA")
    threshold.term = "edited term"
    threshold.save()
    ua.refresh_from_db()
    md.refresh_from_db()
    assert ua.stale and not md.stale
    first_file = ua.file.name
    assert render_brief(brief_id=ua.pk) == "rendered"
    ua.refresh_from_db()
    assert not ua.stale and ua.file.name != first_file and "edited term" in _text(ua)


def test_two_claims_never_render_at_once():
    brief = brief_for(country=bundled_country("UA"), language="en")
    Brief.objects.filter(pk=brief.pk).update(status="rendering", render_started_at=brief.updated_at)
    from django.utils import timezone

    Brief.objects.filter(pk=brief.pk).update(render_started_at=timezone.now())
    assert render_brief(brief_id=brief.pk) == "busy"


def test_brief_left_rendering_by_a_dead_worker_is_recovered(settings):
    from datetime import timedelta

    from django.utils import timezone

    brief = brief_for(country=bundled_country("UA"), language="en")
    Brief.objects.filter(pk=brief.pk).update(status="rendering", render_started_at=timezone.now() - timedelta(hours=1))
    assert render_brief(brief_id=brief.pk) == "rendered"


def test_failed_render_keeps_the_previous_pdf(monkeypatch):
    brief = brief_for(country=bundled_country("UA"), language="en")
    render_brief(brief_id=brief.pk)
    brief.refresh_from_db()
    good = brief.file.name
    ThresholdFactory(country=bundled_country("UA"), amount=Decimal("3"))

    def broken(**kwargs):  # WeasyPrint is outside the project: its failure is simulated
        raise RuntimeError("font cache unavailable")

    monkeypatch.setattr("profiles.briefs.brief_pdf", broken)
    assert render_brief(brief_id=brief.pk) == "failed"
    brief.refresh_from_db()
    assert brief.status == "failed" and "font cache" in brief.error and brief.file.name == good and brief.stale


def test_download_view_states(client, monkeypatch, django_capture_on_commit_callbacks):
    from policyhub.celery import app

    # In-process tasks even where a broker is configured: the worker path has its own test.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/countries/md/brief.pdf")  # no broker: the render runs in-process once the request commits
    response = client.get("/countries/md/brief.pdf")
    state = Brief.objects.filter(country__iso2="MD", language="en").values("status", "stale", "error", "file").first()
    assert response.status_code == 200, state
    assert response["Content-Type"] == "application/pdf" and response["X-Brief-Status"] == "current"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # A stale brief while the render is queued elsewhere: the last good one is served meanwhile.
    Brief.objects.filter(country__iso2="MD").update(stale=True)
    from profiles import briefs

    monkeypatch.setattr(briefs, "request_render", lambda brief: True)
    previous = client.get("/countries/md/brief.pdf")
    assert previous.status_code == 200 and previous["X-Brief-Status"] == "previous"
    assert previous["Cache-Control"] == "no-store"
    # With no good PDF yet, the page says one is being prepared.
    Brief.objects.filter(country__iso2="MD").update(file="")
    waiting = client.get("/countries/md/brief.pdf")
    assert waiting.status_code == 202 and waiting["Refresh"] == "3"
    assert client.get("/countries/zz/brief.pdf").status_code == 404


def test_render_briefs_command_summary(capsys):
    call_command("render_briefs", "--country", "MD", "--lang", "en")
    call_command("render_briefs", "--country", "MD", "--lang", "en")
    out = capsys.readouterr().out
    assert "rendered 1, skipped as unchanged 0, failed 0" in out
    assert "rendered 0, skipped as unchanged 1, failed 0" in out


def test_a_storage_failure_is_recorded_and_the_last_good_pdf_still_served(client, settings, tmp_path, monkeypatch):
    """Issue 14, finding 9: a failing save left the brief "rendering" with no error for 600 s."""
    from django.core.files.storage import FileSystemStorage

    from profiles.briefs import briefs_needing_render

    settings.MEDIA_ROOT = tmp_path
    brief = brief_for(country=bundled_country("MD"), language="en")
    assert render_brief(brief_id=brief.pk) == "rendered"
    brief.refresh_from_db()
    good = brief.file.name
    Brief.objects.filter(pk=brief.pk).update(stale=True)

    def disk_full(self, name, content):  # the storage (Django's, outside the project) fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    assert render_brief(brief_id=brief.pk, force=True) == "failed"
    brief.refresh_from_db()
    assert brief.status == Brief.Status.FAILED and "No space left" in brief.error
    assert brief.file.name == good and brief.stale
    assert briefs_needing_render().filter(pk=brief.pk).exists()  # the next beat run tries again

    response = client.get("/countries/md/brief.pdf")
    assert response.status_code == 200 and response["X-Brief-Status"] == "previous"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_russian_pages_link_to_the_russian_brief(client, django_capture_on_commit_callbacks):
    from profiles.models import Brief

    client.get("/ru/countries/md/brief.pdf")
    assert Brief.objects.filter(country__iso2="MD", language="ru").exists()
    client.get("/countries/md/brief.pdf?lang=ru")
    assert not Brief.objects.filter(country__iso2="MD", language="en").exists()
