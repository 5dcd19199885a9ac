"""Where each country stands on a recommendation: the recommendation's map and grid, the country's worst gaps first,
the PDF brief, the API, and a government's claim shown beside civil society's where the two disagree."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from countries.models import Country
from profiles.briefs import brief_pdf
from profiles.bundled import _check_disagreement
from recommendations.models import Progress, Recommendation, Stance
from recommendations.selectors import STATUS_RANK
from tests.factories import (
    CitationFactory,
    ProgressFactory,
    RecommendationFactory,
    SourceFactory,
    StanceFactory,
    bundled_country,
)

pytestmark = pytest.mark.django_db

FOCUS = ["AM", "AZ", "BY", "GE", "KG", "KZ", "MD", "RU", "TJ", "UA", "UZ"]

GOVERNMENT_QUOTE = "the ban on the drug treatment through opioid substitution treatment is aimed at protecting the health"
CIVIL_SOCIETY_QUOTE = "the government’s punitive policies and practices towards drug use continues, with a national ban"


def _focus() -> list[Country]:
    return [bundled_country(iso2) for iso2 in FOCUS]


def _report(slug: str):
    return SourceFactory(slug=slug, kind="meeting_report")


def _decriminalisation() -> Recommendation:
    """A recommendation Belarus has not started on and Armenia has partly implemented."""
    _focus()
    rec = RecommendationFactory(source=_report("kyiv-2016-alternatives"), locator="§6 ¶3")
    ProgressFactory(recommendation=rec, country=bundled_country("BY"), status="not_started",
                    evidence="Possession for personal use is a crime.",
                    evidence_ru="Хранение для личного употребления — преступление.")
    ProgressFactory(recommendation=rec, country=bundled_country("AM"), status="partly_implemented",
                    evidence="Treatment is offered alongside the penalty.", evidence_ru="Лечение предлагается наряду с наказанием.")
    return rec


def _ost() -> Recommendation:
    """Russia's record on opioid substitution therapy, where the government and civil society disagree, each side
    quoting one of the record's citations."""
    rec = RecommendationFactory(source=_report("regional-dialogue-2021"), locator="§4.1 ¶3 •6")
    russia = bundled_country("RU")
    facts = CitationFactory(country=russia, quote="Russian legislation prohibits the use of these two substances.")
    government = CitationFactory(
        country=russia, source=SourceFactory(slug="mid-ru-vienna-echr-abdyusheva-2019", kind="official"),
        quote=f"{GOVERNMENT_QUOTE} and life of citizens.", quote_en=f"{GOVERNMENT_QUOTE} and life of citizens.",
        quote_ru="запрет на лечение наркотической зависимости методом опиоидной заместительной терапии направлен на "
                 "защиту здоровья и жизни граждан.")
    civil_society = CitationFactory(
        country=russia, source=SourceFactory(slug="ehra-state-of-harm-reduction", kind="ngo_report"),
        quote=f"In Russia, [...] {CIVIL_SOCIETY_QUOTE} on OST", quote_en=f"In Russia, [...] {CIVIL_SOCIETY_QUOTE} on OST",
        quote_ru="В России [...] продолжаются карательная политика и практика правительства: ОЗТ запрещена по всей стране")
    progress = ProgressFactory(
        recommendation=rec, country=russia, status="not_started", as_of=date(2019, 1, 1),
        citations=[facts, civil_society, government],
        disagreement_en="Both say the therapy is banned. The government says it protects citizens' health and life; "
                        "civil society counts it among punitive policies.",
        disagreement_ru="Обе стороны говорят, что терапия запрещена. Правительство утверждает, что он защищает здоровье "
                        "и жизнь граждан; гражданское общество относит его к карательной политике.",
    )
    StanceFactory(progress=progress, citation=civil_society, side=Stance.Side.CIVIL_SOCIETY)
    StanceFactory(progress=progress, citation=government, side=Stance.Side.GOVERNMENT)
    return rec


def _recommendation() -> Recommendation:
    return RecommendationFactory(source=_report("wilton-park-2015"))


