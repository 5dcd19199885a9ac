import re
from datetime import date
from decimal import Decimal

import pytest

from countries.models import Assessment
from legislation.models import Threshold
from recommendations.models import Recommendation, Theme
from tests.factories import (
    ArticleFactory,
    AssessmentFactory,
    CitationFactory,
    CountryFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LawFactory,
    RecommendationFactory,
    SanctionFactory,
    SourceFactory,
    SubstanceFactory,
    ThresholdFactory,
    bundled_country,
)

pytestmark = pytest.mark.django_db


def _heroin():
    return SubstanceFactory(slug="heroin", name_en="Heroin", name_ru="Героин", category="opioid")


@pytest.fixture
def world():
    """A few focus countries with what the pages show: Russia's heroin table with the sanction for each band,
    Ukraine's line, Turkmenistan with none; the possession and drug-use indicators (Hungary assessed on drug use,
    Turkmenistan not); two reports with numbered recommendations and a theme."""
    russia = CountryFactory(iso2="RU")
    CountryFactory(iso2="MD")
    ukraine, hungary, turkmenistan = bundled_country("UA"), bundled_country("HU"), bundled_country("TM")
    heroin = _heroin()
    code = LawFactory(country=russia, title_en="Criminal Code", kind="criminal_code")
    article = ArticleFactory(law=code, number="228(1)")
    for tier, term, amount in [(1, "significant amount", "0.5"), (2, "large amount", "2.5"),
                               (3, "especially large amount", "1000")]:
        ThresholdFactory(country=russia, law=code, substance=heroin, tier=tier, term=term, amount=Decimal(amount))
    SanctionFactory(country=russia, law=code, band_from=0, band_to=0, liability="administrative")
    SanctionFactory(country=russia, law=code, article=article, band_from=1, band_to=1, liability="criminal",
                    fine_min=None, fine_max=None, fine_unit="", prison_months_max=Decimal("36"))
    ThresholdFactory(country=ukraine, substance=heroin, term="small amount", amount=Decimal("0.005"))
    SanctionFactory(country=ukraine, band_from=0, band_to=0)
    possession = IndicatorFactory(slug="possession-personal-use", name_en="Possession for personal use",
                                  name_ru="Хранение для личного употребления", is_main=True)
    criminal = IndicatorValueFactory(indicator=possession, slug="criminal", label_en="Criminal offence",
                                     label_ru="Уголовное преступление", rank=1, colour="#b2182b")
    drug_use = IndicatorFactory(slug="drug-use", name_en="Drug use", name_ru="Употребление наркотиков")
    punished = IndicatorValueFactory(indicator=drug_use, slug="administrative", label_en="Administrative offence",
                                     label_ru="Административное правонарушение", rank=1, colour="#ef8a62")
    for country in (russia, ukraine, turkmenistan):
        AssessmentFactory(country=country, indicator=possession, value=criminal)
    AssessmentFactory(country=hungary, indicator=drug_use, value=punished)
    AssessmentFactory(country=russia, indicator=drug_use, value=punished)
    women = Theme.objects.create(slug="women-gender", name_en="Women and gender", name_ru="Женщины и гендер")
    dialogue = SourceFactory(slug="regional-dialogue-2021", title="Regional dialogue 2021", kind="meeting_report")
    for n in range(3):
        rec = RecommendationFactory(source=dialogue, reference="label", label=str(n + 1), locator="", order=n + 1,
                                    text=f"Services for women who use drugs, point {n + 1}.")
        if n < 2:
            rec.themes.add(women)
    proposal = RecommendationFactory(source=dialogue, kind="workshop_proposal", order=10,
                                     text="Follow the Bangkok Rules for women in prison.")
    proposal.themes.add(women)
    honlea = SourceFactory(slug="honlea-europe-2017", title="HONLEA Europe 2017", kind="meeting_report")
    for order, label in [(3, "3(c)"), (1, "3(a)"), (6, "3(f)"), (2, "3(b)"), (5, "3(e)"), (4, "3(d)"), (7, "4")]:
        RecommendationFactory(source=honlea, reference="label", label=label, locator="", order=order)

