"""Each list page's CSV and XLSX hold the rows the page shows, with its filters, headed in the page's language."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone, translation

from legislation.models import FactKind, Law, Sanction, Substance
from opendata.templatetags.opendata import export_links
from profiles.selectors import country_profile
from recommendations.models import Recommendation, Theme
from tests.bulk import fill
from tests.factories import (
    ArticleFactory,
    AssessmentFactory,
    CountryFactory,
    LawFactory,
    ProgressFactory,
    RecommendationFactory,
    SanctionFactory,
    SourceFactory,
    SubstanceFactory,
    ThresholdFactory,
    bundled_country,
)

pytestmark = pytest.mark.django_db


def heroin():
    return SubstanceFactory(slug="heroin", name_en="Heroin", name_ru="Героин", category=Substance.Category.OPIOID)


def cannabis():
    return SubstanceFactory(slug="cannabis", name_en="Cannabis", name_ru="Каннабис", category=Substance.Category.CANNABINOID)


def lines(country, substance, *amounts, **extra):
    """A country's statutory lines for one substance: small, large, especially large."""
    law = LawFactory(country=country)
    terms = ("small", "large", "especially large")
    return [ThresholdFactory(country=country, substance=substance, law=law, tier=tier, term=terms[tier - 1],
                             amount=Decimal(amount), **extra)
            for tier, amount in enumerate(amounts, start=1)]


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def assert_same_rows(csv_rows: list[dict], xlsx_rows: list[dict]) -> None:
    assert [list(r) for r in xlsx_rows] == [list(r) for r in csv_rows]
    assert [{k: as_text(v) for k, v in r.items()} for r in xlsx_rows] == csv_rows


def file_name(response) -> str:
    return re.fullmatch(r'attachment; filename="([^"]+)"', response["Content-Disposition"]).group(1)


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("<section")[0]


# -- profile tables --------------------------------------------------------------------------------------------------
def test_profile_thresholds_file_holds_the_rows_of_the_law_on_the_date_shown(client):
    moldova = bundled_country("MD")
    lines(moldova, heroin(), "0.5", "2")  # today's lines, in force since 2010
    ThresholdFactory(country=moldova, substance=cannabis(), term="OLD-REGIME-SMALL", amount=Decimal("5"),
                     valid_from=date(2001, 1, 1), valid_to=date(2006, 2, 11), law__country=moldova)
    ThresholdFactory(country=moldova, term="OLD-REGIME-TERM", amount=Decimal("0.0050"), valid_from=date(2004, 5, 6),
                     valid_from_precision="day", valid_to=date(2006, 2, 11), law__country=moldova)
    page = client.get("/countries/md/?as_of=2005-01-01").content.decode()
    response = client.get("/countries/md/?as_of=2005-01-01&format=csv&table=thresholds")
    rows = read_csv(response)
    profile = country_profile(iso2="MD", as_of=date(2005, 1, 1))
    expected = [t for row in profile.threshold_rows for t in row.facts] + profile.other_thresholds
    assert [r["The law's own term"] for r in rows] == [t.term for t in expected]
    old = next(r for r in rows if r["The law's own term"] == "OLD-REGIME-TERM")
    assert old["Amount"] == "0.005" and old["As shown"] == "0.005 g" and old["Country"] == "Moldova"
    assert old["Sources"].startswith("Country report") and "https://example.org/report-" in old["Sources"]
    table = section(page, "thresholds-heading")
    assert all(r["The law's own term"] in table for r in rows)
    assert file_name(response) == "policyhub-thresholds-md-2005-01-01.csv"
    assert {r["The law's own term"] for r in rows} == {"OLD-REGIME-TERM", "OLD-REGIME-SMALL"}
    today = read_csv(client.get("/countries/md/?format=csv&table=thresholds"))
    assert "OLD-REGIME-TERM" not in {r["The law's own term"] for r in today}
    assert [r["The law's own term"] for r in today] == ["small", "large"]

    xlsx = client.get("/countries/md/?as_of=2005-01-01&format=xlsx&table=thresholds")
    assert file_name(xlsx) == "policyhub-thresholds-md-2005-01-01.xlsx"
    xlsx_rows = read_xlsx(xlsx)
    assert_same_rows(rows, xlsx_rows)
    assert next(r for r in xlsx_rows if r["The law's own term"] == "OLD-REGIME-TERM")["Amount"] == 0.005  # a number


