import csv
from datetime import date
from decimal import Decimal

import pytest

from countries.models import Assessment, Country, Source
from legislation.bundled import DATA, FILES
from legislation.models import FactKind, Law, Sanction, Substance, Threshold
from legislation.selectors import consequences
from policyhub.dates import Precision

pytestmark = pytest.mark.django_db


def _rows(kind):
    keys = []
    for name in (f"{kind}.csv", f"extra_{kind}.csv"):
        if (DATA / name).exists():
            with open(DATA / name, encoding="utf-8", newline="") as fh:
                keys += [(f"{name}:{n}", row) for n, row in enumerate(csv.DictReader(fh), start=2)]
    return keys


def test_every_shared_row_is_represented_with_its_citation():
    shared = {kind: sum(1 for _ in csv.DictReader(open(DATA / f"{kind}.csv", encoding="utf-8"))) for kind in FILES}
    assert shared == {"thresholds": 73, "sanctions": 73, "status": 26}
    for model, kind in ((Threshold, "thresholds"), (Sanction, "sanctions"), (Assessment, "status")):
        loaded = set(model.objects.values_list("source_row", flat=True))
        for key, _row in _rows(kind):
            assert key in loaded, f"{key} is not in the knowledge base"
    for fact in [*Threshold.objects.all(), *Sanction.objects.all(), *Assessment.objects.all()]:
        citations = list(fact.citations.select_related("source"))
        assert citations, fact
        assert citations[0].quote and citations[0].source.url


def test_thresholds_keep_the_law_and_one_law_per_instrument():
    decree = Law.objects.get(country__iso2="RU", title_en__startswith="Government Decree No. 1002")
    assert decree.thresholds.count() == 12
    assert Law.objects.filter(country__iso2="RU", title_en__startswith="Government Decree No. 1002").count() == 1
    assert Law.objects.get(country__iso2="RU", title_en="Criminal Code").articles.filter(number="228(1)").exists()


def test_thresholds_rank_terms_and_sides():
    ru = {t.tier: t for t in Threshold.objects.filter(country__iso2="RU", substance__slug="heroin", valid_to__isnull=True)}
    assert (ru[1].amount, ru[2].amount, ru[3].amount) == (Decimal("0.5"), Decimal("2.5"), Decimal("1000"))
    assert ru[1].amount_in == Threshold.Side.BELOW and ru[1].basis == "mixture"
    assert "значительный" in ru[1].term
    ua = {t.tier: t for t in Threshold.objects.filter(country__iso2="UA", substance__slug="amphetamine")}
    assert ua[2].amount == Decimal("1.5") and ua[2].amount_max == Decimal("15.0") and ua[3].amount_in == Threshold.Side.ABOVE


def test_counted_units_stay_counted_and_substance_forms_are_one_substance():
    pills = Threshold.objects.get(country__iso2="BG", substance__slug="mdma")
    assert (pills.unit, pills.counted_item, pills.amount) == ("unit", "pills", Decimal("5"))
    joint = Threshold.objects.get(country__iso2="BG", substance__slug="cannabis")
    assert joint.counted_item == "cigarette (joint)"
    ge = Threshold.objects.filter(country__iso2="GE", substance__slug="cannabis")
    assert {t.substance_form for t in ge} == {"dried marijuana", "fresh marijuana"}
    assert Threshold.objects.filter(country__iso2="UA", substance__slug="cannabis", substance_form="dried").exists()


def test_flags_change_what_a_fact_is():
    historical = Threshold.objects.filter(country__iso2="RU", valid_to=date(2012, 10, 1))
    assert historical.count() == 6
    assert not historical.in_force().exists()
    assert historical.in_force(date(2008, 6, 1)).count() == 6
    proposal = Threshold.objects.get(country__iso2="EE", kind=FactKind.PROPOSAL)
    assert proposal.law.status == Law.Status.DRAFT
    assert set(Threshold.objects.filter(country__iso2="BG").values_list("kind", flat=True)) == {FactKind.ILLUSTRATIVE}
    assert set(Threshold.objects.filter(country__iso2="GE", valid_to__isnull=True).values_list("kind", flat=True)) == {FactKind.COURT_LIMIT}
    lt = Threshold.objects.filter(country__iso2="LT", substance__slug="heroin")
    assert [t.disputed for t in lt] == [True, True] and len({t.dispute_group for t in lt}) == 1
    weak = Source.objects.filter(url__contains="cannabis").first() or Source.objects.get(url__contains="wikimili")
    assert weak.is_low_reliability


def test_years_become_dates_with_precision():
    citation = Threshold.objects.get(source_row="thresholds.csv:48").citations.get()
    assert (citation.described_on, citation.described_precision) == (date(2023, 1, 1), Precision.APPROXIMATE)
    undated = Threshold.objects.get(source_row="thresholds.csv:54").citations.get()
    assert undated.described_precision == Precision.UNDATED


def test_consequences_of_one_gram_of_heroin():
    heroin = Substance.objects.get(slug="heroin")
    countries = list(Country.objects.filter(iso2__in=["RU", "CZ", "PL", "TM", "LT"]).order_by("iso2"))
    result = {r.country.iso2: r for r in consequences(substance=heroin, amount=Decimal("1"), unit="g", countries=countries)}
    assert result["RU"].status == "ok" and result["RU"].band == 1 and result["RU"].liability == "criminal"
    assert [s.article.number for s in result["RU"].sanctions] == ["228(1)"]
    assert result["CZ"].band == 0 and result["CZ"].liability == "administrative"
    # Poland counts doses, not grams, and possession of any amount is a crime.
    assert result["PL"].status == "unit_mismatch" and result["PL"].liability == "criminal"
    assert result["TM"].status == "no_table" and result["TM"].liability is None
    assert result["LT"].disputed
    # 1000 mg is the same as 1 g; 0.4 g stays below Russia's 'significant' line.
    assert consequences(substance=heroin, amount=Decimal("1000"), unit="mg", countries=countries[3:4])[0].band == 1
    below = consequences(substance=heroin, amount=Decimal("0.4"), unit="g", countries=[Country.objects.get(iso2="RU")])[0]
    assert below.band == 0 and below.liability == "administrative"


def test_consequences_as_of_a_past_date_use_the_rules_then():
    heroin = Substance.objects.get(slug="heroin")
    ru = [Country.objects.get(iso2="RU")]
    then = consequences(substance=heroin, amount=Decimal("0.6"), unit="g", countries=ru, on=date(2008, 1, 1))[0]
    assert then.lines and then.lines[0].valid_to == date(2012, 10, 1)
