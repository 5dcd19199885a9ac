"""Evidence grades over the bundled data: the map's table view and the coverage page show them, and check_data passes
on the bundled data and fails when a focus country loses its possession status."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from countries.models import Country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def test_map_table_shows_grades_and_the_picker_offers_only_indicators_with_data(client):
    page = client.get("/").content.decode()
    assert "grade grade-" in page
    from countries.models import Assessment, Indicator

    with_data = set(Assessment.objects.published().in_force().values_list("indicator__slug", flat=True))
    empty = [i.slug for i in Indicator.objects.exclude(slug__in=with_data)]
    for slug in with_data:
        assert f'value="{slug}"' in page
    for slug in empty:
        assert f'value="{slug}"' not in page


def test_coverage_page_shows_the_best_grade_per_country_and_topic(client):
    page = client.get("/coverage/").content.decode()
    assert "coverage-grades" in page and "level-grade-" in page


def test_check_data_fails_on_a_focus_country_without_possession_status_unless_the_gap_is_recorded(capsys):
    from countries.models import Assessment

    Assessment.objects.filter(country__iso2="UA", indicator__slug="possession-personal-use").delete()
    with pytest.raises(CommandError):
        call_command("check_data")
    assert "UA Ukraine has no published possession status" in capsys.readouterr().err
    Country.objects.filter(iso2="UA").update(gaps=[{"topic": "status", "reason_en": "test", "reason_ru": "тест"}])
    call_command("check_data")


def test_check_data_prints_the_grade_mix_per_country(capsys):
    call_command("check_data")
    assert "evidence grades of facts in force:" in capsys.readouterr().out