def test_profile_sanctions_and_laws_files_match_the_page(client):
    russia = CountryFactory(iso2="RU")
    code = LawFactory(country=russia, title_en="Criminal Code of the Russian Federation", kind=Law.Kind.CRIMINAL_CODE)
    offences = LawFactory(country=russia, title_en="Code of Administrative Offences", kind=Law.Kind.ADMINISTRATIVE_CODE)
    LawFactory(country=russia, title_en="A repealed law", status=Law.Status.REPEALED, valid_to=date(2015, 1, 1))
    SanctionFactory(country=russia, law=offences, band_from=0, band_to=0, liability=Sanction.Liability.ADMINISTRATIVE)
    SanctionFactory(country=russia, law=code, band_from=1, band_to=None, liability=Sanction.Liability.CRIMINAL,
                    prison_months_max=Decimal("36"))
    SanctionFactory(country=russia, kind=FactKind.PROPOSAL, liability=Sanction.Liability.NONE)
    SanctionFactory(country=bundled_country("UA"))  # another country's sanction is not in the file
    page = client.get("/countries/ru/").content.decode()
    profile = country_profile(iso2="RU")
    sanctions = read_csv(client.get("/countries/ru/?format=csv&table=sanctions"))
    assert len(sanctions) == len(profile.sanctions) + len(profile.proposals) == 3
    assert [r["Liability"] for r in sanctions[:len(profile.sanctions)]] == [str(s.get_liability_display()) for s in profile.sanctions]
    assert all(r["Sources"] and r["Evidence grade"] for r in sanctions)
    laws = read_csv(client.get("/countries/ru/?format=csv&table=laws"))
    assert [r["Title"] for r in laws] == [law.title_en for law in profile.laws]
    assert len(laws) == 2  # the repealed law is not shown today
    listed = section(page, "laws-heading")
    assert all(r["Title"] in listed for r in laws)
    assert_same_rows(laws, read_xlsx(client.get("/countries/ru/?format=xlsx&table=laws")))


def test_profile_files_are_headed_and_filled_in_russian_on_russian_pages(client):
    ukraine = bundled_country("UA")
    SanctionFactory(country=ukraine, liability=Sanction.Liability.ADMINISTRATIVE)
    SanctionFactory(country=ukraine, band_from=1, band_to=None, liability=Sanction.Liability.CRIMINAL)
    lines(ukraine, heroin(), "0.005", "1")
    moldova = bundled_country("MD")
    SanctionFactory(country=moldova)
    lines(moldova, heroin(), "0.5")
    response = client.get("/ru/countries/ua/?format=csv&table=sanctions")
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:2] == ["Страна", "Правонарушение"]
    assert "Ответственность" in header and "Источники" in header and "Надёжность источника" in header
    rows = read_csv(response)
    assert {r["Страна"] for r in rows} == {"Украина"} and len(rows) == 2
    assert {r["Ответственность"] for r in rows} <= {"уголовная", "административная", "нет", "неясно из источников"}
    xlsx = read_xlsx(client.get("/ru/countries/ua/?format=xlsx&table=thresholds"))
    assert xlsx and "Вещество" in xlsx[0] and "Термин закона" in xlsx[0]
    assert {r["Страна"] for r in xlsx} == {"Украина"} and len(xlsx) == 2


def test_profile_page_links_each_table_to_its_files(client):
    ukraine = bundled_country("UA")
    ThresholdFactory(country=ukraine, law__country=ukraine)  # and its law
    SanctionFactory(country=ukraine)
    html = client.get("/countries/ua/?as_of=2020-01-01").content.decode()
    for table in ("thresholds", "sanctions", "laws"):
        for fmt in ("csv", "xlsx"):
            assert f'href="/countries/ua/?as_of=2020-01-01&amp;format={fmt}&amp;table={table}"' in html


def test_a_formula_in_a_fact_is_written_as_text(client):
    ukraine = bundled_country("UA")
    ThresholdFactory(country=ukraine, law__country=ukraine, term='=HYPERLINK("https://evil.example","x")')
    rows = read_csv(client.get("/countries/ua/?format=csv&table=thresholds"))
    assert "'=HYPERLINK(\"https://evil.example\",\"x\")" in {r["The law's own term"] for r in rows}
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/countries/ua/?format=xlsx&table=thresholds").content)).active
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(("address", "message"), [
    ("/countries/ua/?format=pdf&table=laws", "Unknown format “pdf”; use csv or xlsx."),
    ("/countries/ua/?format=csv&table=cats", "Unknown table “cats”; use one of: thresholds, sanctions, laws."),
    ("/countries/ua/?format=csv", "Unknown table “”; use one of: thresholds, sanctions, laws."),
    ("/compare/?format=", "Unknown format “”; use csv or xlsx."),
    ("/ru/recommendations/?format=json", "Неизвестный формат «json»; укажите csv или xlsx."),
])
def test_a_bad_file_request_is_a_400_that_says_what_to_ask_for(client, address, message):
    bundled_country("UA")
    response = client.get(address)
    assert response.status_code == 400
    assert response.content.decode() == message


