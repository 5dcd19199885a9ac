from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from legislation.models import Law, Sanction, Threshold
from tests.factories import ArticleFactory, LawFactory, SanctionFactory, ThresholdFactory

pytestmark = pytest.mark.django_db


def test_threshold_rejects_non_positive_amount():
    threshold = ThresholdFactory.build(amount=Decimal("0"), law=LawFactory())
    with pytest.raises(ValidationError) as error:
        threshold.full_clean()
    assert "amount" in error.value.message_dict


def test_threshold_database_refuses_negative_amount():
    threshold = ThresholdFactory()
    threshold.amount = Decimal("-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        threshold.save()


def test_threshold_rejects_tiers_out_of_order():
    law = LawFactory()
    ThresholdFactory(law=law, tier=1, amount=Decimal("5"))
    larger_tier_smaller_amount = ThresholdFactory.build(law=law, tier=2, amount=Decimal("2"), term="large")
    with pytest.raises(ValidationError) as error:
        larger_tier_smaller_amount.full_clean()
    assert "tier" in error.value.message_dict


def test_threshold_accepts_tiers_in_order_and_ignores_other_periods():
    law = LawFactory()
    ThresholdFactory(law=law, tier=1, amount=Decimal("5"), valid_from=date(2000, 1, 1), valid_to=date(2005, 1, 1))
    ThresholdFactory(
        law=law, tier=2, amount=Decimal("50"), term="large", valid_from=date(2000, 1, 1), valid_to=date(2005, 1, 1)
    ).full_clean()
    # A later small tier above an expired large one is no contradiction: they never applied together.
    ThresholdFactory.build(law=law, tier=1, amount=Decimal("60"), valid_from=date(2006, 1, 1)).full_clean()


def test_threshold_rejects_validity_ending_before_start():
    threshold = ThresholdFactory.build(law=LawFactory(), valid_from=date(2012, 1, 1), valid_to=date(2011, 1, 1))
    with pytest.raises(ValidationError) as error:
        threshold.full_clean()
    assert "valid_to" in error.value.message_dict


def test_threshold_database_refuses_validity_ending_before_start():
    threshold = ThresholdFactory()
    threshold.valid_to = date(2000, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        threshold.save()


def test_threshold_rejects_range_upper_end_below_lower():
    threshold = ThresholdFactory.build(law=LawFactory(), amount=Decimal("15"), amount_max=Decimal("1.5"))
    with pytest.raises(ValidationError):
        threshold.full_clean()


def test_threshold_rejects_article_of_another_law():
    threshold = ThresholdFactory.build(law=LawFactory(), article=ArticleFactory())
    with pytest.raises(ValidationError) as error:
        threshold.full_clean()
    assert "article" in error.value.message_dict


@pytest.mark.parametrize(
    ("side", "quantity", "crossed"),
    [
        (Threshold.Side.BELOW, "0.5", False),  # "more than 0.5 g": 0.5 g itself stays below the line
        (Threshold.Side.BELOW, "0.51", True),
        (Threshold.Side.ABOVE, "0.5", True),  # "from 0.5 g": 0.5 g is already above
        (Threshold.Side.ABOVE, "0.49", False),
    ],
)
def test_threshold_side_decides_where_the_amount_itself_falls(side, quantity, crossed):
    threshold = Threshold(amount=Decimal("0.5"), amount_in=side)
    assert threshold.crossed_by(Decimal(quantity)) is crossed


def test_threshold_counted_units_display_the_item():
    threshold = Threshold(amount=Decimal("4"), unit="unit", counted_item="tablets", amount_in=Threshold.Side.BELOW)
    assert threshold.amount_display == "4 tablets"


def test_sanction_rejects_inverted_ranges():
    for field, low, high in (("fine", 500, 100), ("prison_months", 36, 12), ("band", 2, 1)):
        sanction = SanctionFactory.build(**{f"{field}_{'min' if field != 'band' else 'from'}": low,
                                            f"{field}_{'max' if field != 'band' else 'to'}": high})
        with pytest.raises(ValidationError):
            sanction.full_clean(exclude=["alternatives", "citations"])


def test_sanction_rejects_band_beyond_three_lines():
    sanction = SanctionFactory.build(band_from=4, band_to=None)
    with pytest.raises(ValidationError):
        sanction.full_clean()


def test_sanction_with_penalty_cannot_carry_no_liability():
    sanction = SanctionFactory.build(liability=Sanction.Liability.NONE, fine_max=Decimal("100"))
    with pytest.raises(ValidationError) as error:
        sanction.full_clean()
    assert "liability" in error.value.message_dict


def test_sanction_band_covers_amounts_between_lines():
    sanction = Sanction(band_from=1, band_to=2)
    assert [sanction.applies_to_band(b) for b in range(4)] == [False, True, True, False]
    assert Sanction(band_from=1, band_to=None).applies_to_band(3)


def test_law_repealed_needs_repeal_date_and_in_force_has_none():
    with pytest.raises(ValidationError):
        LawFactory.build(status=Law.Status.REPEALED, valid_to=None).full_clean()
    with pytest.raises(ValidationError):
        LawFactory.build(status=Law.Status.IN_FORCE, valid_to=date(2020, 1, 1)).full_clean()
    LawFactory.build(status=Law.Status.REPEALED, valid_to=date(2020, 1, 1)).full_clean()


def test_facts_in_force_follow_validity_dates():
    law = LawFactory()
    old = ThresholdFactory(law=law, amount=Decimal("1"), valid_from=date(2000, 1, 1), valid_to=date(2010, 1, 1))
    new = ThresholdFactory(law=law, amount=Decimal("2"), valid_from=date(2010, 1, 1))
    mine = Threshold.objects.filter(law=law)
    assert list(mine.in_force(date(2005, 6, 1))) == [old]
    assert list(mine.in_force(date(2010, 1, 1))) == [new]
    assert list(mine.in_force()) == [new]


def test_threshold_edit_keeps_history_with_earlier_value():
    threshold = ThresholdFactory(amount=Decimal("1"))
    threshold.amount = Decimal("2")
    threshold.save()
    history = threshold.history.order_by("history_date")
    assert history.first().amount == Decimal("1")
    assert history.last().amount == Decimal("2")


def test_amounts_follow_the_readers_language():
    from django.utils import translation

    from legislation.models import Threshold

    line = Threshold(amount=Decimal("12345.25"), unit="g", amount_in="below")
    with translation.override("en"):
        assert line.amount_display == "12345.25 g"
    with translation.override("ru"):
        assert line.amount_display == "12 345,25 г"


def test_choice_labels_follow_the_language_and_unknown_values_show_as_stored():
    from django.utils import translation

    from legislation.models import Threshold

    with translation.override("en"):
        assert Threshold(unit="g").get_unit_display() == "g"
    with translation.override("ru"):
        assert Threshold(unit="g").get_unit_display() == "г"
    assert Threshold(unit="furlong").get_unit_display() == "furlong"


def test_a_law_reference_follows_the_readers_language():
    from django.utils import translation

    from legislation.models import Law

    plain, worded = Law(reference="No. 2341-III"), Law(reference="Act C of 2012", reference_ru="Закон C 2012 года")
    assert (plain.reference_display, worded.reference_display) == ("No. 2341-III", "Act C of 2012")
    with translation.override("ru"):
        assert (plain.reference_display, worded.reference_display) == ("№ 2341-III", "Закон C 2012 года")
