"""How a profile lists its evidence: one number per passage, one entry per source, each caveat once per row."""

import re
from decimal import Decimal

import pytest

from profiles.selectors import country_profile
from tests.factories import CitationFactory, SanctionFactory, SourceFactory, SubstanceFactory, ThresholdFactory

pytestmark = pytest.mark.django_db


def test_one_passage_cited_by_two_facts_gets_one_number():
    source = SourceFactory()
    first = ThresholdFactory(citations=[CitationFactory(source=source, quote="Same words.")])
    second = SanctionFactory(citations=[CitationFactory(source=source, quote="Same words.")])
    other = SanctionFactory(citations=[CitationFactory(source=source, quote="Other words.")])
    profile = country_profile(iso2="ua")
    facts = {f.pk: f for f in profile.thresholds + profile.sanctions}
    shared, own = facts[first.pk].refs, facts[other.pk].refs
    assert facts[second.pk].refs == shared and len(shared) == 1 and own != shared
    assert [c.quote for c in profile.citations].count("Same words.") == 1


def test_a_source_is_listed_once_with_each_of_its_passages(client):
    source = SourceFactory(title="Report cited twice")
    ThresholdFactory(citations=[CitationFactory(source=source, locator="p. 3", locator_ru="с. 3"),
                                CitationFactory(source=source, locator="p. 9", locator_ru="с. 9", quote="Nine.")])
    html = client.get("/countries/ua/").content.decode()
    sources = html[html.index('<ul class="sources">'):]
    assert sources.count("Report cited twice") == 1
    entry = sources[sources.index("Report cited twice"):]
    entry = entry[:entry.index("</ul></li>")]
    numbers = re.findall(r'<li id="ref-(\d+)"><b>\[(\d+)\]</b> p\. [39] ', entry)
    assert len(numbers) == 2 and all(anchor == shown for anchor, shown in numbers)


def test_a_note_shared_by_lines_of_a_row_is_shown_once(client):
    substance = SubstanceFactory(name_en="Testweed")
    dried, fresh = "Dried: figures reported by the press.", "Fresh: the amended text was not read."
    for tier, amount in ((1, "1"), (2, "5")):
        ThresholdFactory(substance=substance, tier=tier, amount=Decimal(amount), substance_form="dried",
                         note_en=dried, note_ru="Сушёная.")
    ThresholdFactory(substance=substance, tier=1, amount=Decimal("10"), substance_form="fresh",
                     note_en=fresh, note_ru="Свежая.")
    html = client.get("/countries/ua/").content.decode()
    assert html.count(dried) == 1 and html.count(fresh) == 1


def test_an_empty_sanction_cell_carries_no_label_for_the_phone_cards(client):
    SanctionFactory(fine_min=None, fine_max=None, fine_unit="", prison_months_max=24)
    html = client.get("/countries/ua/").content.decode()
    table = html[html.index('<table class="sanction-table'):html.index("</table>", html.index('<table class="sanction-table'))]
    assert "<td></td>" in table and 'data-label="Prison"' in table
    assert not re.search(r'data-label="[^"]*">\s*</td>', table)
