"""The bundled data in Russian: a Russian-speaking reader meets no English where a Russian text exists."""

import html
import re

import pytest

from countries.models import Country
from legislation.models import Law, Sanction

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


@pytest.mark.parametrize("iso2", ["RU", "UA", "KZ", "GE", "MD", "HU", "LT", "PL"])
def test_russian_profile_shows_russian_law_titles_and_penalties(client, iso2):
    # Quotations stay in their source's language: only the page above the source list is checked, and not the
    # JSON-LD data for machines, which names each law in its original language, English and Russian.
    page = client.get(f"/ru/countries/{iso2.lower()}/").content.decode()
    page = html.unescape(re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)).split('id="sources-heading"')[0]
    country = Country.objects.get(iso2=iso2)
    for law in Law.objects.published().filter(country=country, status="in_force"):
        if law.title_ru and law.title_ru != law.title_en:
            assert law.title_ru in page
            assert law.title_en not in page, law.title_en
    for sanction in Sanction.objects.published().in_force().filter(country=country):
        if sanction.penalty_summary_ru and sanction.penalty_summary_ru != sanction.penalty_summary:
            assert sanction.penalty_summary_ru in page
            assert sanction.penalty_summary not in page, sanction.penalty_summary
