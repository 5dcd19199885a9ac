"""Profiles describe their laws as schema.org Legislation, /about/ the data as a schema.org Dataset, in JSON-LD."""

import json
import re
from datetime import date

import pytest

from legislation.models import Law
from opendata.jsonld import eli_of, partial_date
from profiles.selectors import country_profile
from tests.factories import (
    AssessmentFactory,
    LawFactory,
    ProgressFactory,
    SanctionFactory,
    ThresholdFactory,
    bundled_country,
)

pytestmark = pytest.mark.django_db

SERBIAN_ELI = "https://www.pravno-informacioni-sistem.rs/SlGlasnikPortal/eli/rep/sgrs/skupstina/zakon/2010/99/4/reg"


def blocks(html: str) -> list:
    """Every JSON-LD block of a page, parsed: a block that is not valid JSON fails the test."""
    return [json.loads(text) for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def legislation(html: str) -> list[dict]:
    return [node for block in blocks(html) for node in block.get("@graph", [block]) if node["@type"] == "Legislation"]


def test_serbian_profile_describes_each_law_with_the_eli_where_the_act_has_one(client):
    serbia = bundled_country("RS")
    LawFactory(country=serbia, title_en="Criminal Code of the Republic of Serbia", title_original="Krivični zakonik",
               title_ru="Уголовный кодекс Республики Сербия", original_language="sr", kind=Law.Kind.CRIMINAL_CODE,
               reference="Sl. glasnik RS 85/2005 ... 94/2016, 35/2019",
               url="https://www.paragraf.rs/izmene_i_dopune/210519-zakon-o-izmenama-i-dopunama-krivicnog-zakonika.html")
    LawFactory(country=serbia, title_en="Law on Psychoactive Controlled Substances",
               title_original="Закон о психоактивним контролисаним супстанцама",
               title_ru="Закон о психоактивных контролируемых веществах", original_language="sr",
               reference="Sl. glasnik RS 99/2010, 57/2018", url=SERBIAN_ELI)
    laws = legislation(client.get("/countries/rs/").content.decode())
    profile = country_profile(iso2="RS")
    assert len(laws) == len(profile.laws) >= 2
    drug_law = next(node for node in laws if node["@id"] == SERBIAN_ELI)
    assert SERBIAN_ELI in drug_law["legislationIdentifier"]
    assert "Sl. glasnik RS 99/2010, 57/2018" in drug_law["legislationIdentifier"]
    assert drug_law["sameAs"] == SERBIAN_ELI and drug_law["url"] == SERBIAN_ELI
    names = {name["@language"]: name["@value"] for name in drug_law["name"]}
    assert names["en"].startswith("Law on Psychoactive Controlled Substances")
    assert names["ru"].startswith("Закон о психоактивных контролируемых веществах")
    assert names["sr"].startswith("Закон о психоактивним контролисаним супстанцама")
    assert drug_law["legislationJurisdiction"] == {"@type": "Country", "name": "Serbia", "identifier": "RS"}
    assert drug_law["legislationLegalForce"] == "https://schema.org/InForce"
    assert drug_law["inLanguage"] == "sr"
    # The criminal code's official address is no ELI: it gets none, and an address on this page as its @id.
    code = next(node for node in laws if node is not drug_law)
    assert "sameAs" not in code and code["@id"].startswith("http://testserver/countries/rs/#law-")
    assert SERBIAN_ELI not in json.dumps(code)


def test_ukrainian_profile_describes_its_laws_in_the_page_language(client):
    ukraine = bundled_country("UA")
    LawFactory(country=ukraine, title_en="Criminal Code of Ukraine", kind=Law.Kind.CRIMINAL_CODE, reference="No. 2341-III",
               url="https://zakon.rada.gov.ua/laws/show/2341-14")
    LawFactory(country=ukraine, title_en="Code of Ukraine on Administrative Offences", title_ru="",
               kind=Law.Kind.ADMINISTRATIVE_CODE)
    LawFactory(country=ukraine, title_en="A repealed drug law", status=Law.Status.REPEALED, valid_to=date(2015, 1, 1))
    html = client.get("/ru/countries/ua/").content.decode()
    laws = legislation(html)
    expected = Law.objects.filter(pk__in=[law.pk for law in country_profile(iso2="UA").laws])
    assert expected.count() == 2 and len(laws) == 2  # the repealed law is not on today's page
    assert {node["@id"].rsplit("#law-", 1)[1] for node in laws} == {str(law.pk) for law in expected}
    for node, law in ((n, expected.get(pk=n["@id"].rsplit("#law-", 1)[1])) for n in laws):
        assert f'id="law-{law.pk}"' in html  # the @id points at the law on the page
        assert node["legislationJurisdiction"]["name"] == "Украина"
        assert {"@language": "en", "@value": law.title_en} in node["name"]
        if law.url:
            assert node["url"] == law.url
        if law.reference:
            assert law.reference in node["legislationIdentifier"]


def test_a_law_is_dated_at_its_precision_and_a_repealed_one_is_not_in_force(client):
    moldova = bundled_country("MD")
    LawFactory(country=moldova, title_en="Old drug law", reference="No. 1", adopted_on=date(1999, 1, 1),
                     adopted_precision="year", valid_from=date(1999, 7, 1), valid_from_precision="month",
                     valid_to=date(2005, 1, 1), status=Law.Status.REPEALED, url="https://example.org/eli/md/1999/1?x=1")
    laws = legislation(client.get("/countries/md/?as_of=2001-01-01").content.decode())
    node = next(n for n in laws if n["name"][0]["@value"] == "Old drug law")
    assert node["legislationDate"] == "1999" and node["legislationDateVersion"] == "1999-07"
    assert node["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert node["@id"] == "https://example.org/eli/md/1999/1" and node["legislationIdentifier"] == ["No. 1", node["@id"]]
    assert "Old drug law" not in json.dumps(legislation(client.get("/countries/md/").content.decode()), ensure_ascii=False)


def test_a_title_cannot_break_out_of_the_data_block(client):
    title = '</script><script>alert("x")</script> & <!--'
    LawFactory(country=bundled_country("MD"), title_en=title)
    html = client.get("/countries/md/").content.decode()
    raw = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert raw and all("<" not in text and ">" not in text and "&" not in text for text in raw)
    assert title in json.dumps(legislation(html), ensure_ascii=False).replace('\\"', '"')


@pytest.mark.parametrize(("url", "eli"), [
    (SERBIAN_ELI, SERBIAN_ELI),
    ("http://data.europa.eu/eli/reg/2016/679/oj#art-1", "http://data.europa.eu/eli/reg/2016/679/oj"),
    ("https://www.legislation.gov.uk/eli/ukpga/1971/38?view=plain", "https://www.legislation.gov.uk/eli/ukpga/1971/38"),
    ("https://likumi.lv/doc.php?id=50539", ""),
    ("https://example.org/delivery/eli-report.pdf", ""),
    ("", ""),
])
def test_eli_is_read_only_from_an_eli_path(url, eli):
    assert eli_of(url) == eli


def test_partial_dates_never_state_more_than_the_source():
    day = date(2012, 10, 1)
    assert [partial_date(day, p) for p in ("day", "month", "year", "approximate", "undated")] == [
        "2012-10-01", "2012-10", "2012", None, None]


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_about_describes_the_data_as_a_dataset_with_its_licence_and_downloads(client, prefix):
    # One row in each of the tables offered for download.
    ThresholdFactory()
    SanctionFactory()
    AssessmentFactory()
    ProgressFactory()
    (data,) = blocks(client.get(f"{prefix}/about/").content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["url"] == "http://testserver/about/" and data["creator"]["name"] == "PolicyHub"
    descriptions = {d["@language"]: d["@value"] for d in data["description"]}
    assert descriptions["en"].startswith("The laws on drug use and possession")
    assert descriptions["ru"].startswith("Законы об употреблении и хранении наркотиков")
    assert data["name"].startswith("PolicyHub: drug-policy law")
    assert data["alternateName"][0] == {"@language": "ru", "@value": "PolicyHub: законодательство о наркотиках в "
                                                                       "Восточной Европе и Центральной Азии"}
    assert data["dateModified"]
    urls = [d["contentUrl"] for d in data["distribution"]]
    assert "http://testserver/api/v1/laws/?format=csv&page_size=500" in urls and len(urls) == 10
    for url in urls:
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response.content.count(b"\n") > 1  # a header and rows