def _section(html: str, start: str, end: str) -> str:
    part = html[html.index(start):]
    return part[:part.index(end)]


# The recommendation's page: a map and a country × status grid.

def test_recommendation_page_map_names_and_links_each_country_with_its_status(client):
    rec = _decriminalisation()
    html = client.get(f"/recommendations/{rec.pk}/").content.decode()
    svg = _section(html, '<svg class="region-map"', "</svg>")
    assert re.search(r'<a href="/countries/by/#progress" class="map-country" data-iso2="BY" aria-label="Belarus: not started">', svg)
    assert 'aria-label="Armenia: partly implemented"' in svg
    # The shapes come from the cached static sprite, not inlined in the page.
    assert re.search(r'<use href="/static/map/eeca(\.[0-9a-f]+)?\.svg#BY"', svg) and ' d="M' not in svg
    legend = _section(html, '<ul class="legend"', "</ul>")
    assert "Not started" in legend and "Reversed" in legend and "Grey: no progress recorded in PolicyHub" in legend
    grid = _section(html, 'class="progress-grid"', "</table>")
    assert '<a href="/countries/by/">Belarus</a>' in grid
    assert grid.index("not started") < grid.index("partly implemented")


def test_recommendation_page_greys_a_country_with_no_record_and_says_so(client):
    countries = _focus()
    rec = RecommendationFactory(source=_report("regional-dialogue-2021"), locator="§2.2 ¶5 s4")
    for country in countries[:4]:
        ProgressFactory(recommendation=rec, country=country)
    ProgressFactory(recommendation=rec, country=countries[4], published=False)  # a draft counts as no record
    recorded = set(rec.progress.filter(published=True).values_list("country__iso2", flat=True))
    missing = Country.objects.focus().exclude(iso2__in=recorded).order_by("name_en").first()
    html = client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert f'aria-label="{missing.name_en}: no progress recorded"' in html
    shape = re.search(rf'data-iso2="{missing.iso2}" aria-label="[^"]*"><title>[^<]*</title><use [^>]*fill="([^"]+)"', html)
    assert shape.group(1) == "#d9d9d9"
    n = len(recorded)
    assert f"PolicyHub has a sourced status for {n} focus countries; {Country.objects.focus().count() - n} are not assessed yet." in html


def test_russian_recommendation_page_names_countries_and_statuses_in_russian(client):
    rec = _decriminalisation()
    html = client.get(f"/ru/recommendations/{rec.pk}/").content.decode()
    assert 'href="/ru/countries/by/#progress"' in html and 'aria-label="Беларусь: не начато"' in html
    assert "Серый: в PolicyHub нет данных о выполнении" in html
    belarus = Progress.objects.get(country__iso2="BY", recommendation=rec)
    assert belarus.evidence_ru in html and belarus.evidence not in html


def test_source_page_links_each_item_to_its_map(client):
    rec = _decriminalisation()
    RecommendationFactory(source=rec.source)
    html = client.get("/sources/kyiv-2016-alternatives/").content.decode()
    assert f'<a href="/recommendations/{rec.pk}/#where">Where countries stand, on a map</a>' in html


def test_unknown_recommendation_is_not_found(client):
    assert client.get("/recommendations/999999/").status_code == 404


@pytest.mark.parametrize("n", [1, 10])
def test_recommendation_page_query_count_is_constant(client, django_assert_num_queries, n):
    _focus()
    rec = _recommendation()
    for country in Country.objects.focus().order_by("iso2")[:n]:
        progress = ProgressFactory(recommendation=rec, country=country, disagreement_en="x", disagreement_ru="х")
        StanceFactory(progress=progress, side=Stance.Side.GOVERNMENT)
        other = CitationFactory(country=country)
        progress.citations.add(other)
        StanceFactory(progress=progress, citation=other, side=Stance.Side.CIVIL_SOCIETY)
    client.get(f"/recommendations/{rec.pk}/")  # warms the data version
    with django_assert_num_queries(10):
        html = client.get(f"/recommendations/{rec.pk}/?n={n}").content.decode()
    assert html.count("Government and civil society disagree") == n


