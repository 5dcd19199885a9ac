from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import LawFactory, ThresholdFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def test_check_data_passes_on_bundled_data(capsys):
    call_command("check_data")
    out = capsys.readouterr().out
    assert "RU Russia" in out and "Data checks passed." in out
    assert "heroin 3" in out


def test_check_data_fails_on_uncited_fact():
    ThresholdFactory(citations=[])
    with pytest.raises(CommandError):
        call_command("check_data")


def test_check_data_fails_on_tiers_out_of_order():
    law = LawFactory()
    ThresholdFactory(law=law, tier=1, amount=Decimal("5"))
    ThresholdFactory(law=law, tier=2, amount=Decimal("2"), term="large")  # saved without full_clean, as a raw import might
    with pytest.raises(CommandError, match="problem"):
        call_command("check_data")


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
    # A real record of the bundled data loses its Russian text (and gets an English one where it had none).
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
