from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from legislation.models import Alternative, Sanction, Substance
from recommendations.models import Addressee, ReportNote, Theme
from tests.factories import (
    AssessmentFactory,
    CitationFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LawFactory,
    ProgressFactory,
    SanctionFactory,
    SourceFactory,
    SubstanceFactory,
    ThresholdFactory,
    bundled_country,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_data")]


def cited(country, **kwargs):
    """A citation quoting English, with its Russian rendering."""
    return [CitationFactory(country=country, quote_en="Possession of a small quantity is an administrative offence.",
                            quote_ru="Хранение небольшого количества — административное правонарушение.", **kwargs)]


@pytest.fixture
def clean_data():
    """A focus country with a possession status, a law, two thresholds (one cited in Russian), two sanctions (one
    fined in a unit that is not a currency) and a progress record, and one record of each kind of vocabulary, every
    shown text with its Russian: data that passes every check."""
    ukraine = bundled_country("UA")
    heroin = SubstanceFactory(slug="heroin", name_en="Heroin", name_ru="Героин", category=Substance.Category.OPIOID)
    possession = IndicatorFactory(slug="possession-personal-use", name_en="Possession for personal use",
                                  name_ru="Хранение для личного употребления",
                                  description_en="How the law treats possession for personal use.",
                                  description_ru="Как закон относится к хранению для личного употребления.")
    administrative = IndicatorValueFactory(indicator=possession, slug="administrative", label_en="Administrative offence",
                                           label_ru="Административное правонарушение")
    AssessmentFactory(country=ukraine, indicator=possession, value=administrative, citations=cited(ukraine))
    law = LawFactory(country=ukraine, citations=cited(ukraine))
    ThresholdFactory(country=ukraine, substance=heroin, law=law, citations=cited(ukraine))
    russian_quote = CitationFactory(country=ukraine, quote="Хранение наркотических средств в крупном размере",
                                    quote_language="ru")
    ThresholdFactory(country=ukraine, substance=heroin, law=law, tier=2, term="large", term_ru="крупный размер",
                     amount=Decimal("10"), citations=[russian_quote])
    SanctionFactory(country=ukraine, law=law, citations=cited(ukraine))
    SanctionFactory(country=ukraine, law=law, liability=Sanction.Liability.CRIMINAL, band_from=1, band_to=None,
                    fine_unit="conventional units", fine_unit_ru="условных единиц", citations=cited(ukraine))
    progress = ProgressFactory(country=ukraine, citations=cited(ukraine))
    ReportNote.objects.create(source=progress.recommendation.source, note_en="Only the summary was published.",
                              note_ru="Опубликовано только резюме.")
    Alternative.objects.create(slug="treatment", name_en="Treatment", name_ru="Лечение")
    Theme.objects.create(slug="ost", name_en="Opioid substitution therapy", name_ru="Заместительная терапия")
    Addressee.objects.create(slug="donors", name_en="Donors", name_ru="Доноры")
    SourceFactory()  # a source nothing cites yet


def test_check_data_passes_on_data_without_problems(capsys):
    call_command("check_data")
    out = capsys.readouterr().out
    assert "UA Ukraine" in out and "Data checks passed." in out
    assert "heroin 2" in out


def test_check_data_fails_on_uncited_fact(capsys):
    threshold = ThresholdFactory(citations=[], tier=3, term="especially large", term_ru="особо крупный размер",
                                 amount=Decimal("100"))
    with pytest.raises(CommandError):
        call_command("check_data")
    assert f"threshold {threshold.pk} ({threshold}) has no citation." in capsys.readouterr().err


def test_check_data_fails_on_tiers_out_of_order(capsys):
    law = LawFactory()
    ThresholdFactory(law=law, tier=1, amount=Decimal("5"))
    ThresholdFactory(law=law, tier=2, amount=Decimal("2"), term="large")  # saved without full_clean, as a raw import might
    with pytest.raises(CommandError, match="problem"):
        call_command("check_data")
    assert "tiers out of order" in capsys.readouterr().err


def test_check_data_fails_on_undisputed_contradiction(capsys):
    law = LawFactory()
    ThresholdFactory(law=law, tier=1, amount=Decimal("5"))
    ThresholdFactory(law=law, tier=1, amount=Decimal("6"))
    with pytest.raises(CommandError):
        call_command("check_data")
    assert "contradicting thresholds" in capsys.readouterr().err


# Every kind of text a public page shows in the reader's language: (model, English field, Russian field).
RUSSIAN_FIELDS = [
    ("legislation.Law", "title_en", "title_ru"), ("legislation.Law", "summary_en", "summary_ru"),
    ("legislation.Law", "note_en", "note_ru"),
    ("legislation.Threshold", "term", "term_ru"), ("legislation.Threshold", "substance_form", "substance_form_ru"),
    ("legislation.Threshold", "counted_item", "counted_item_ru"), ("legislation.Threshold", "note_en", "note_ru"),
    ("legislation.Sanction", "penalty_summary", "penalty_summary_ru"),
    ("legislation.Sanction", "offence_detail", "offence_detail_ru"),
    ("legislation.Sanction", "condition_detail_en", "condition_detail_ru"),
    ("legislation.Sanction", "alternatives_note", "alternatives_note_ru"), ("legislation.Sanction", "note_en", "note_ru"),
    ("countries.Assessment", "evidence", "evidence_ru"), ("countries.Assessment", "note_en", "note_ru"),
    ("recommendations.Progress", "evidence", "evidence_ru"), ("recommendations.Progress", "note_en", "note_ru"),
    ("recommendations.Recommendation", "summary_en", "summary_ru"),
    ("recommendations.ReportNote", "note_en", "note_ru"), ("recommendations.ReportNote", "inferred_en", "inferred_ru"),
    ("countries.Country", "name_en", "name_ru"), ("countries.Country", "summary_en", "summary_ru"),
    ("countries.Indicator", "name_en", "name_ru"), ("countries.Indicator", "description_en", "description_ru"),
    ("countries.IndicatorValue", "label_en", "label_ru"),
    ("legislation.Substance", "name_en", "name_ru"), ("legislation.Alternative", "name_en", "name_ru"),
    ("recommendations.Theme", "name_en", "name_ru"), ("recommendations.Addressee", "name_en", "name_ru"),
]


@pytest.mark.parametrize(("label", "english", "russian"), RUSSIAN_FIELDS)
def test_check_data_fails_when_a_shown_text_has_no_russian(capsys, label, english, russian):
    from django.apps import apps

    model = apps.get_model(label)
    records = model.objects.all()
    if any(f.name == "published" for f in model._meta.get_fields()):
        records = records.filter(published=True)
    if label == "countries.Country":
        records = records.filter(focus_region=True)
    record = records.order_by("pk").first()
    assert record is not None
    # A record that passed the checks loses its Russian text (and gets an English one where it had none).
    english_text = getattr(record, english) or "Shown to readers in English"
    model.objects.filter(pk=record.pk).update(**{english: english_text, russian: ""})
    with pytest.raises(CommandError):
        call_command("check_data")
    err = capsys.readouterr().err
    assert any(f" {record.pk} (" in line and line.endswith(f"has no Russian {russian}.") for line in err.splitlines()), err


def test_check_data_fails_when_a_known_gap_has_no_russian_reason(capsys):
    from countries.models import Country

    country = Country.objects.filter(focus_region=True).order_by("iso2").first()
    Country.objects.filter(pk=country.pk).update(
        gaps=[*country.gaps, {"topic": "laws", "reason_en": "No text found", "reason_ru": ""}])
    with pytest.raises(CommandError):
        call_command("check_data")
    assert f"country {country.iso2}: the known gap “laws” has no Russian reason_ru." in capsys.readouterr().err


def _shown_citation(*, russian: bool):
    from countries.models import Citation

    citations = Citation.objects.filter(thresholds__published=True).order_by("pk")
    citations = citations.filter(quote_language="ru") if russian else citations.exclude(quote_language="ru")
    citation = citations.first()
    assert citation is not None
    return citation


def test_check_data_fails_when_a_quotation_in_another_language_has_no_russian_rendering(capsys):
    from countries.models import Citation

    citation = _shown_citation(russian=False)
    assert citation.quote_ru and citation.quote_en
    Citation.objects.filter(pk=citation.pk).update(quote_ru="")  # the English rendering alone is not enough
    with pytest.raises(CommandError):
        call_command("check_data")
    err = capsys.readouterr().err
    assert any(f"citation {citation.pk} (" in line and line.endswith("has no Russian quote_ru.")
               for line in err.splitlines()), err


def test_check_data_accepts_a_russian_quotation_as_its_own_rendering(capsys):
    from countries.models import Citation

    citation = _shown_citation(russian=True)
    Citation.objects.filter(pk=citation.pk).update(quote_ru="")
    call_command("check_data")
    assert "Data checks passed." in capsys.readouterr().out


def test_check_data_fails_when_a_shown_citation_has_a_locator_and_no_russian_locator(capsys):
    from countries.models import Citation

    citation = Citation.objects.filter(thresholds__published=True).exclude(locator="").order_by("pk").first()
    assert citation is not None and citation.locator_ru
    Citation.objects.filter(pk=citation.pk).update(locator_ru="")
    with pytest.raises(CommandError):
        call_command("check_data")
    err = capsys.readouterr().err
    assert any(f"citation {citation.pk} (" in line and line.endswith("has no Russian locator_ru.")
               for line in err.splitlines()), err


def test_check_data_accepts_a_citation_without_a_locator(capsys):
    from countries.models import Citation

    citation = Citation.objects.filter(thresholds__published=True).exclude(locator="").order_by("pk").first()
    Citation.objects.filter(pk=citation.pk).update(locator="", locator_ru="")
    call_command("check_data")
    assert "Data checks passed." in capsys.readouterr().out


def test_check_data_fails_when_a_quotation_is_tagged_with_a_language_of_another_script(capsys):
    """An English quotation tagged Russian would leave Russian readers without a rendering."""
    from countries.models import Citation

    citation = Citation.objects.filter(thresholds__published=True, quote_language="en").order_by("pk").first()
    assert citation is not None
    Citation.objects.filter(pk=citation.pk).update(quote_language="ru")
    with pytest.raises(CommandError):
        call_command("check_data")
    err = capsys.readouterr().err
    assert any(f"citation {citation.pk} (" in line and "is tagged ru but its quote is in another script" in line
               for line in err.splitlines()), err


def test_check_data_fails_when_a_fine_unit_that_is_not_a_currency_has_no_russian(capsys):
    from legislation.models import Sanction

    sanction = Sanction.objects.published().exclude(fine_unit_ru="").order_by("pk").first()
    assert sanction is not None
    Sanction.objects.filter(pk=sanction.pk).update(fine_unit_ru="")
    with pytest.raises(CommandError):
        call_command("check_data")
    assert f"sanction {sanction.pk} (" in capsys.readouterr().err


def test_check_data_needs_no_russian_for_a_currency_code(capsys):
    from legislation.models import Sanction

    Sanction.objects.published().exclude(fine_unit_ru="").update(fine_unit="EUR", fine_unit_ru="")
    Sanction.objects.published().filter(fine_unit="").update(fine_unit="HRK")
    call_command("check_data")
    assert "Data checks passed." in capsys.readouterr().out
