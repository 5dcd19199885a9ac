import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import jsonschema
import pytest
import yaml
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from countries.models import Citation, Country, SubRegion
from legislation.models import Law, Sanction, Substance, Threshold
from profiles.selectors import country_profile
from recommendations.models import Addressee, Recommendation, Theme
from tests.bulk import fill
from tests.factories import (
    ArticleFactory,
    AssessmentFactory,
    CountryFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LawFactory,
    ProgressFactory,
    RecommendationFactory,
    SanctionFactory,
    SourceFactory,
    SubstanceFactory,
    ThresholdFactory,
    bundled_country,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("data")]

LISTS = ["countries", "substances", "themes", "indicators", "laws", "thresholds", "sanctions", "assessments", "sources",
         "recommendations", "progress"]


HONLEA = 13  # items of the first report
REGIONAL_DIALOGUE = 5  # items of the second


@pytest.fixture
def data():
    """Countries in and outside the region with laws, thresholds, sanctions and assessments; substances, indicators,
    themes, addressees, and two meeting reports with their recommendations. Every list of the API has rows, and each
    filter below leaves some out."""
    heroin = SubstanceFactory(slug="heroin", name_en="Heroin", name_ru="Героин", category=Substance.Category.OPIOID)
    cannabis = SubstanceFactory(slug="cannabis", name_en="Cannabis", category=Substance.Category.CANNABINOID)
    SubstanceFactory(slug="lsd", name_en="LSD", category=Substance.Category.HALLUCINOGEN)
    ukraine, moldova = bundled_country("UA"), bundled_country("MD")
    russia, kazakhstan = bundled_country("RU"), CountryFactory(iso2="KZ", subregion=SubRegion.CENTRAL_ASIA)
    CountryFactory(iso2="KG", subregion=SubRegion.CENTRAL_ASIA)
    CountryFactory(iso2="TM", subregion=SubRegion.CENTRAL_ASIA)
    georgia = CountryFactory(iso2="GE", subregion=SubRegion.SOUTH_CAUCASUS)
    hungary = CountryFactory(iso2="HU", subregion=SubRegion.BALTIC_CENTRAL)
    poland = CountryFactory(iso2="PL", subregion=SubRegion.BALTIC_CENTRAL)
    CountryFactory(iso2="GB", subregion=SubRegion.OTHER, focus_region=False)

    # Laws of several kinds and statuses.
    ua_offences = LawFactory(country=ukraine, title_en="Code of Ukraine on Administrative Offences",
                             kind=Law.Kind.ADMINISTRATIVE_CODE)
    LawFactory(country=moldova, title_en="Old drug law", status=Law.Status.REPEALED,
               valid_from=date(2000, 1, 1), valid_to=date(2008, 1, 1))
    ru_code = LawFactory(country=russia, title_en="Criminal Code of the Russian Federation", kind=Law.Kind.CRIMINAL_CODE)
    LawFactory(country=kazakhstan, title_en="Criminal Code of Kazakhstan", kind=Law.Kind.CRIMINAL_CODE)

    # Russia's heroin table and what follows each band; Ukraine's lines are for cannabis, and its heroin only the third.
    for tier, term, amount in ((1, "significant", "0.5"), (2, "large", "2.5"), (3, "especially large", "1000")):
        ThresholdFactory(country=russia, substance=heroin, law=ru_code, tier=tier, term=term, amount=Decimal(amount))
    ThresholdFactory(country=ukraine, substance=heroin, law=ua_offences, tier=3, term="especially large",
                     amount=Decimal("15"))
    ThresholdFactory(country=ukraine, substance=cannabis, law=ua_offences, tier=1, amount=Decimal("5"), basis="pure")
    ThresholdFactory(country=moldova, substance=heroin, law__country=moldova, tier=1, amount=Decimal("0.5"))
    SanctionFactory(country=russia, law=ru_code, band_from=0, band_to=0, liability=Sanction.Liability.ADMINISTRATIVE)
    SanctionFactory(country=russia, law=ru_code, article=ArticleFactory(law=ru_code, number="228(1)"), band_from=1,
                    band_to=2, liability=Sanction.Liability.CRIMINAL, prison_months_max=Decimal("36"))
    SanctionFactory(country=ukraine, law=ua_offences, liability=Sanction.Liability.ADMINISTRATIVE)
    SanctionFactory(country=ukraine, band_from=1, band_to=None, liability=Sanction.Liability.CRIMINAL)
    SanctionFactory(country=ukraine, offence=Sanction.Offence.POSSESSION_PERSONAL, liability=Sanction.Liability.CRIMINAL,
                    published=False, band_from=2, band_to=None)

    # Possession for personal use: a crime in Hungary, Poland and Russia, an administrative offence in Ukraine.
    possession = IndicatorFactory(slug="possession-personal-use", name_en="Possession for personal use")
    criminal = IndicatorValueFactory(indicator=possession, slug="criminal", label_en="Criminal offence")
    administrative = IndicatorValueFactory(indicator=possession, slug="administrative", label_en="Administrative")
    for country in (hungary, poland, russia):
        AssessmentFactory(country=country, indicator=possession, value=criminal)
    AssessmentFactory(country=ukraine, indicator=possession, value=administrative)
    AssessmentFactory(country=russia)  # drug use
    AssessmentFactory(country=hungary)

    # Two meeting reports; themes and addressees on some of their items, countries named in others.
    women = Theme.objects.create(slug="women-gender", name_en="Women and gender", name_ru="Женщины и гендер")
    ost = Theme.objects.create(slug="ost", name_en="Opioid substitution therapy", name_ru="Заместительная терапия")
    donors = Addressee.objects.create(slug="donors", name_en="Donors", name_ru="Доноры")
    governments = Addressee.objects.create(slug="governments", name_en="Governments", name_ru="Правительства")
    honlea = SourceFactory(slug="honlea-europe-2017", title="HONLEA Europe 2017", kind="meeting_report")
    for n in range(HONLEA - 1):
        rec = RecommendationFactory(source=honlea, text=f"Item {n}: states should review their drug laws.")
        rec.themes.add(ost, *([women] if n % 2 else []))
        rec.addressees.add(donors if n % 3 == 0 else governments)
    RecommendationFactory(source=honlea, text="Follow the Bangkok Rules for women in prison.").themes.add(women)
    dialogue = SourceFactory(slug="regional-dialogue-2021", title="Regional dialogue 2021", kind="meeting_report")
    for _ in range(REGIONAL_DIALOGUE - 1):
        RecommendationFactory(source=dialogue).countries.add(georgia)
    RecommendationFactory(source=dialogue).countries.add(ukraine)


