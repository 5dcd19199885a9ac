"""The profile groups what is not known into one line, and its tables carry each column's name for phone cards;
the home map's legend says what grey means."""

import html as htmllib
import re

import pytest

from countries.models import Assessment, Country, Indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


@pytest.mark.parametrize("prefix, heading", [("", "Not known yet"), ("/ru", "Пока неизвестно")])
def test_profile_names_unknown_indicators_in_one_line(client, prefix, heading):
    country = Country.objects.get(iso2="UA")
    known = set(Assessment.objects.published().filter(country=country).values_list("indicator_id", flat=True))
    unknown = Indicator.objects.exclude(pk__in=known)
    assert unknown.exists(), "the bundled data leaves some indicator unknown for Ukraine"
    html = client.get(f"{prefix}/countries/ua/").content.decode()
    assert ">not known<" not in html and ">неизвестно<" not in html
    line = re.search(rf'<p class="unknown-indicators"><strong>{heading}:</strong>(.*?)</p>', html, re.S)
    assert line, "no grouped line of unknown indicators"
    named = htmllib.unescape(line.group(1))
    for indicator in unknown:
        assert (indicator.name_ru if prefix else indicator.name_en) in named
    assert line.group(1).count(",") == unknown.count() - 1


def test_profile_table_cells_carry_their_column_names(client):
    html = client.get("/ru/countries/ru/").content.decode()
    assert 'data-label="Лишение свободы"' in html
    assert re.search(r'<table class="threshold-table cards">.*?<td data-label="[^"]+">', html, re.S)


@pytest.mark.parametrize("prefix, words", [("", "Grey: no value in PolicyHub yet"), ("/ru", "Серый: в PolicyHub пока нет")])
def test_home_legend_says_what_grey_means(client, prefix, words):
    assert words in client.get(f"{prefix}/").content.decode()
