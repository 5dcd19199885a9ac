"""Site search: whole words with stemming in English and Russian, published records only, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from countries.models import Country
from profiles import search as site_search
from profiles.models import SearchEntry
from tests.factories import LawFactory, ThresholdFactory, bundled_country

pytestmark = pytest.mark.django_db


@pytest.fixture
def laws():
    md = bundled_country("MD")
    return {
        "ost": LawFactory(country=md, title_en="Order on OST provision in prisons",
                          title_ru="Приказ о заместительной терапии в тюрьмах"),
        "most": LawFactory(country=md, title_en="Most common offences act", title_ru="Закон о правонарушениях"),
    }


def titles(q, **kwargs):
    return {r.entry.title_en for g in site_search.search(q=q, **kwargs) for r in g.results}


def test_whole_words_with_stemming_in_both_languages(laws):
    assert "Order on OST provision in prisons" in titles("OST")
    assert "Most common offences act" not in titles("OST")  # "OST" is not found inside "most"
    for q in ("заместительная", "заместительной терапии", "ЗАМЕСТИТЕЛЬН", "prison"):
        assert "Order on OST provision in prisons" in titles(q), q
    assert titles("заместительная тюрьма космос") == set()  # every word must match


def test_results_are_grouped_filtered_and_highlighted(laws):
    ukraine = LawFactory(country=bundled_country("UA"), title_en="Health care in prisons act")
    with translation.override("en"):
        groups = site_search.search(q="prisons", country="MD", kinds=["law"])
    assert [g.kind for g in groups] == ["law"]
    result = next(r for r in groups[0].results if r.entry.object_id == laws["ost"].pk)
    assert "<mark>prisons</mark>" in result.title
    in_ukraine = [r.entry for g in site_search.search(q="prisons", country="UA") for r in g.results]
    assert all(e.country.iso2 == "UA" for e in in_ukraine)
    assert ("law", ukraine.pk) in {(e.kind, e.object_id) for e in in_ukraine}
    assert ("law", laws["ost"].pk) not in {(e.kind, e.object_id) for e in in_ukraine}  # Moldova's order is filtered out


def test_markup_in_a_record_is_escaped_in_results(laws):
    laws["ost"].title_en = "OST <script>alert(1)</script>"
    laws["ost"].save()
    with translation.override("en"):
        result = site_search.search(q="OST", kinds=["law"])[0].results[0]
    assert "<script>" not in result.title and "&lt;script&gt;" in result.title


def test_unpublished_and_deleted_records_are_not_found(laws):
    laws["ost"].published = False
    laws["ost"].save()
    assert "Order on OST provision in prisons" not in titles("OST")
    pk = laws["most"].pk
    laws["most"].delete()
    assert not SearchEntry.objects.filter(kind="law", object_id=pk).exists()


def test_a_threshold_is_found_by_its_laws_title_only_while_the_law_is_published():
    law = LawFactory(title_en="Zqxlaw on narcotic quantities", title_ru="Закон zqxlaw о количествах")
    threshold = ThresholdFactory(law=law, country=law.country, term="zqxterm")

    def kinds(q):
        return {g.kind for g in site_search.search(q=q)}

    assert "threshold" in kinds("zqxlaw")
    law.published = False
    law.save()
    assert kinds("zqxlaw") == set() and "threshold" in kinds("zqxterm")
    law.published = True
    law.save()
    assert kinds("zqxlaw") == {"law", "threshold"}
    assert threshold.pk in {r.entry.object_id for g in site_search.search(q="zqxlaw") for r in g.results}


@pytest.mark.parametrize("q", ["", " ", "a", "я", '"', "*", ":", "&", "!!!"])
def test_empty_or_one_letter_queries_get_a_message(q):
    with pytest.raises(site_search.QueryError):
        site_search.search(q=q)


@pytest.mark.parametrize("q", ['"OST"', "OST*", "OST:prisons", "OST & prisons", "OST | !prisons", "x" * 1000,
                               "' OR 1=1 --", "ст. 228", "word " * 300])
def test_search_syntax_and_long_queries_never_raise(laws, q):
    site_search.search(q=q)


def test_page_and_api(client, laws):
    page = client.get("/ru/search/?q=заместительной").content.decode()
    assert "Приказ о <mark>заместительной</mark> терапии в тюрьмах" in page
    assert client.get("/search/?q=a").status_code == 200 and "two letters" in client.get("/search/?q=a").content.decode()
    data = client.get("/api/v1/search/?q=OST&type=law").json()
    assert data[0]["kind"] == "law" and data[0]["results"][0]["url"].startswith("/countries/md/")
    assert client.get("/api/v1/search/?q=a").status_code == 400
    assert client.get("/api/v1/search/?q=OST&type=unicorn").status_code == 400


@pytest.mark.parametrize("extra", [1, 10])
def test_search_page_runs_a_fixed_number_of_queries(client, laws, extra):
    md = Country.objects.get(iso2="MD")
    for n in range(extra):
        LawFactory(country=md, title_en=f"OST regulation {n}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/?q=OST").status_code == 200
    assert len(queries) == 4, [q["sql"][:120] for q in queries]


def test_addresses_are_stored_neutral_and_shown_in_the_readers_language(client, laws):
    with translation.override("ru"):
        laws["ost"].save()  # an edit made on a Russian page
    entry = SearchEntry.objects.get(kind="law", object_id=laws["ost"].pk)
    assert entry.url.startswith("/countries/md/")
    assert 'href="/ru/countries/md/' in client.get("/ru/search/?q=заместительной").content.decode()
    assert 'href="/countries/md/' in client.get("/search/?q=OST").content.decode()
