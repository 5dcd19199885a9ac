"""The bundled progress records: sourced, in both languages, loaded by the seed and shown on pages and the API."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from countries.models import Country
from legislation.curated_schema import MAX_QUOTE_WORDS, quote_words
from recommendations.models import Progress, Recommendation

pytestmark = pytest.mark.usefixtures("bundled_data")

PATH = Path(settings.BASE_DIR) / "fixtures" / "recommendations" / "progress.yaml"


def _records() -> list[dict]:
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))["progress"]


def test_bundled_progress_meets_the_figures_and_every_record_rests_on_a_quoted_source():
    records = _records()
    assert len(records) >= 60
    assert len({r["country"] for r in records}) >= 15
    for record in records:
        assert record["status"] in Progress.Status.values
        assert record["explanation_en"].strip() and record["explanation_ru"].strip()
        assert record["cite"], record
        for cite in record["cite"]:
            assert cite["source"] and cite["quote_en"].strip()
            assert quote_words(cite["quote"]) <= MAX_QUOTE_WORDS, cite


@pytest.mark.django_db
def test_seed_loads_every_progress_record_published_with_its_citations():
    records = _records()
    loaded = Progress.objects.filter(source_row__startswith="progress-")
    assert loaded.count() == len(records)
    assert not loaded.filter(citations=None).exists()
    assert loaded.filter(published=True).count() == len(records)
    belarus = loaded.get(country__iso2="BY", recommendation__locator="§2.2 ¶5 s4")
    assert belarus.status == "not_started"
    assert "LTP" in belarus.evidence and belarus.evidence_ru
    assert {c.source.grade for c in belarus.citations.all()} <= {"A", "B", "C"}


@pytest.mark.django_db
def test_recommendation_shows_a_country_by_status_grid_worst_first(client):
    html = client.get("/sources/kyiv-2016-alternatives/").content.decode()
    grid = html[html.index('class="progress-grid"'):]
    grid = grid[:grid.index("</table>")]
    assert grid.index("not started") < grid.index("partly implemented")
    assert '<a href="/countries/by/">Belarus</a>' in grid
    assert 'class="grade grade-' in grid


@pytest.mark.django_db
def test_russian_grid_gives_the_explanation_in_russian(client):
    html = client.get("/ru/sources/regional-dialogue-2021/").content.decode()
    belarus = Progress.objects.get(country__iso2="BY", recommendation__locator="§2.2 ¶5 s4")
    assert belarus.evidence_ru in html


@pytest.mark.django_db
def test_api_filters_progress_by_country_status_and_recommendation(client):
    rec = Recommendation.objects.get(source__slug="kyiv-2016-alternatives", locator="§6 ¶3")
    data = client.get(f"/api/v1/progress/?recommendation={rec.pk}&status=not_started&page_size=100").json()
    assert data["count"] == Progress.objects.filter(recommendation=rec, status="not_started", published=True).count() > 0
    assert {r["status"] for r in data["results"]} == {"not_started"}
    by = client.get("/api/v1/progress/?country=BY&page_size=100").json()
    assert by["count"] == Country.objects.get(iso2="BY").progress.filter(published=True).count()
    assert all(r["evidence"] and r["evidence_ru"] and r["citations"] for r in by["results"])