@pytest.fixture
def api():
    cache.clear()
    return APIClient()


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def _json_schema(node):
    """OpenAPI 3.0 schema objects to JSON Schema: `nullable` becomes a null type."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    # Formats are not checked, so '' matches both branches of a blank URL's oneOf; anyOf says the same thing here.
    node = {("anyOf" if k == "oneOf" else k): _json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
        elif "allOf" in node or "$ref" in node or "oneOf" in node:
            node = {"anyOf": [{k: v for k, v in node.items()}, {"type": "null"}]}
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
    return node


def _check(schema, path, method, data):
    operation = schema["paths"][path][method]
    response_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    document = _json_schema(schema)
    resolver = jsonschema.RefResolver.from_schema(document)
    jsonschema.validate(data, _json_schema(response_schema), resolver=resolver)


@pytest.mark.parametrize("name", LISTS)
def test_list_endpoint_matches_schema_and_pages(api, schema, name):
    response = api.get(f"/api/v1/{name}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    _check(schema, f"/api/v1/{name}/", "get", data)


@pytest.mark.parametrize(
    ("path", "schema_path"),
    [("/api/v1/countries/ua/", "/api/v1/countries/{iso2}/"), ("/api/v1/substances/heroin/", "/api/v1/substances/{slug}/"),
     ("/api/v1/indicators/drug-use/", "/api/v1/indicators/{slug}/"), ("/api/v1/themes/ost/", "/api/v1/themes/{slug}/"),
     ("/api/v1/sources/honlea-europe-2017/", "/api/v1/sources/{slug}/"),
     ("/api/v1/consequences/?substance=heroin&amount=1", "/api/v1/consequences/")],
)
def test_detail_endpoints_match_schema(api, schema, path, schema_path):
    response = api.get(path)
    assert response.status_code == 200
    _check(schema, schema_path, "get", response.json())


def test_schema_and_docs_are_served_locally(api):
    assert api.get("/api/v1/schema/").status_code == 200
    html = api.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_country_detail_is_case_insensitive_with_statuses_and_counts(api):
    data = api.get("/api/v1/countries/Ru/").json()
    assert data["iso2"] == "RU" and data["brief_url"] == "/countries/ru/brief.pdf"
    assert {s["indicator"] for s in data["statuses"]} >= {"possession-personal-use", "drug-use"}
    assert data["statuses"][0]["citations"][0]["url"].startswith("http")
    assert data["threshold_count"] == len(country_profile(iso2="RU").thresholds) == len(data["facts"]["thresholds"])
    assert data["threshold_count"] <= Threshold.objects.filter(country__iso2="RU", published=True).count()


def test_thresholds_filters_take_several_values(api):
    data = api.get("/api/v1/thresholds/?country=ua,RU&substance=heroin&tier=small,large&page_size=500").json()
    assert data["count"] == Threshold.objects.filter(country__iso2__in=["UA", "RU"], substance__slug="heroin", tier__in=[1, 2]).count()
    assert {r["country"] for r in data["results"]} == {"RU"}
    assert all(r["citations"] for r in data["results"])
    assert api.get("/api/v1/thresholds/?basis=pure").json()["count"] == Threshold.objects.filter(basis="pure").count()


def test_as_of_returns_what_was_in_force(api):
    country = Country.objects.get(iso2="MD")
    lsd = {"substance": Substance.objects.get(slug="lsd"), "country": country, "law__country": country}
    ThresholdFactory(amount=Decimal("20"), valid_from=date(2004, 1, 1), valid_to=date(2013, 1, 1), **lsd)
    for tier, amount in ((1, "6"), (2, "100")):
        ThresholdFactory(tier=tier, amount=Decimal(amount), valid_from=date(2013, 1, 1), **lsd)
    now = api.get("/api/v1/thresholds/?country=MD&substance=lsd&as_of=2020-01-01").json()
    then = api.get("/api/v1/thresholds/?country=MD&substance=lsd&as_of=2005-01-01").json()
    assert [r["amount"] for r in now["results"]] == ["6.0000", "100.0000"]
    assert [r["amount"] for r in then["results"]] == ["20.0000"]


def test_flags_visible_in_api(api):
    country = bundled_country("SI")
    for amount in ("1", "2"):
        ThresholdFactory(country=country, law__country=country, amount=Decimal(amount), disputed=True, dispute_group="si-test")
    ThresholdFactory(country=country, law__country=country, kind="proposal", substance=Substance.objects.get(slug="lsd"))
    si = api.get("/api/v1/thresholds/?country=SI&substance=heroin").json()["results"]
    assert [r["disputed"] for r in si] == [True, True]
    assert api.get("/api/v1/thresholds/?kind=proposal&country=SI").json()["results"][0]["kind"] == "proposal"
    assert {r["grade"] for r in si} == {"B"}


def test_sanctions_and_assessments_filters(api):
    expected = Sanction.objects.filter(country__iso2="UA", offence="possession_personal", liability="criminal", published=True)
    data = api.get("/api/v1/sanctions/?country=UA&offence=possession_personal&liability=criminal").json()
    assert data["count"] == expected.count() > 0 and {r["liability"] for r in data["results"]} == {"criminal"}
    data = api.get("/api/v1/assessments/?indicator=possession-personal-use&country=HU,PL").json()
    assert {r["value"] for r in data["results"]} == {"criminal"}


@pytest.mark.parametrize(
    ("path", "holds"),
    [("/api/v1/countries/?subregion=central-asia", lambda row: row["subregion"] == "central-asia"),
     ("/api/v1/countries/?focus_region=true", lambda row: row["focus_region"] is True),
     ("/api/v1/countries/?search=kyrg", lambda row: row["iso2"] == "KG"),
     ("/api/v1/laws/?country=UA,MD", lambda row: row["country"] in {"UA", "MD"}),
     ("/api/v1/laws/?kind=administrative_code", lambda row: row["kind"] == "administrative_code"),
     ("/api/v1/laws/?status=repealed", lambda row: row["status"] == "repealed"),
     ("/api/v1/recommendations/?addressee=donors", lambda row: "donors" in row["addressees"]),
     ("/api/v1/progress/?country=MD", lambda row: row["country"] == "MD"),
     ("/api/v1/progress/?status=not_started", lambda row: row["status"] == "not_started")],
)
def test_each_filter_narrows_to_matching_rows(api, path, holds):
    ProgressFactory(country=Country.objects.get(iso2="UA"))
    ProgressFactory(country=Country.objects.get(iso2="MD"), status="not_started",
                    recommendation=Recommendation.objects.order_by("pk")[1])
    everything = api.get(path.split("?")[0] + "?page_size=500").json()
    rows = api.get(path + "&page_size=500" if "?" in path else path).json()
    assert 0 < rows["count"] < everything["count"], path
    assert all(holds(row) for row in rows["results"]), path


def test_progress_filters_by_recommendation(api):
    first, second = Recommendation.objects.order_by("pk")[:2]
    ProgressFactory(recommendation=first)
    ProgressFactory(recommendation=second, country=Country.objects.get(iso2="MD"))
    rows = api.get(f"/api/v1/progress/?recommendation={second.pk}").json()["results"]
    assert [row["recommendation"] for row in rows] == [second.pk]


def test_recommendations_filters_and_search(api):
    count = api.get("/api/v1/recommendations/?source=honlea-europe-2017").json()["count"]
    assert count == HONLEA
    data = api.get("/api/v1/recommendations/?theme=women-gender&search=Bangkok").json()
    assert data["count"] >= 1 and "Bangkok" in data["results"][0]["text"]
    georgia = api.get("/api/v1/recommendations/?country=GE").json()["count"]
    named_or_tracked = Q(countries__iso2="GE") | Q(progress__country__iso2="GE", progress__published=True)
    assert georgia == Recommendation.objects.filter(named_or_tracked).distinct().count()
    sources = {s["slug"]: s for s in api.get("/api/v1/sources/?kind=meeting_report").json()["results"]}
    assert sources["regional-dialogue-2021"]["recommendation_count"] == REGIONAL_DIALOGUE


def test_consequences_endpoint(api):
    data = {r["country"]: r for r in api.get("/api/v1/consequences/?substance=heroin&amount=1&unit=g&country=RU,TM").json()}
    assert data["RU"]["band"] == 1 and data["RU"]["liability"] == "criminal"
    assert data["RU"]["sanctions"][0]["article"] == "228(1)" and data["RU"]["citations"]
    assert data["TM"]["status"] == "no_table"


def test_csv_has_flat_columns_and_joined_citations(api):
    expected = Threshold.objects.filter(country__iso2="RU", substance__slug="heroin", published=True).count()
    response = api.get("/api/v1/thresholds/?format=csv&country=RU&substance=heroin")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == expected > 0 and rows[0]["country"] == "RU" and rows[0]["grade"] in {"A", "B", "C"}
    assert rows[0]["citations.url"].startswith("http") and "citations.quote" in rows[0]
    recs = list(csv.DictReader(io.StringIO(api.get("/api/v1/recommendations/?format=csv&source=honlea-europe-2017").content.decode())))
    assert recs[0]["themes"] and "|" in "".join(r["themes"] for r in recs) or all(recs[i]["themes"] for i in range(len(recs)))


def test_citations_give_their_locator_in_russian_beside_the_english(api):
    citation = next(c for r in api.get("/api/v1/thresholds/?country=RU&substance=heroin").json()["results"]
                    for c in r["citations"] if c["locator"])
    stored = Citation.objects.filter(source__slug=citation["source_slug"], locator=citation["locator"]).first()
    assert citation["locator_ru"] == stored.locator_ru != ""
    response = api.get("/api/v1/thresholds/?format=csv&country=RU&substance=heroin")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert all(row["citations.locator_ru"] for row in rows if row["citations.locator"])


def test_updated_since_returns_only_newer_rows(api):
    Threshold.objects.update(updated_at=timezone.now() - timedelta(days=1))  # the rows a client already has
    later = timezone.now() + timedelta(seconds=1)
    assert api.get("/api/v1/thresholds/", {"updated_since": later.isoformat()}).json()["count"] == 0
    ThresholdFactory(term="new after sync")
    cache.clear()
    data = api.get("/api/v1/thresholds/", {"updated_since": (later - timedelta(seconds=2)).isoformat()}).json()
    assert [r["term"] for r in data["results"]] == ["new after sync"]


def test_conditional_requests_and_invalidation(api):
    first = api.get("/api/v1/thresholds/?country=UA")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert api.get("/api/v1/thresholds/?country=UA", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get("/api/v1/thresholds/?country=UA", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert api.get("/api/v1/countries/ua/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    ThresholdFactory(country=Country.objects.get(iso2="UA"), term="edited")
    again = api.get("/api/v1/thresholds/?country=UA", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and "edited" in again.content.decode()


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [("/api/v1/thresholds/?tier=huge", 400, "tier"), ("/api/v1/laws/?as_of=2020-13-01", 400, "as_of"),
     ("/api/v1/thresholds/?updated_since=yesterday", 400, "updated_since"), ("/api/v1/sanctions/?offence=flying", 400, "offence"),
     ("/api/v1/thresholds/?page=9999", 404, "detail"), ("/api/v1/countries/qq/", 404, "detail"),
     ("/api/v1/consequences/?substance=nothing&amount=-1", 400, "amount"), ("/api/v1/consequences/?substance=heroin&amount=1&country=QQ", 400, "country"),
     ("/api/v1/thresholds/?format=xml", 404, "detail"), ("/api/v1/thresholds/?page_size=abc", 200, "results"),
     ("/api/v1/progress/?recommendation=-1.8e%2B228", 400, "recommendation"),
     ("/api/v1/progress/?recommendation=99999999999999999999999", 400, "recommendation")],
)
def test_bad_input_is_a_client_error_with_a_message(api, path, status, field):
    response = api.get(path)
    assert response.status_code == status
    assert field in response.json()


@pytest.mark.parametrize(
    ("path", "schema_path", "status"),
    [("/api/v1/thresholds/?format=csv&tier=huge", "/api/v1/thresholds/", 400),
     ("/api/v1/laws/?format=csv&page=9999", "/api/v1/laws/", 404),
     ("/api/v1/countries/qq/?format=csv", "/api/v1/countries/{iso2}/", 404),
     ("/api/v1/consequences/?format=csv&substance=heroin&amount=0", "/api/v1/consequences/", 400)],
)
def test_errors_are_documented_json_whatever_the_format(api, schema, path, schema_path, status):
    response = api.get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    documented = schema["paths"][schema_path]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), _json_schema(documented), resolver=jsonschema.RefResolver.from_schema(_json_schema(schema)))


@pytest.mark.parametrize("path", ["/api/v1/laws/1.5/", "/api/v1/countries/%C2%84/?format=csv", "/api/v1/nothing/"])
def test_addresses_the_api_does_not_have_are_json_404s(api, path):
    response = api.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_site_addresses_that_do_not_exist_stay_pages(client):
    response = client.get("/countries/ua/nothing/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_schema_validates_against_openapi_3(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "openapi: 3.0" in (tmp_path / "schema.yml").read_text()


def test_schema_documents_every_answer_besides_success(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            if method == "get":
                assert {"200", "304", "400", "404", "429"} <= documented, (method, path)
            else:
                assert {"400", "401", "403", "404", "429"} <= documented, (method, path)
            if method in ("put", "patch", "delete"):
                assert "202" in documented, (method, path)


def test_anonymous_cannot_write(api):
    assert api.post("/api/v1/thresholds/", {"term": "x"}, format="json").status_code in (401, 403, 405)


def test_anonymous_clients_are_throttled_with_retry_after(api, settings):
    from rest_framework.throttling import AnonRateThrottle

    rates = {"anon": "3/minute"}
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = rates
    try:
        cache.clear()
        # Distinct addresses: an answer served again from the store is not counted (policyhub/http.py).
        codes = [api.get(f"/api/v1/themes/?page_size={size}").status_code for size in range(1, 5)]
        assert codes[:3] == [200, 200, 200] and codes[3] == 429
        response = api.get("/api/v1/themes/?page_size=9")
        assert int(response["Retry-After"]) > 0 and "throttled" in response.json()["detail"].lower()
        assert api.get("/api/v1/themes/?page_size=1").status_code == 200
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
        cache.clear()


def _count(api, path):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path).status_code == 200
    return len(queries)


def test_api_query_counts_do_not_grow_with_data_or_page_size(api):
    paths = [f"/api/v1/{name}/?page_size=500" for name in LISTS] + ["/api/v1/countries/ua/",
             "/api/v1/consequences/?substance=heroin&amount=1"]
    fill(factor=1)
    before = {p: _count(api, p) for p in paths}
    fill(factor=10)
    after = {p: _count(api, p) for p in paths}
    assert after == before
    small_pages = {p: _count(api, p.replace("page_size=500", "page_size=5")) for p in paths[:len(LISTS)]}
    assert small_pages == {p: before[p] for p in paths[:len(LISTS)]}


@pytest.mark.parametrize(("path", "param"), [
    ("/api/v1/thresholds/?country=zz", "country"), ("/api/v1/thresholds/?substance=unicorn", "substance"),
    ("/api/v1/recommendations/?theme=unicorn", "theme"), ("/api/v1/laws/?country=UA,QQ", "country"),
])
def test_unknown_filter_values_are_a_400_naming_the_parameter(api, path, param):
    response = api.get(path)
    assert response.status_code == 400 and param in response.json()
    assert "See /api/v1/" in response.json()[param]
