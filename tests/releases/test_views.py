"""The /data/ page, the downloads, the footer link on every page and the API list."""

import hashlib
import re

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from releases.models import Release
from releases.services import release_cut
from tests.factories import LawFactory, ThresholdFactory, bundled_country
from tests.policyhub.test_api import _check as check_against_schema

from .conftest import DAY_ONE, DAY_TWO, ReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [1, 4])
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_data_page_lists_releases_with_a_constant_query_count(client, django_assert_num_queries, n, prefix):
    releases = ReleaseFactory.create_batch(n)
    client.get(f"{prefix}/data/")  # warms the data version
    with django_assert_num_queries(2):
        html = client.get(f"{prefix}/data/?n={n}").content.decode()
    newest = releases[-1]
    assert html.count('class="release"') == n
    numbers = [int(number) for number in re.findall(r'id="release-(\d+)"', html)]
    assert numbers == sorted((r.number for r in releases), reverse=True)
    assert f"/data/{newest.number}/policyhub-data-{newest.number}.zip" in html
    assert newest.sha256 in html and ("120,6" if prefix else "120.6") in html  # 123 456 bytes in KB


def test_data_page_in_english_shows_the_changelog_summary_and_how_to_cite(client):
    release = ReleaseFactory()
    html = client.get("/data/").content.decode()
    assert "Open data releases" in html and "Creative Commons Attribution 4.0 (CC BY 4.0)" in html
    assert re.search(r"Since release \d+: 2 records added,\s+1 removed,\s+5 changed", html)
    assert "<th scope=\"row\">Quantity thresholds</th><td>2</td><td>1</td><td>5</td>" in html
    assert f"data release {release.number} [data set], {release.date.isoformat()}. CC BY 4.0. http://testserver/data/" in html


def test_data_page_in_russian(client):
    release = ReleaseFactory(changelog={"previous": None, "previous_date": None, "records": 3702,
                                        "totals": {"added": 0, "removed": 0, "changed": 0}, "tables": {}})
    html = client.get("/ru/data/").content.decode()
    assert "Выпуски открытых данных" in html and "Как ссылаться" in html
    assert "Первый выпуск: 3702 записи." in html
    assert f"Выпуск {release.number}, {release.date.isoformat()}" in html
    assert "выпуск данных" in html and "[набор данных]" in html
    assert f'href="/ru/data/{release.number}/policyhub-data-{release.number}.zip"' in html


def test_data_page_in_russian_agrees_plurals(client):
    ReleaseFactory(changelog={"previous": 3, "previous_date": None, "records": 10,
                              "totals": {"added": 1, "removed": 2, "changed": 5},
                              "tables": {"laws": {"added": 1, "removed": 2, "changed": 5}}})
    html = client.get("/ru/data/").content.decode()
    assert re.search(r"С выпуска 3: добавлена 1 запись,\s+удалены 2,\s+изменено 5", html)
    assert "<th scope=\"row\">Законы</th>" in html


def test_data_page_without_releases_says_so(client):
    assert "No release has been published yet." in client.get("/data/").content.decode()


def test_release_files_are_served_from_media_storage(client, media):
    release = release_cut(on=DAY_ONE)
    response = client.get(f"/data/1/{release.zip_name}")
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == release.sha256
    codebook = client.get("/ru/data/1/codebook.md")
    assert codebook["Content-Type"] == "text/plain; charset=utf-8"
    assert "Кодовая книга" in b"".join(codebook.streaming_content).decode()
    assert client.get("/data/1/data/thresholds.csv").status_code == 200
    assert client.get("/data/1/../../settings.py").status_code == 404
    assert client.get("/data/1/nothing.csv").status_code == 404
    assert client.get("/data/2/CHANGELOG.md").status_code == 404


@pytest.mark.parametrize("path", ["/about/", "/ru/countries/ua/", "/compare/"])
def test_every_page_footer_links_the_newest_release_at_no_extra_query(client, media, path):
    def queries(url: str) -> int:
        client.get(url)  # warms the data version and the footer
        with CaptureQueriesContext(connection) as captured:
            client.get(url + "?x=1")
        return len(captured)

    ThresholdFactory(country=bundled_country("UA"))  # a country with a law and a fact to show and release
    without = queries(path)
    assert "latest-release" not in client.get(path + "?x=2").content.decode()
    release_cut(on=DAY_ONE)
    LawFactory(title_en="Footer law")
    release_cut(on=DAY_TWO)

    with_releases = queries(path)
    html = client.get(path + "?x=3").content.decode()
    prefix = "/ru" if path.startswith("/ru/") else ""
    assert f'href="{prefix}/data/2/policyhub-data-2.zip" class="latest-release"' in html
    assert ("выпуск 2 от 2026-04-01" if prefix else "release 2 of 2026-04-01") in html
    assert with_releases == without


def test_about_states_the_data_licence_and_links_the_releases(client):
    english = client.get("/about/").content.decode()
    russian = client.get("/ru/about/").content.decode()
    assert "CC BY 4.0" in english and 'href="/data/"' in english
    assert "CC BY 4.0" in russian and "выпуски открытых данных" in russian and 'href="/ru/data/"' in russian


@pytest.mark.parametrize("n", [1, 4])
def test_api_lists_releases_newest_first_with_a_constant_query_count(client, django_assert_num_queries, n):
    releases = ReleaseFactory.create_batch(n)
    client.get("/api/v1/releases/")
    with django_assert_num_queries(3):
        body = client.get(f"/api/v1/releases/?page_size={n}").json()
    assert body["count"] == n
    first = body["results"][0]
    newest = releases[-1]
    assert first["number"] == newest.number and first["sha256"] == newest.sha256 and first["size"] == 123_456
    assert first["download"] == f"http://testserver/data/{newest.number}/policyhub-data-{newest.number}.zip"
    assert first["changelog"]["totals"] == {"added": 2, "removed": 1, "changed": 5}
    assert first["changelog"]["tables"]["thresholds"]["changed"] == 5


def test_api_release_detail_and_schema(client, media):
    release_cut(on=DAY_ONE)
    openapi = yaml.safe_load(client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi").content)
    check_against_schema(openapi, "/api/v1/releases/", "get", client.get("/api/v1/releases/").json())
    check_against_schema(openapi, "/api/v1/releases/{number}/", "get", client.get("/api/v1/releases/1/").json())
    detail = client.get("/api/v1/releases/1/").json()
    assert detail["files"]["datapackage.json"] == "http://testserver/data/1/datapackage.json"
    assert detail["changelog"]["previous"] is None
    assert client.get("/api/v1/releases/99/").status_code == 404
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/releases/" in schema["paths"] and "/api/v1/releases/{number}/" in schema["paths"]
    component = schema["components"]["schemas"]["Release"]
    assert {"number", "date", "size", "sha256", "download", "changelog"} <= set(component["properties"])
    assert Release.objects.count() == 1
