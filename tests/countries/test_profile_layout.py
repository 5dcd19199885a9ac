"""The profile groups what is not known into one line, and its tables carry each column's name for phone cards;
the home map's legend says what grey means."""

import html as htmllib
import re
from decimal import Decimal

import pytest

from legislation.models import Sanction
from tests.factories import AssessmentFactory, IndicatorFactory, SanctionFactory, ThresholdFactory, bundled_country

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix, heading", [("", "Not known yet"), ("/ru", "Пока неизвестно")])
def test_profile_names_unknown_indicators_in_one_line(client, prefix, heading):
    AssessmentFactory(country=bundled_country("UA"))  # drug use is known
    unknown = [IndicatorFactory(slug="drug-checking", name_en="Drug checking", name_ru="Проверка веществ"),
               IndicatorFactory(slug="naloxone", name_en="Take-home naloxone", name_ru="Налоксон на руки")]
    html = client.get(f"{prefix}/countries/ua/").content.decode()
    assert ">not known<" not in html and ">неизвестно<" not in html
    line = re.search(rf'<p class="unknown-indicators"><strong>{heading}:</strong>(.*?)</p>', html, re.S)
    assert line, "no grouped line of unknown indicators"
    named = htmllib.unescape(line.group(1))
    for indicator in unknown:
        assert (indicator.name_ru if prefix else indicator.name_en) in named
    assert line.group(1).count(",") == len(unknown) - 1
    assert "Drug use" not in named and "Употребление" not in named


def test_profile_table_cells_carry_their_column_names(client):
    russia = bundled_country("RU")
    ThresholdFactory(country=russia)
    SanctionFactory(country=russia, liability=Sanction.Liability.CRIMINAL, fine_min=None, fine_max=None,
                    prison_months_max=Decimal("36"))
    html = client.get("/ru/countries/ru/").content.decode()
    assert 'data-label="Лишение свободы"' in html
    assert re.search(r'<table class="threshold-table cards">.*?<td data-label="[^"]+">', html, re.S)


@pytest.mark.parametrize("prefix, words", [("", "Grey: no value in PolicyHub yet"), ("/ru", "Серый: в PolicyHub пока нет")])
def test_home_legend_says_what_grey_means(client, prefix, words):
    assert words in client.get(f"{prefix}/").content.decode()
