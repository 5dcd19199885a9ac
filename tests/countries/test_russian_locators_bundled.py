"""The bundled data's locators in Russian: every citation the seed loads with a locator has its Russian rendering."""

import re

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from countries.models import Citation
from legislation.curated_schema import LOCATORS_FILE, read_locators

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def _cited_locators() -> set[str]:
    """Every locator the curated files and the progress records cite."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            if "quote" in node and "source" in node and node.get("locator"):
                found.add(str(node["locator"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    base = settings.BASE_DIR / "fixtures"
    for path in [*sorted((base / "data" / "countries").glob("*.yaml")), base / "recommendations" / "progress.yaml"]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def test_every_bundled_citation_with_a_locator_has_it_in_russian_after_seed():
    call_command("seed", verbosity=0)
    with_locator = Citation.objects.exclude(locator="")
    assert with_locator.count() > 500
    missing = list(with_locator.filter(locator_ru="").values_list("pk", "locator")[:10])
    assert missing == []


def test_the_locator_list_renders_every_cited_locator():
    cited = _cited_locators()
    assert len(cited) > 150
    assert sorted(cited - set(read_locators(LOCATORS_FILE))) == []


def test_a_bundled_profile_shows_the_russian_locators(client):
    page = client.get("/ru/countries/ru/").content.decode()
    english = client.get("/countries/ru/").content.decode()
    citation = next(c for c in Citation.objects.filter(country__iso2="RU", thresholds__published=True).order_by("pk")
                    if c.locator and c.locator_ru != c.locator)
    assert f", {citation.locator_ru}" in page and f", {citation.locator}" in english


def test_every_russian_locator_in_the_list_is_written_in_russian():
    """A legal reference in an act's own notation ("Btk. 178.§ (5)") is rendered too, not copied."""
    table = read_locators()
    assert [k for k, v in table.items() if not re.search("[а-яё]", str(v), re.IGNORECASE)] == []


def test_fines_in_a_laws_own_unit_read_in_russian_on_the_russian_profile(client):
    russian = client.get("/ru/countries/tj/").content.decode()
    english = client.get("/countries/tj/").content.decode()
    # The quoted evidence keeps its own words ("fine units"); the fine column is in the reader's language.
    assert '<td data-label="Штраф">20–30 показателей для расчётов</td>' in russian
    assert '<td data-label="Fine">20–30 fine units</td>' in english


def test_law_references_read_in_russian_on_the_russian_profile(client):
    russian = client.get("/ru/countries/tj/").content.decode()
    assert "(№ 873)" in russian and "(No. 873)" not in russian
    assert "(No. 873)" in client.get("/countries/tj/").content.decode()
    ukraine = client.get("/ru/countries/ua/").content.decode()
    seen = re.sub(r'<script type="application/ld\+json">.*?</script>', "", ukraine, flags=re.S)  # identifiers as issued
    assert "registered with the Ministry of Justice" not in seen and "зарегистрирован в Министерстве юстиции" in seen
