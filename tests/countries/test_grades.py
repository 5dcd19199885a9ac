"""Evidence grades: derived from what a source is, shown with every fact, and enforced by check_data."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from countries.models import Grade, Source, fact_grade, relies_on_weak_sources
from profiles.briefs import brief_for, render_brief
from tests.factories import AssessmentFactory, CitationFactory, SourceFactory, ThresholdFactory, bundled_country

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "grade"),
    [("legal_text", "A"), ("court", "A"), ("research", "B"), ("ngo_report", "B"), ("official", "B"),
     ("news", "C"), ("law_firm", "C"), ("website", "D"), ("other", "D")],
)
def test_grade_follows_the_kind_of_source(kind, grade):
    assert SourceFactory(kind=kind).grade == grade


def test_an_editor_may_override_a_grade_only_with_a_reason():
    source = SourceFactory(kind="news", grade_override="B")
    with pytest.raises(ValidationError, match="Say why"):
        source.full_clean()
    source.grade_reason = "The news item reproduces the ministry's official statement in full."
    source.full_clean()
    source.save()
    assert Source.objects.get(pk=source.pk).grade == "B"


def test_a_source_needs_a_date_or_a_reason_and_no_future_date():
    source = SourceFactory(date=None, date_precision="undated")
    with pytest.raises(ValidationError, match="say why"):
        source.full_clean()
    source.undated_reason = "The page states no date."
    source.full_clean()
    source.date = date.today() + timedelta(days=40)
    with pytest.raises(ValidationError, match="future"):
        source.full_clean()


def test_a_facts_grade_is_its_best_citations_grade():
    news, act = SourceFactory(kind="news"), SourceFactory(kind="legal_text")
    threshold = ThresholdFactory(citations=[CitationFactory(source=news), CitationFactory(source=act)])
    assert fact_grade(threshold) == "A"
    assert fact_grade(ThresholdFactory(citations=[CitationFactory(source=news)])) == "C"
    assert fact_grade(ThresholdFactory(citations=[])) is None


def test_the_grade_and_the_weak_source_rule_read_the_citations_a_caller_already_holds():
    """The profile reads each fact's citations once and hands them to both rules: the answers are those the rules
    give on their own, and a fact is weakly sourced only when every citation is weak (never when uncited)."""
    website, act = SourceFactory(kind="website"), SourceFactory(kind="legal_text")
    weak = ThresholdFactory(citations=[CitationFactory(source=website)])
    mixed = ThresholdFactory(citations=[CitationFactory(source=website), CitationFactory(source=act)])
    uncited = ThresholdFactory(citations=[])
    for fact, grade, relies in [(weak, "D", True), (mixed, "A", False), (uncited, None, False)]:
        held = list(fact.citations.all())
        assert relies_on_weak_sources(fact, held) is relies_on_weak_sources(fact) is relies
        assert fact_grade(fact, held) == grade
        del fact._grade
        assert fact_grade(fact) == grade


def test_profile_shows_the_grade_and_public_notes_never_editors_notes(client):
    country = bundled_country("UA")
    source = SourceFactory(kind="legal_text", title="Order of the Ministry (test)")
    ThresholdFactory(
        country=country, citations=[CitationFactory(source=source, country=country, quote="Героїн: понад 0,005 г", quote_language="uk",
                                   quote_en="Heroin: more than 0.005 g")],
        note="EDITORS ONLY: checked against the scan", note_en="Counted as the whole mixture.", term="невеликий розмір",
    )
    page = client.get("/countries/ua/").content.decode()
    assert 'class="grade grade-A"' in page and "official text" in page
    assert "Counted as the whole mixture." in page
    assert "EDITORS ONLY" not in page
    assert "Heroin: more than 0.005 g" in page  # the English rendering of the quote


def test_api_carries_grades_on_facts_and_citations_in_json_and_csv(client):
    country = bundled_country("MD")
    ThresholdFactory(country=country, citations=[CitationFactory(source=SourceFactory(kind="ngo_report"), country=country)],
                     note="EDITORS ONLY")
    data = client.get("/api/v1/thresholds/?country=MD&page_size=500").json()
    mine = [t for t in data["results"] if t["citations"] and t["citations"][0]["grade"] == "B" and t["grade"] == "B"]
    assert mine and mine[0]["grade_label"] == "report"
    assert all("EDITORS ONLY" not in str(t) for t in data["results"])
    csv = client.get("/api/v1/thresholds/?country=MD&format=csv").content.decode()
    assert "grade" in csv.splitlines()[0] and "EDITORS ONLY" not in csv


def test_check_data_fails_on_a_published_fact_resting_only_on_an_unverified_source(capsys):
    ThresholdFactory(citations=[CitationFactory(source=SourceFactory(kind="website"))])
    with pytest.raises(CommandError):
        call_command("check_data")
    assert "unverified (grade D)" in capsys.readouterr().err


def test_check_data_fails_on_an_undated_source_without_a_reason(capsys):
    SourceFactory(date=None, date_precision="undated", undated_reason="")
    with pytest.raises(CommandError):
        call_command("check_data")
    assert "neither a date nor a recorded reason" in capsys.readouterr().err


def test_check_data_fails_on_a_future_date(capsys):
    SourceFactory(date=date.today() + timedelta(days=400))
    with pytest.raises(CommandError):
        call_command("check_data")
    assert "in the future" in capsys.readouterr().err


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_brief_shows_each_facts_grade(media):
    country = bundled_country("MD")
    AssessmentFactory(country=country, citations=[CitationFactory(source=SourceFactory(kind="legal_text"), country=country)])
    brief = brief_for(country=country, language="en")
    assert render_brief(brief_id=brief.pk) == "rendered"
    brief.refresh_from_db()
    with brief.file.open("rb") as fh:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages).split())
    assert "official text" in text and "evidence" in text
    assert str(Grade.A.label) in text


def test_check_data_fails_on_a_published_fact_without_its_russian_text(capsys):
    ThresholdFactory(term="невеликий розмір", term_ru="")
    with pytest.raises(CommandError):
        call_command("check_data")
    assert "has no Russian term_ru" in capsys.readouterr().err