# -- compare, recommendations, search --------------------------------------------------------------------------------
def test_compare_file_holds_the_countries_and_answers_of_the_page(client):
    russia = CountryFactory(iso2="RU")
    lines(russia, heroin(), "0.5", "2.5", "1000")
    SanctionFactory(country=russia, band_from=0, band_to=0, liability=Sanction.Liability.ADMINISTRATIVE)
    SanctionFactory(country=russia, band_from=1, band_to=1, liability=Sanction.Liability.CRIMINAL,
                    article=ArticleFactory(law__country=russia, number="228(1)"), prison_months_max=Decimal("36"))
    lines(bundled_country("UA"), heroin(), "0.005", "1")
    lines(bundled_country("KZ"), heroin(), "0.01", "1")
    bundled_country("TM")  # no table
    lines(bundled_country("MD"), heroin(), "0.5")  # not asked for
    address = "/compare/?substance=heroin&amount=1&unit=g&country=RU&country=UA&country=TM&country=KZ"
    page = client.get(address).content.decode()
    table = page.split('class="compare-table')[1].split("</table>")[0]
    shown = re.findall(r'<th scope="row"><a href="/countries/(\w\w)/">', table)
    response = client.get(address + "&format=csv")
    rows = read_csv(response)
    assert [r["Country address"].rsplit("/", 2)[-2] for r in rows] == shown
    assert sorted(shown) == ["kz", "ru", "ua"]
    assert "tm" not in shown  # no table, no answer: named in the line below the table, not a row
    russia = next(r for r in rows if r["Country"] == "Russia")
    assert russia["Substance"] == "Heroin" and russia["Your amount"] == "1 g"
    assert russia["Liability (first offence)"] == "criminal"
    assert "0.5 g" in russia["small"] and russia["Sources"]
    assert file_name(response) == f"policyhub-compare-heroin-1g-{timezone.localdate():%Y-%m-%d}.csv"
    assert_same_rows(rows, read_xlsx(client.get(address + "&format=xlsx")))
    assert 'href="/compare/?substance=heroin&amp;amount=1&amp;unit=g&amp;country=RU&amp;country=UA&amp;country=TM&amp;country=KZ&amp;format=csv"' in page


def test_compare_without_an_amount_has_no_answer_columns(client):
    lines(bundled_country("UA"), cannabis(), "5", "20")
    rows = read_csv(client.get("/compare/?substance=cannabis&format=csv"))
    assert rows and "Your amount" not in rows[0] and "small" in rows[0]


def test_recommendations_file_holds_every_filtered_item_not_only_the_first_page(client):
    report = SourceFactory(kind="meeting_report")
    items = [RecommendationFactory(source=report, kind=Recommendation.Kind.RECOMMENDATION, reference="label",
                                   label=str(n), locator="") for n in range(1, 31)]
    for n, item in enumerate(items[:2]):
        RecommendationFactory(source=report, kind=Recommendation.Kind.WORKSHOP_PROPOSAL, became=item,
                              locator=f"§5 ¶{n + 1}")
    RecommendationFactory(source=report, kind=Recommendation.Kind.CONCLUSION)
    address = "/recommendations/?kind=recommendation"
    shown, page_number = [], 1
    while True:
        html = client.get(f"{address}&page={page_number}").content.decode()
        shown += re.findall(r'<article class="recommendation[^"]*" id="rec-(\d+)">', html)
        if 'rel="next"' not in html:
            break
        page_number += 1
    assert page_number > 1  # the filter selects more than one page
    response = client.get(f"{address}&page=2&format=csv")
    rows = read_csv(response)
    assert [r["Address"].rsplit("#rec-", 1)[1] for r in rows] == shown
    assert all(r["Address"].startswith("http://testserver/sources/") for r in rows)
    folded = {str(rec.pk): sorted(o.citation_key for o in rec.origins.all())
              for rec in Recommendation.objects.filter(kind="recommendation", origins__isnull=False).distinct()}
    assert folded
    for row in rows:
        key = row["Address"].rsplit("#rec-", 1)[1]
        assert sorted(filter(None, row["Grew from passages"].split(" | "))) == folded.get(key, [])
    assert file_name(response) == f"policyhub-recommendations-{timezone.localdate():%Y-%m-%d}.csv"
    assert_same_rows(rows, read_xlsx(client.get(f"{address}&format=xlsx")))