# A country's profile and brief: worst gaps first.

PARTLY = ("Treatment may replace the penalty in two regions only.", "Лечение может заменить наказание лишь в двух регионах.")


def _add_statuses(iso2: str) -> None:
    """Records on recommendations of one report, one per status but "not started"; the partly implemented one with
    its own explanation."""
    country = bundled_country(iso2)
    source = _report("kyiv-2016-alternatives")
    ProgressFactory(recommendation=RecommendationFactory(source=source), country=country, status="partly_implemented",
                    evidence=PARTLY[0], evidence_ru=PARTLY[1])
    for status in ["implemented", "reversed", "in_progress"]:
        ProgressFactory(recommendation=RecommendationFactory(source=source), country=country, status=status,
                        evidence=f"English line {status}", evidence_ru=f"Русская строка {status}")


def test_profile_lists_progress_worst_gaps_first_with_status_date_explanation_and_grade(client):
    _add_statuses("MD")
    html = client.get("/countries/md/").content.decode()
    listing = _section(html, '<ol class="progress-list">', "</ol>")
    statuses = re.findall(r'<li class="progress status-(\w+)">', listing)
    assert statuses[0] == "reversed" and statuses[-1] == "implemented"
    assert [STATUS_RANK[s] for s in statuses] == sorted(STATUS_RANK[s] for s in statuses)
    assert set(statuses) >= {"reversed", "in_progress", "partly_implemented", "implemented"}
    first = listing[:listing.index("</li>")]
    assert "Reversed" in first and "English line reversed" in first and "(as of 2022)" in first
    assert 'class="grade grade-' in first and '<a href="#ref-' in first


def test_russian_profile_gives_the_explanation_and_status_in_russian(client):
    _add_statuses("MD")
    html = client.get("/ru/countries/md/").content.decode()
    listing = _section(html, '<ol class="progress-list">', "</ol>")
    assert "Русская строка reversed" in listing and "English line" not in listing
    assert "Отменено" in listing
    moldova = Progress.objects.get(country__iso2="MD", evidence=PARTLY[0])
    assert moldova.evidence_ru in listing and moldova.evidence not in listing


def test_brief_lists_progress_worst_gaps_first_in_both_languages():
    _add_statuses("MD")
    for language, heading, reversed_label, implemented_label, line in [
        ("en", "Where this country stands", "Reversed", "Implemented", "English line reversed"),
        ("ru", "Как страна выполняет", "Отменено", "Выполнено", "Русская строка reversed"),
    ]:
        reader = PdfReader(io.BytesIO(brief_pdf(iso2="MD", language=language)))
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        section = text[text.index(heading):]
        assert section.index(reversed_label) < section.index(line) < section.index(implemented_label)


# Government and civil society disagree.

def test_russian_ost_record_shows_both_sides_quoted(client):
    ost = _ost()
    record = Progress.objects.get(country__iso2="RU", recommendation=ost)
    assert {s.side for s in record.stances.all()} == {"government", "civil_society"}
    html = client.get("/countries/ru/").content.decode()
    note = _section(html, '<div class="disagreement"', "</div>")
    assert "Government and civil society disagree:" in note and "protects citizens' health and life" in note.replace("&#x27;", "'")
    assert note.index("Government") < note.index(GOVERNMENT_QUOTE) < note.index("Civil society") < note.index(CIVIL_SOCIETY_QUOTE)
    page = client.get(f"/recommendations/{ost.pk}/").content.decode()
    assert "sides disagree" in page and GOVERNMENT_QUOTE in page and CIVIL_SOCIETY_QUOTE in page


