import re
from datetime import date

import pytest

from recommendations.models import Recommendation, ReportNote
from tests.factories import ProgressFactory, RecommendationFactory, SourceFactory, bundled_country

pytestmark = pytest.mark.django_db

FOCUS = ["UA", "MD", "GE", "AM", "AZ", "BY", "KZ", "KG", "TJ", "UZ"]


def _report(slug="regional-dialogue", **kwargs):
    return SourceFactory(slug=slug, title=f"Report {slug}", kind="meeting_report", date=date(2021, 5, 1), **kwargs)


def _numbered(source, label, order, **kwargs):
    return RecommendationFactory(source=source, reference=Recommendation.Reference.LABEL, label=label, locator="",
                                 order=order, **kwargs)


def _passage(source, locator, order, kind=Recommendation.Kind.WORKSHOP_PROPOSAL, **kwargs):
    return RecommendationFactory(source=source, kind=kind, reference=Recommendation.Reference.LOCATOR, locator=locator,
                                 order=order, **kwargs)


def test_source_page_counts_kinds_separately_and_lists_numbered_recommendations_first(client):
    report = _report()
    # The report's proposals come first in the text; its numbered recommendations are still listed first.
    for i in range(3):
        _passage(report, f"§2 ¶{i + 1}", order=i + 1)
    for i in range(2):
        _passage(report, f"§3 ¶{i + 1}", order=i + 4, kind=Recommendation.Kind.SPEAKER_PROPOSAL, speaker="A speaker")
    _numbered(report, "1", order=10)
    _numbered(report, "2", order=11)
    html = client.get(f"/sources/{report.slug}/").content.decode()
    assert "2 recommendations, 3 workshop proposals and 2 speakers&#x27; proposals" in html
    first = re.search(r'<span class="(label|locator)"[^>]*>([^<]+)</span>', html)
    assert first.groups() == ("label", "1")


def test_source_page_shows_a_locator_as_a_locator_and_folds_origins(client):
    report = _report()
    rec = _passage(report, "§4.2 ¶6 s1", order=1, kind=Recommendation.Kind.RECOMMENDATION,
                   summary_en="Protect people who use drugs socially")
    _passage(report, "§5 ¶1", order=2, became=rec, summary_en="Develop a social protection plan in each country")
    html = client.get(f"/sources/{report.slug}/").content.decode()
    assert re.search(r'<span class="locator"[^>]*>at §4\.2 ¶6 s1</span>', html)
    assert "Grew from 1 passage" in html
    assert html.count("Develop a social protection plan in each country") == 1


def test_passage_shows_the_recommendation_it_became(client):
    report = _report()
    rec = _numbered(report, "18", order=1)
    _passage(report, "§5 ¶1", order=2, became=rec)
    _passage(report, "§5 ¶2", order=3)
    html = client.get(f"/recommendations/?kind=workshop_proposal&source={report.slug}").content.decode()
    assert "2 workshop proposals" in html
    assert re.search(rf'Became <a href="/sources/{report.slug}/#rec-{rec.pk}">recommendation <span class="label"[^>]*>18</span>', html)


def test_russian_source_page_says_once_that_summaries_are_translated(client):
    report = _report("honlea-europe")
    _numbered(report, "1", order=1)
    html = client.get(f"/ru/sources/{report.slug}/").content.decode()
    assert html.count("Резюме и переводы") == 1 and "Резюме переведены PolicyHub" not in html


@pytest.mark.parametrize("n", [1, 10])
def test_source_page_query_count_is_constant(client, django_assert_num_queries, n):
    report = _report("wilton-park")
    rec = _numbered(report, "1", order=1)
    _passage(report, "§2 ¶1", order=2, became=rec)
    _numbered(report, "2", order=3)
    countries = [bundled_country(iso2) for iso2 in FOCUS]
    for country in countries[:n]:
        ProgressFactory(recommendation=rec, country=country, published=True)
    client.get(f"/sources/{report.slug}/")  # warms the data version
    with django_assert_num_queries(12):
        client.get(f"/sources/{report.slug}/?n={n}")


def test_source_page_says_where_the_report_refers_to_an_attachment_the_text_lacks(client):
    report = _report("wilton-park")
    _numbered(report, "1", order=1)
    ReportNote.objects.create(source=report, note_en=(
        "The report says “A table of suggestions is attached”. The text PolicyHub holds has no such table, so its "
        "suggestions are not listed here."))
    html = client.get(f"/sources/{report.slug}/").content.decode()
    assert "A table of suggestions is attached" in html and "has no such table" in html


def _side_event_report():
    report = _report("we-are-the-evidence", date_precision="year")
    _passage(report, "§1 ¶1", order=1, kind=Recommendation.Kind.SPEAKER_PROPOSAL, speaker="A speaker")
    ReportNote.objects.create(
        source=report,
        inferred_en="Date: not stated in the text. Inferred: 2021, between 25 March and 3 June, from the speakers' words.",
        inferred_ru="Дата: в тексте не указана. Вывод PolicyHub: 2021 год, между 25 марта и 3 июня, по словам выступающих.",
    )
    return report


def test_source_page_marks_details_the_text_does_not_state_as_inferred(client):
    report = _side_event_report()
    html = client.get(f"/sources/{report.slug}/").content.decode()
    assert "Not stated in the text" in html and "Inferred: 2021, between 25 March and 3 June" in html


def test_russian_source_page_gives_the_inferred_details_in_russian(client):
    report = _side_event_report()
    html = client.get(f"/ru/sources/{report.slug}/").content.decode()
    assert "В тексте не указано" in html and "между 25 марта и 3 июня" in html