def test_recommendations_file_in_russian_follows_the_theme_filter(client):
    women = Theme.objects.create(slug="women-gender", name_en="Women and gender", name_ru="Женщины и гендер")
    other = Theme.objects.create(slug="ost", name_en="Opioid substitution therapy", name_ru="Заместительная терапия")
    report = SourceFactory(kind="meeting_report")
    for _ in range(3):
        RecommendationFactory(source=report).themes.add(women)
    RecommendationFactory(source=report).themes.add(other)
    rows = read_csv(client.get("/ru/recommendations/?theme=women-gender&format=csv"))
    expected = Recommendation.objects.filter(themes__slug="women-gender", became__isnull=True).count()
    assert len(rows) == expected == 3
    assert all("Женщины" in r["Темы"] or "женщин" in r["Темы"].lower() for r in rows), rows[0]["Темы"]
    html = client.get("/ru/recommendations/?theme=women-gender").content.decode()
    assert "Скачать все пункты списка, а не только эту страницу" in html


def test_search_file_holds_the_results_of_the_page(client):
    azerbaijan = bundled_country("AZ")
    LawFactory(country=azerbaijan, title_en="Order on methadone treatment", title_ru="Приказ о лечении метадоном")
    SanctionFactory(country=azerbaijan, offence_detail="Possession of methadone without prescription")
    LawFactory(country=azerbaijan, title_en="Law on narcotic drugs")
    LawFactory(country=bundled_country("UA"), title_en="Order on methadone programmes")
    address = "/search/?q=methadone&country=AZ"
    html = client.get(address).content.decode()
    shown = re.findall(r'<li><a href="([^"]+)">', html.split('class="search-results"', 1)[1])
    rows = read_csv(client.get(address + "&format=csv"))
    assert len(rows) == len(shown) == 2
    assert [r["Address"].removeprefix("http://testserver") for r in rows] == shown
    assert {r["Country"] for r in rows} == {"Azerbaijan"}
    assert all("<mark>" not in r["Title"] + r["Excerpt"] and "methadone" in (r["Title"] + r["Excerpt"]).lower() for r in rows)
    assert_same_rows(rows, read_xlsx(client.get(address + "&format=xlsx")))


# -- a fixed number of queries ---------------------------------------------------------------------------------------
EXPORTS = {
    "/countries/ua/?format=csv&table=thresholds": 14,
    "/countries/ua/?format=xlsx&table=sanctions": 14,
    "/countries/ua/?format=csv&table=laws": 14,
    "/compare/?substance=heroin&amount=1&unit=g&format=csv": 13,
    "/recommendations/?format=xlsx": 10,
    "/search/?q=generated&format=csv": 2,
}


def vocabulary():
    """What the generated data is spread over: focus countries with a fact of each kind, substances, the drug-use
    indicator, and recommendations with themes, addressees and countries named."""
    theme = Theme.objects.create(slug="women-gender", name_en="Women and gender", name_ru="Женщины и гендер")
    for iso2 in ("UA", "MD", "KZ"):
        country = bundled_country(iso2)
        lines(country, heroin(), "0.5", "2")
        lines(country, cannabis(), "5")
        SanctionFactory(country=country)
        AssessmentFactory(country=country)
        progress = ProgressFactory(country=country)
        progress.recommendation.themes.add(theme)
        progress.recommendation.countries.add(country)


@pytest.mark.parametrize("factor", [1, 10])
def test_a_file_takes_the_same_number_of_queries_whatever_the_amount_of_data(client, django_assert_num_queries, factor):
    vocabulary()
    fill(factor=factor)
    for address, queries in EXPORTS.items():
        with django_assert_num_queries(queries):
            response = client.get(address)
        assert response.status_code == 200
        if "thresholds" in address:
            assert response.content.count(b"generated") >= factor  # the generated rows are in the file


def test_export_links_keep_the_pages_filters_and_ask_for_every_row_as_a_file(rf):
    request = rf.get("/compare/", {"country": ["ua", "md"], "substance": "<b>", "page": "3", "format": "csv"})
    with translation.override("en"):
        html = export_links({"request": request}, table="thresholds", label="Rows & more")
    assert html.startswith('<p class="export-links small" data-table="thresholds">Rows &amp; more:\n')
    for fmt in ("csv", "xlsx"):
        assert (f'<a href="/compare/?country=ua&amp;country=md&amp;substance=%3Cb%3E&amp;format={fmt}'
                f'&amp;table=thresholds" rel="nofollow" download data-format="{fmt}">{fmt.upper()}</a>') in html
    assert "page=" not in html and html.count("&amp;format=") == 2
    with translation.override("ru"):
        russian = export_links({"request": rf.get("/ru/search/")})
    assert "data-table" not in russian and "Download this list" not in russian and "/ru/search/?format=csv" in russian