def test_russian_pages_say_the_sides_disagree_in_russian(client):
    record = Progress.objects.get(country__iso2="RU", recommendation=_ost())
    html = client.get("/ru/countries/ru/").content.decode()
    note = _section(html, '<div class="disagreement"', "</div>")
    assert "Правительство и гражданское общество расходятся" in note
    assert record.disagreement_ru in note and "Гражданское общество" in note
    # Each side's words in the source's language, then in Russian.
    assert GOVERNMENT_QUOTE in note and "направлен на защиту здоровья и жизни граждан" in note
    reader = PdfReader(io.BytesIO(brief_pdf(iso2="RU", language="ru")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Правительство и гражданское общество расходятся" in text


def test_a_disagreement_with_one_side_only_is_not_shown(client):
    rec = _recommendation()
    progress = ProgressFactory(recommendation=rec, disagreement_en="They disagree.", disagreement_ru="Они расходятся.")
    StanceFactory(progress=progress, side=Stance.Side.GOVERNMENT)
    assert progress.sides() == []
    html = client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert "Government and civil society disagree" not in html


def test_the_seed_refuses_a_disagreement_missing_a_side_or_a_language():
    record = {"country": "RU", "recommendation": {"ref": "§4.1 ¶3 •6"}, "disagreement_en": "x", "disagreement_ru": "х"}
    with pytest.raises(ValueError, match="needs a citation with stance government and one with civil_society"):
        _check_disagreement(record, [(None, "government")])
    with pytest.raises(ValueError, match="both disagreement_en and disagreement_ru"):
        _check_disagreement({**record, "disagreement_ru": ""}, [(None, "government"), (None, "civil_society")])
    with pytest.raises(ValueError, match="unknown stance"):
        _check_disagreement(record, [(None, "ministry"), (None, "civil_society")])
    with pytest.raises(ValueError, match="only where the sides disagree"):
        _check_disagreement({**record, "disagreement_en": "", "disagreement_ru": ""}, [(None, "government")])
    _check_disagreement(record, [(None, "government"), (None, "civil_society")])


def test_a_stance_must_quote_one_of_the_records_citations():
    from django.core.exceptions import ValidationError

    progress = ProgressFactory()
    stance = Stance(progress=progress, citation=CitationFactory(), side=Stance.Side.CIVIL_SOCIETY)
    with pytest.raises(ValidationError, match="Cite the passage"):
        stance.full_clean()


# The API.

def test_api_gives_the_disagreement_and_each_citations_side(client):
    data = client.get(f"/api/v1/progress/?country=RU&recommendation={_ost().pk}").json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["disagreement_en"] and row["disagreement_ru"]
    sides = {s["side"]: s for s in row["stances"]}
    assert set(sides) == {"government", "civil_society"}
    assert sides["government"]["source_slug"] == "mid-ru-vienna-echr-abdyusheva-2019"
    assert sides["government"]["quote"].startswith(GOVERNMENT_QUOTE)
    assert sides["civil_society"]["source_slug"] == "ehra-state-of-harm-reduction"
    assert CIVIL_SOCIETY_QUOTE in sides["civil_society"]["quote"]
    # Each side quotes one of the record's own citations.
    assert {(s["source_slug"], s["quote"]) for s in sides.values()} <= {(c["source_slug"], c["quote"]) for c in row["citations"]}


def test_api_filters_combine_country_status_and_recommendation(client):
    rec = _decriminalisation()
    rows = client.get(f"/api/v1/progress/?recommendation={rec.pk}&status=not_started&status=partly_implemented&country=BY,AM").json()
    got = {(r["country"], r["status"]) for r in rows["results"]}
    assert got == {("BY", "not_started"), ("AM", "partly_implemented")}
    assert client.get(f"/api/v1/progress/?recommendation={rec.pk}&status=reversed").json()["count"] == 0
    bad = client.get("/api/v1/progress/?status=abandoned")
    assert bad.status_code == 400 and "status" in bad.json()


@pytest.mark.parametrize("n", [1, 10])
def test_api_progress_list_query_count_is_constant(client, django_assert_num_queries, n):
    _focus()
    rec = _recommendation()
    for country in Country.objects.focus().order_by("iso2")[:n]:
        StanceFactory(progress=ProgressFactory(recommendation=rec, country=country))
    with django_assert_num_queries(5):
        data = client.get(f"/api/v1/progress/?recommendation={rec.pk}&n={n}").json()
    assert data["count"] == n and all(r["stances"] for r in data["results"])
