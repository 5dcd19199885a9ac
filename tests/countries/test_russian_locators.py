"""Where in its source a cited passage is (the locator) is shown in the reader's language."""

import pytest
from django.utils import translation

from countries.models import Citation
from opendata.tables import sources
from tests.factories import CitationFactory, ProgressFactory, StanceFactory, ThresholdFactory

pytestmark = pytest.mark.django_db

ENGLISH, RUSSIAN = "closing paragraph of the test", "последний абзац теста"


def _cited(**kwargs):
    return CitationFactory(locator=ENGLISH, locator_ru=RUSSIAN, **kwargs)


def test_profile_shows_the_russian_locator_on_the_russian_page_and_the_english_one_on_the_english(client):
    ThresholdFactory(citations=[_cited()])
    russian = client.get("/ru/countries/ua/").content.decode()
    english = client.get("/countries/ua/").content.decode()
    # In the source list each passage is its number, then where it is in the source.
    assert f"]</b> {RUSSIAN} " in russian and ENGLISH not in russian
    assert f"]</b> {ENGLISH} " in english and RUSSIAN not in english


def test_russian_page_falls_back_to_the_english_locator_when_there_is_no_russian(client):
    ThresholdFactory(citations=[CitationFactory(locator=ENGLISH, locator_ru="")])
    assert f"]</b> {ENGLISH} " in client.get("/ru/countries/ua/").content.decode()


def test_progress_and_disagreement_on_the_report_page_show_the_russian_locator(client):
    progress = ProgressFactory(citations=[_cited()], disagreement_en="They disagree.", disagreement_ru="Они расходятся.")
    StanceFactory(progress=progress)
    page = client.get(f"/ru/sources/{progress.recommendation.source.slug}/").content.decode()
    assert page.count(f", {RUSSIAN}") >= 1 and ENGLISH not in page
    assert f", {ENGLISH}" in client.get(f"/sources/{progress.recommendation.source.slug}/").content.decode()


def test_exported_sources_give_the_locator_in_the_export_language():
    threshold = ThresholdFactory(citations=[_cited()])
    with translation.override("ru"):
        assert any(s.split(" <")[0].endswith(f", {RUSSIAN}") for s in sources(threshold))
    with translation.override("en"):
        assert any(s.split(" <")[0].endswith(f", {ENGLISH}") for s in sources(threshold))


def test_shown_locator_follows_the_active_language():
    citation = Citation(locator=ENGLISH, locator_ru=RUSSIAN)
    with translation.override("ru"):
        assert citation.shown_locator == RUSSIAN
    with translation.override("en"):
        assert citation.shown_locator == ENGLISH
