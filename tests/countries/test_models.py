from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from countries.dates import Precision, display_date, parse_source_year
from countries.models import Country, IndicatorValue
from tests.factories import AssessmentFactory, CountryFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def test_country_codes_must_come_from_iso_3166():
    with pytest.raises(ValidationError) as error:
        Country(iso2="QQ", iso3="QQQ", name_en="Nowhere", name_ru="Нигде", slug="nowhere", subregion="other").full_clean()
    assert "iso2" in error.value.message_dict


def test_country_alpha3_must_match_alpha2():
    with pytest.raises(ValidationError) as error:
        Country(iso2="FR", iso3="FRX", name_en="France", name_ru="Франция", slug="france-x", subregion="other").full_clean()
    assert "iso3" in error.value.message_dict


def test_kosovo_user_assigned_code_is_accepted():
    kosovo = CountryFactory(iso2="XK")
    kosovo.full_clean()
    assert kosovo.iso3 == "XKX"


def test_assessment_value_must_belong_to_its_indicator():
    foreign_value = IndicatorValueFactory()
    with pytest.raises(ValidationError) as error:
        AssessmentFactory.build(value=foreign_value).full_clean()
    assert "value" in error.value.message_dict


def test_indicator_value_colour_must_be_hex():
    value = IndicatorValueFactory.build(colour="red", indicator=IndicatorFactory())
    with pytest.raises(ValidationError):
        value.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=value.indicator, slug="x", label_en="x", rank=99, colour="red")


def test_assessment_validity_must_not_end_before_start():
    with pytest.raises(ValidationError):
        AssessmentFactory.build(valid_from=date(2020, 1, 1), valid_to=date(2019, 1, 1)).full_clean()


@pytest.mark.parametrize(
    ("text", "expected_year", "precision", "shown"),
    [
        ("2012", 2012, Precision.YEAR, "2012"),
        ("c.2022-2023", 2023, Precision.APPROXIMATE, "c. 2023"),
        ("n.d. (c.2021-2023)", 2023, Precision.APPROXIMATE, "c. 2023"),
        ("2019-2021", 2021, Precision.YEAR, "2021"),
        ("n.d.", None, Precision.UNDATED, "undated"),
    ],
)
def test_source_years_keep_their_precision(text, expected_year, precision, shown):
    value, got_precision = parse_source_year(text)
    assert (value.year if value else None) == expected_year
    assert got_precision == precision
    assert display_date(value, got_precision) == shown


def test_the_current_assessment_is_the_latest_in_force_with_undated_as_oldest():
    from countries.models import Assessment

    indicator = IndicatorFactory()
    value = IndicatorValueFactory(indicator=indicator)
    undated = AssessmentFactory(indicator=indicator, value=value, as_of=None)
    dated = AssessmentFactory(indicator=indicator, value=value, as_of=date(2020, 1, 1))
    AssessmentFactory(indicator=indicator, value=value, as_of=date(2024, 1, 1), valid_to=date(2023, 1, 1),
                      valid_from=date(2022, 1, 1))  # ended before the date asked for
    key = (dated.country_id, indicator.pk)
    mine = Assessment.objects.filter(indicator=indicator)
    assert mine.current(date(2025, 1, 1))[key] == dated
    assert mine.current(date(2022, 6, 1))[key].as_of == date(2024, 1, 1)
    assert mine.filter(pk=undated.pk).current(date(2025, 1, 1))[key] == undated
    twin = AssessmentFactory(indicator=indicator, value=value, as_of=date(2020, 1, 1))
    assert mine.current(date(2025, 1, 1))[key] == twin  # same date: the newer record


def test_country_codes_are_read_one_way_everywhere():
    from countries.models import country_code, country_codes

    assert country_code(" ua ") == "UA"
    assert country_codes("ua, md,,KZ ") == ["UA", "MD", "KZ"]
    assert country_codes(" , ") == []


def test_approximate_and_missing_dates_read_in_russian():
    from django.utils import translation

    with translation.override("ru"):
        assert display_date(date(2018, 1, 1), Precision.APPROXIMATE) == "ок. 2018"
        assert display_date(None, Precision.UNDATED) != "undated"
