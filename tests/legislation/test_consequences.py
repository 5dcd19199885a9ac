"""The "what happens if" engine on facts each test builds: first offence only, repeat apart, and unknowns said."""

from datetime import date
from decimal import Decimal

import pytest

from countries.models import Assessment
from legislation.models import Substance
from legislation.selectors import consequences
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    LawFactory,
    SanctionFactory,
    SubstanceFactory,
    ThresholdFactory,
    bundled_country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lsd():
    return SubstanceFactory(slug="lsd", name_en="LSD", category=Substance.Category.HALLUCINOGEN)


@pytest.fixture
def country():
    """A focus country with no possession rules yet, so each test states its own."""
    return bundled_country("MD")


def ask(substance, country, amount, unit="g", on=None):
    return consequences(substance=substance, amount=Decimal(amount), unit=unit, countries=[country], on=on)[0]


def table(country, substance, *lines, unit="g", **extra):
    law = LawFactory(country=country)
    for tier, amount in enumerate(lines, start=1):
        ThresholdFactory(country=country, substance=substance, law=law, tier=tier, amount=Decimal(amount), unit=unit,
                         **extra)
    return law


def test_first_offence_answer_never_takes_a_repeat_rule(country, lsd):
    table(country, lsd, "1", "10")
    SanctionFactory(country=country, band_from=0, band_to=0, condition="first", liability="administrative")
    SanctionFactory(country=country, band_from=0, band_to=0, condition="repeat", liability="criminal",
                    condition_detail_en="repeated within a year", prison_months_max=Decimal("12"))
    answer = ask(lsd, country, "0.5")
    assert answer.liability == "administrative" and [s.condition for s in answer.sanctions] == ["first"]
    assert [s.condition for s in answer.repeat_sanctions] == ["repeat"] and answer.prison_months_max is None


def test_an_unknown_upper_line_is_said_and_no_maximum_is_stated(country, lsd):
    table(country, lsd, "1")  # only the first line is held
    SanctionFactory(country=country, band_from=1, band_to=1, condition="any", liability="criminal",
                    prison_months_max=Decimal("36"))
    SanctionFactory(country=country, band_from=2, band_to=None, condition="any", liability="criminal",
                    prison_months_min=Decimal("36"), prison_months_max=Decimal("120"))
    answer = ask(lsd, country, "50")
    assert answer.status == "upper_unknown" and answer.band == 1
    assert answer.prison_months_max is None and answer.missing
    assert answer.liability == "criminal"  # every possible band is criminal, so that much is known
    assert len(answer.sanctions) == 2


def test_grams_and_milligrams_agree_and_counted_tables_are_not_weighed(country, lsd):
    table(country, lsd, "0.5", "2.5")
    SanctionFactory(country=country, band_from=1, band_to=1, condition="any", liability="criminal")
    assert ask(lsd, country, "600", unit="mg").band == ask(lsd, country, "0.6").band == 1
    heroin = SubstanceFactory(slug="heroin", name_en="Heroin", category=Substance.Category.OPIOID)
    table(country, heroin, "3", unit="unit", counted_item="doses")
    assert ask(heroin, country, "1").status == "unit_mismatch"


def test_no_line_for_the_substance_is_no_answer_unless_the_law_ignores_amounts(country, lsd):
    SanctionFactory(country=country, band_from=None, band_to=None, condition="any", liability="criminal")
    assert ask(lsd, country, "1").status == "no_table"
    rule = IndicatorFactory(slug="quantity-rule", name_en="Quantity rule for possession")
    Assessment.objects.create(country=country, indicator=rule,
                              value=IndicatorValueFactory(indicator=rule, slug="any-amount", label_en="Any amount"))
    answer = ask(lsd, country, "1")
    assert (answer.status, answer.liability) == ("any_amount", "criminal")


def test_a_table_not_yet_in_force_does_not_answer(country, lsd):
    table(country, lsd, "1", "10", valid_from=date(2030, 1, 1))
    assert ask(lsd, country, "5").status == "no_table"


def test_illustrative_and_court_limits_never_decide(country, lsd):
    table(country, lsd, "1", kind="illustrative")
    table(country, lsd, "2", kind="court_limit")
    assert ask(lsd, country, "5").status == "no_table"


def test_check_data_fails_on_a_possession_sanction_without_its_condition(capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    SanctionFactory(condition="")
    with pytest.raises(CommandError):
        call_command("check_data")
    assert "does not say whom it applies to" in capsys.readouterr().err
