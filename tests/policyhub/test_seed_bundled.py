import json

import pytest
from django.apps import apps
from django.core.management import call_command

from countries.models import Country, Source
from profiles.bundled import recommendation_files
from recommendations.models import Recommendation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]

# Recommendations found in each report, pinned so that a change that loses one fails.
RECOMMENDATIONS_PER_REPORT = {
    "kyiv-2016-alternatives": 19,
    "regional-dialogue-2021": 86,
    "wilton-park-2015": 29,
    "we-are-the-evidence-2021": 18,
    "honlea-europe-2017": 13,
}

FOCUS_COUNTRIES = set(
    "AL AM AZ BY BA BG HR CZ EE GE HU KZ XK KG LV LT MD ME MK PL RO RU RS SK SI TJ TM UA UZ".split()
)


def _snapshot():
    """Every row of every project model, as plain values, to compare before and after."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"countries", "legislation", "recommendations"}:
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


def test_seed_twice_changes_nothing():
    before = _snapshot()
    call_command("seed", verbosity=0)
    assert _snapshot() == before


def test_seed_counts_per_report_are_pinned():
    counts = {s.slug: s.recommendations.count() for s in Source.objects.filter(kind="meeting_report")}
    assert counts == RECOMMENDATIONS_PER_REPORT


def test_seed_loads_every_recommendation_in_the_fixtures_with_label_and_section():
    in_files = sum(len(json.loads(p.read_text())["recommendations"]) for p in recommendation_files())
    assert Recommendation.objects.count() == in_files
    assert not Recommendation.objects.filter(section="").exists()
    assert not Recommendation.objects.filter(label="", locator="").exists()
    assert not Recommendation.objects.filter(themes=None).exists()
    assert not Recommendation.objects.filter(addressees=None).exists()


def test_seed_has_all_29_focus_countries_and_the_rest_outside():
    assert set(Country.objects.focus().values_list("iso2", flat=True)) == FOCUS_COUNTRIES
    outside = Country.objects.filter(focus_region=False)
    assert outside.exists()
    assert set(outside.values_list("subregion", flat=True)) == {"other"}
    for country in Country.objects.all():
        country.full_clean()
        assert country.name_ru


def test_seed_names_countries_in_russian_from_iso_catalogue():
    assert Country.objects.get(iso2="UA").name_ru == "Украина"
    assert Country.objects.get(iso2="RU").name_en == "Russia"
