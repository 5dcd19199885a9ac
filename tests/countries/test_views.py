import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from countries.models import Assessment, Country
from legislation.models import Threshold
from recommendations.models import Recommendation
from tests.bulk import fill
from tests.factories import CitationFactory, LawFactory, SourceFactory, ThresholdFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]

PAGES = [
    "/", "/countries/", "/countries/ua/", "/countries/ru/?amount=1&unit=g&substance=heroin", "/compare/?substance=heroin",
    "/compare/?substance=heroin&amount=1&unit=g", "/changes/", "/changes/feed/", "/coverage/", "/about/",
    "/recommendations/", "/recommendations/?theme=women-gender", "/sources/regional-dialogue-2021/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_page_renders_in_both_languages(client, path, prefix):
    response = client.get(prefix + path)
    assert response.status_code == 200
    if "feed" not in path:
        html = response.content.decode()
        assert f'<html lang="{"ru" if prefix else "en"}">' in html
        assert 'hreflang="ru"' in html and 'hreflang="en"' in html


def test_russian_pages_show_russian_interface_and_names(client):
    html = client.get("/ru/countries/ua/").content.decode()
    assert "Украина" in html
    assert "Пороговые количества" in html  # the threshold section heading
    assert "Героин" in client.get("/ru/compare/?substance=heroin").content.decode()


def test_language_switch_keeps_the_page(client):
    html = client.get("/countries/ua/?as_of=2010-01-01").content.decode()
    assert 'href="/ru/countries/ua/?as_of=2010-01-01"' in html


def test_unknown_country_is_a_404_page(client):
    response = client.get("/countries/zz/")
    assert response.status_code == 404


def test_profile_shows_database_facts_with_citations(client):
    html = client.get("/countries/ru/").content.decode()
    current = Threshold.objects.filter(country__iso2="RU", valid_to__isnull=True, kind="statutory")
    assert current.exists()
    for threshold in current:
        assert threshold.term in html
    source = current.first().citations.first().source
    assert source.url in html
    assert re.search(r'href="#ref-1">\[1\]</a>', html) and 'id="ref-1"' in html


def test_historical_threshold_only_in_timeline_and_past_view(client):
    country = Country.objects.get(iso2="MD")
    ThresholdFactory(country=country, term="OLD-REGIME-TERM", valid_from=date(2004, 5, 6), valid_from_precision="day",
                     valid_to=date(2006, 2, 11), law__country=country)
    today = client.get("/countries/md/").content.decode()
    assert "OLD-REGIME-TERM" not in today.split('id="timeline-heading"')[0]
    assert "2004-05-06" in today  # the timeline
    then = client.get("/countries/md/?as_of=2005-01-01").content.decode()
    assert "OLD-REGIME-TERM" in then


def test_proposal_never_shows_as_law(client):
    country = Country.objects.get(iso2="EE")
    ThresholdFactory(country=country, kind="proposal", amount=None, amount_as_stated="PROPOSED-30-DOSES", law__country=country)
    html = client.get("/countries/ee/").content.decode()
    table = html.split('id="thresholds-heading"')[1].split("Other limits")[0]
    assert "PROPOSED-30-DOSES" not in table
    assert "PROPOSED-30-DOSES" in html and "proposal (not law)" in html


def test_both_sides_of_a_conflict_show_as_disputed(client):
    country = Country.objects.get(iso2="LT")
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
    country = Country.objects.get(iso2="RS")
    ThresholdFactory(country=country, law__country=country,
                     citations=[CitationFactory(country=country, source=SourceFactory(kind="news"))])
    html = client.get("/countries/rs/").content.decode()
    assert 'class="grade grade-C"' in html and ">news</span>" in html


def test_dates_show_their_precision(client):
    country = Country.objects.get(iso2="LT")
    ThresholdFactory(country=country, law__country=country, citations=[
        CitationFactory(country=country, described_on=date(2023, 1, 1), described_precision="approximate"),
        CitationFactory(country=country, described_on=None, described_precision="undated"),
    ])
    html = client.get("/countries/lt/").content.decode()
    assert "c. 2023" in html and "undated" in html


def test_what_happens_if_on_profile_and_compare(client):
    html = client.get("/countries/ru/?amount=1&unit=g&substance=heroin").content.decode()
    assert "Liability" in html and "criminal" in html and "228(1)" in html
    html = client.get("/compare/?substance=heroin&amount=1000&unit=mg&country=RU&country=TM").content.decode()
    assert "No table or rule for Heroin in PolicyHub" in html  # Turkmenistan, named once in the grouped line
    assert 'href="/countries/ru/">Russia' in html and 'href="/countries/tm/">Turkmenistan' in html
    assert 'href="/countries/ua/">Ukraine' not in html


def test_bad_amount_and_date_are_explained(client):
    assert "must be a number" in client.get("/countries/ru/?amount=abc&substance=heroin").content.decode()
    assert "is not a date" in client.get("/countries/ru/?as_of=31-12-2020").content.decode()


@pytest.mark.parametrize("query", ["unit=kg", "amount=x&unit=zz", "substance=heroin&amount=1&unit=kg"])
@pytest.mark.parametrize("page", ["/compare/", "/ru/compare/", "/countries/ru/", "/ru/countries/ru/"])
def test_an_unknown_unit_is_explained_not_a_server_error(client, page, query):
    bad_amount = client.get(f"{page}?amount=abc&substance=heroin")
    response = client.get(f"{page}?{query}")
    assert response.status_code == bad_amount.status_code == 200
    message = "Выберите граммы или миллиграммы." if page.startswith("/ru/") else "Choose grams or milligrams."
    assert message in response.content.decode()


def test_home_map_follows_the_chosen_indicator(client):
    default = client.get("/").content.decode()
    assert 'data-indicator="possession-personal-use"' in default
    use = client.get("/?indicator=drug-use").content.decode()
    assert 'data-indicator="drug-use"' in use
    hungary = Assessment.objects.get(country__iso2="HU", indicator__slug="drug-use")
    assert hungary.value.colour in use
    assert "no data" in use  # Turkmenistan-like gaps are shown as such


def test_recommendations_filter_and_search(client):
    html = client.get("/recommendations/?theme=women-gender").content.decode()
    expected = Recommendation.objects.filter(themes__slug="women-gender", kind="recommendation").count()
    assert f"{expected} recommendations" in html
    html = client.get("/recommendations/?q=Bangkok").content.decode()
    assert "Bangkok" in html


def test_source_page_lists_recommendations_in_report_order(client):
    html = client.get("/sources/honlea-europe-2017/").content.decode()
    labels = re.findall(r'<span class="label"[^>]*>([^<]+)</span>', html)
    assert labels[:6] == ["3(a)", "3(b)", "3(c)", "3(d)", "3(e)", "3(f)"]


def test_changes_feed_is_atom_and_filters_by_country(client):
    ThresholdFactory(country=Country.objects.get(iso2="MD"), term="freshly added tier")
    feed = client.get("/changes/feed/?country=MD")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "freshly added tier" in feed.content.decode()
    assert "freshly added tier" not in client.get("/changes/feed/?country=UA").content.decode()


def test_pages_answer_conditional_requests(client):
    first = client.get("/countries/ua/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert client.get("/countries/ua/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    ThresholdFactory()
    assert client.get("/countries/ua/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


QUERY_PAGES = ["/", "/countries/", "/countries/ua/", "/countries/ru/?amount=1&unit=g&substance=heroin",
               "/compare/?substance=heroin&amount=1&unit=g", "/changes/", "/recommendations/",
               "/sources/regional-dialogue-2021/", "/coverage/"]


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_page_query_counts_do_not_grow_with_ten_times_the_data(client):
    fill(factor=1)
    before = {path: _count(client, path) for path in QUERY_PAGES}
    fill(factor=10)
    after = {path: _count(client, path) for path in QUERY_PAGES}
    assert after == before
    assert Threshold.objects.count() > 1000


def test_a_page_is_kept_until_the_data_changes(client, django_assert_max_num_queries):
    from decimal import Decimal

    first = client.get("/countries/ua/").content
    with django_assert_max_num_queries(2):  # the data version, and nothing else
        again = client.get("/countries/ua/")
    assert again.content == first
    ThresholdFactory(country=Country.objects.get(iso2="UA"), term="a line drawn today", amount=Decimal("7.5"))
    assert "a line drawn today" in client.get("/countries/ua/").content.decode()


def test_russian_feed_names_the_kind_of_change_in_russian(client):
    ThresholdFactory(country=Country.objects.get(iso2="MD"), law__country=Country.objects.get(iso2="MD"))
    feed = client.get("/ru/changes/feed/").content.decode()
    assert "Молдова: порог добавлен" in feed and "порог добавлено" not in feed
    assert "threshold" not in feed.split("<entry>", 1)[1].split("</title>")[0]