PAGES = [
    "/", "/countries/", "/countries/ua/", "/countries/ru/?amount=1&unit=g&substance=heroin", "/compare/?substance=heroin",
    "/compare/?substance=heroin&amount=1&unit=g", "/changes/", "/changes/feed/", "/coverage/", "/about/",
    "/recommendations/", "/recommendations/?theme=women-gender", "/sources/regional-dialogue-2021/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_page_renders_in_both_languages(client, world, path, prefix):
    response = client.get(prefix + path)
    assert response.status_code == 200
    if "feed" not in path:
        html = response.content.decode()
        assert f'<html lang="{"ru" if prefix else "en"}">' in html
        assert 'hreflang="ru"' in html and 'hreflang="en"' in html


def test_russian_pages_show_russian_interface_and_names(client, world):
    html = client.get("/ru/countries/ua/").content.decode()
    assert "Украина" in html
    assert "Пороговые количества" in html  # the threshold section heading
    assert "Героин" in client.get("/ru/compare/?substance=heroin").content.decode()


def test_language_switch_keeps_the_page(client, world):
    html = client.get("/countries/ua/?as_of=2010-01-01").content.decode()
    assert 'href="/ru/countries/ua/?as_of=2010-01-01"' in html


def test_unknown_country_is_a_404_page(client):
    response = client.get("/countries/zz/")
    assert response.status_code == 404


def test_profile_shows_database_facts_with_citations(client, world):
    html = client.get("/countries/ru/").content.decode()
    current = Threshold.objects.filter(country__iso2="RU", valid_to__isnull=True, kind="statutory")
    assert current.exists()
    for threshold in current:
        assert threshold.term in html
    source = current.first().citations.first().source
    assert source.url in html
    assert re.search(r'href="#ref-1">\[1\]</a>', html) and 'id="ref-1"' in html


def test_historical_threshold_only_in_timeline_and_past_view(client):
    country = bundled_country("MD")
    ThresholdFactory(country=country, term="OLD-REGIME-TERM", valid_from=date(2004, 5, 6), valid_from_precision="day",
                     valid_to=date(2006, 2, 11), law__country=country)
    today = client.get("/countries/md/").content.decode()
    assert "OLD-REGIME-TERM" not in today.split('id="timeline-heading"')[0]
    assert "2004-05-06" in today  # the timeline
    then = client.get("/countries/md/?as_of=2005-01-01").content.decode()
    assert "OLD-REGIME-TERM" in then


def test_proposal_never_shows_as_law(client):
    country = bundled_country("EE")
    ThresholdFactory(country=country, kind="proposal", amount=None, amount_as_stated="PROPOSED-30-DOSES", law__country=country)
    html = client.get("/countries/ee/").content.decode()
    table = html.split('id="thresholds-heading"')[1].split("Other limits")[0]
    assert "PROPOSED-30-DOSES" not in table
    assert "PROPOSED-30-DOSES" in html and "proposal (not law)" in html


def test_both_sides_of_a_conflict_show_as_disputed(client):
    country = bundled_country("LT")
    law = LawFactory(country=country)
    sides = [
        ThresholdFactory(country=country, law=law, amount=Decimal(amount), disputed=True, dispute_group="lt-test",
                         citations=[CitationFactory(country=country, source=SourceFactory(url=f"https://example.org/{amount}"))])
        for amount in ("0.02", "0.2")
    ]
    html = client.get("/countries/lt/").content.decode()
    assert html.count("badge-disputed") >= 2
    for side in sides:
        assert side.citations.get().source.url in html


def test_a_fact_on_a_weak_source_shows_its_grade(client):
    country = bundled_country("RS")
    ThresholdFactory(country=country, law__country=country,
                     citations=[CitationFactory(country=country, source=SourceFactory(kind="news"))])
    html = client.get("/countries/rs/").content.decode()
    assert 'class="grade grade-C"' in html and ">news</span>" in html


def test_dates_show_their_precision(client):
    country = bundled_country("LT")
    ThresholdFactory(country=country, law__country=country, citations=[
        CitationFactory(country=country, described_on=date(2023, 1, 1), described_precision="approximate"),
        CitationFactory(country=country, described_on=None, described_precision="undated"),
    ])
    html = client.get("/countries/lt/").content.decode()
    assert "c. 2023" in html and "undated" in html


def test_what_happens_if_on_profile_and_compare(client, world):
    html = client.get("/countries/ru/?amount=1&unit=g&substance=heroin").content.decode()
    assert "Liability" in html and "criminal" in html and "228(1)" in html
    html = client.get("/compare/?substance=heroin&amount=1000&unit=mg&country=RU&country=TM").content.decode()
    assert "No table or rule for Heroin in PolicyHub" in html  # Turkmenistan, named once in the grouped line
    assert 'href="/countries/ru/">Russia' in html and 'href="/countries/tm/">Turkmenistan' in html
    assert 'href="/countries/ua/">Ukraine' not in html


def test_bad_amount_and_date_are_explained(client, world):
    assert "must be a number" in client.get("/countries/ru/?amount=abc&substance=heroin").content.decode()
    assert "is not a date" in client.get("/countries/ru/?as_of=31-12-2020").content.decode()


@pytest.mark.parametrize("query", ["unit=kg", "amount=x&unit=zz", "substance=heroin&amount=1&unit=kg"])
@pytest.mark.parametrize("page", ["/compare/", "/ru/compare/", "/countries/ru/", "/ru/countries/ru/"])
def test_an_unknown_unit_is_explained_not_a_server_error(client, world, page, query):
    bad_amount = client.get(f"{page}?amount=abc&substance=heroin")
    response = client.get(f"{page}?{query}")
    assert response.status_code == bad_amount.status_code == 200
    message = "Выберите граммы или миллиграммы." if page.startswith("/ru/") else "Choose grams or milligrams."
    assert message in response.content.decode()


def test_home_map_follows_the_chosen_indicator(client, world):
    default = client.get("/").content.decode()
    assert 'data-indicator="possession-personal-use"' in default
    use = client.get("/?indicator=drug-use").content.decode()
    assert 'data-indicator="drug-use"' in use
    hungary = Assessment.objects.get(country__iso2="HU", indicator__slug="drug-use")
    assert hungary.value.colour in use
    assert "no data" in use  # Turkmenistan-like gaps are shown as such


def test_recommendations_filter_and_search(client, world):
    html = client.get("/recommendations/?theme=women-gender").content.decode()
    expected = Recommendation.objects.filter(themes__slug="women-gender", kind="recommendation").count()
    assert f"{expected} recommendations" in html
    html = client.get("/recommendations/?q=Bangkok").content.decode()
    assert "Bangkok" in html


def test_source_page_lists_recommendations_in_report_order(client, world):
    html = client.get("/sources/honlea-europe-2017/").content.decode()
    labels = re.findall(r'<span class="label"[^>]*>([^<]+)</span>', html)
    assert labels[:6] == ["3(a)", "3(b)", "3(c)", "3(d)", "3(e)", "3(f)"]


def test_changes_feed_is_atom_and_filters_by_country(client):
    ThresholdFactory(country=bundled_country("MD"), term="freshly added tier")
    ThresholdFactory(country=bundled_country("UA"), term="a Ukrainian line")
    feed = client.get("/changes/feed/?country=MD")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "freshly added tier" in feed.content.decode() and "a Ukrainian line" not in feed.content.decode()
    ukraine = client.get("/changes/feed/?country=UA").content.decode()
    assert "a Ukrainian line" in ukraine and "freshly added tier" not in ukraine


def test_pages_answer_conditional_requests(client, world):
    first = client.get("/countries/ua/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert client.get("/countries/ua/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    ThresholdFactory()
    assert client.get("/countries/ua/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_page_is_kept_until_the_data_changes(client, world, django_assert_max_num_queries):
    from decimal import Decimal

    first = client.get("/countries/ua/").content
    with django_assert_max_num_queries(2):  # the data version, and nothing else
        again = client.get("/countries/ua/")
    assert again.content == first
    ThresholdFactory(country=bundled_country("UA"), term="a line drawn today", amount=Decimal("7.5"))
    assert "a line drawn today" in client.get("/countries/ua/").content.decode()


def test_russian_feed_names_the_kind_of_change_in_russian(client):
    ThresholdFactory(country=bundled_country("MD"), law__country=bundled_country("MD"))
    feed = client.get("/ru/changes/feed/").content.decode()
    assert "Молдова: порог добавлен" in feed and "порог добавлено" not in feed
    assert "threshold" not in feed.split("<entry>", 1)[1].split("</title>")[0]
