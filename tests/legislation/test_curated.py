"""The curated country files: their checks, and how they load (with a directory of files written by each test)."""

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from countries.loading import Tally
from countries.models import Assessment, Citation, Source
from legislation.curated import CuratedDataError, CuratedLoader, quote_language
from legislation.curated_schema import check_directory, parse_date, progress_locator_problems, read_locators
from legislation.models import Law, Sanction, Substance, Threshold
from tests.factories import IndicatorFactory, IndicatorValueFactory, SubstanceFactory, ThresholdFactory, bundled_country

GOOD = textwrap.dedent("""
    country: MD
    sources:
      - id: md-test-act
        title: "Hotărârea Guvernului nr. 79"
        url: https://www.legis.md/cautare/getResults?doc_id=1
        kind: legal_text
        date: 2023-05
      - id: md-test-blog
        title: "A blog"
        url: https://blog.example.net/post
        kind: website
        undated_reason: "the page states no date"
    laws:
      - id: md-gd-79
        title_original: "Hotărârea Guvernului nr. 79"
        original_language: ro
        title_en: "Government Decision No. 79 (test)"
        title_ru: "Постановление Правительства № 79 (тест)"
        kind: government_decree
        reference: "No. 79"
        adopted_on: 2006-01-23
        status: in_force
        articles:
          - {number: "85", title_en: "Illegal possession", title_ru: "Незаконное хранение"}
    thresholds:
      - substance: heroin
        law: md-gd-79
        basis: unspecified
        unit: g
        tiers:
          - {rank: 1, term: "cantitate mică", term_en: "small quantity", term_ru: "малое количество", amount: 0.1, side: below, as_stated: "până la 0,1"}
          - {rank: 2, term: "cantitate mare", term_en: "large quantity", term_ru: "крупное количество", amount: 5, side: below}
        cite: {source: md-test-act, locator: "annex", locator_ru: "приложение", quote: "Heroină 0,1 5", quote_en: "Heroin 0.1 5"}
    sanctions:
      - offence: possession_personal
        condition: first
        bands: [0, 0]
        liability: administrative
        law: md-gd-79
        article: "85"
        fine: {min: 40, max: 60, unit: conventional units, unit_ru: условных единиц}
        summary_en: "Fine of 40-60 conventional units"
        summary_ru: "Штраф 40–60 условных единиц"
        cite: {source: md-test-act, locator: "second paragraph", quote: "amendă de la 40 la 60 de unități convenționale", quote_en: "a fine of 40 to 60 conventional units"}
      - offence: possession_personal
        condition: repeat
        condition_en: "repeated within a year"
        condition_ru: "повторно в течение года"
        bands: [0, 0]
        liability: criminal
        summary_en: "Unverified claim"
        summary_ru: "Непроверенное утверждение"
        cite: {source: md-test-blog, quote: "prison", quote_en: "prison"}
    status:
      possession: criminal-above-threshold
      use: administrative
      as_of: 2023
      evidence_en: "Small quantities are a contravention; larger ones a crime."
      evidence_ru: "Малое количество — правонарушение, большее — преступление."
      note_en: "A public caveat."
      note_ru: "Публичная оговорка."
      editor_note: "PRIVATE WORKING NOTE"
      cite: {source: md-test-act, quote: "Heroină 0,1 5", quote_en: "Heroin 0.1 5"}
""")


@pytest.fixture
def vocabulary(db):
    """What a country file refers to: its country, heroin, and the possession and drug-use indicators' values."""
    bundled_country("MD")
    SubstanceFactory(slug="heroin", name_en="Heroin", name_ru="Героин", category=Substance.Category.OPIOID)
    possession = IndicatorFactory(slug="possession-personal-use", name_en="Possession for personal use")
    IndicatorValueFactory(indicator=possession, slug="criminal-above-threshold", label_en="Crime above a threshold")
    IndicatorValueFactory(indicator=possession, slug="administrative", label_en="Administrative offence")
    use = IndicatorFactory(slug="drug-use", name_en="Drug use")
    IndicatorValueFactory(indicator=use, slug="administrative", label_en="Administrative offence")


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(tmp_path, text: str, name: str = "md.yaml") -> list[str]:
    write(tmp_path, name, text)
    return check_directory(tmp_path)[1]


def test_good_file_passes_its_checks(tmp_path):
    assert problems_for(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("quote_en: \"Heroin 0.1 5\"}", "}"), "'quote_en' is required"),
        (("quote: \"Heroină 0,1 5\"", "quote: \"" + "cuvânt " * 31 + "\""), "at most 30"),
        (("date: 2023-05", "date: 2090-01"), "in the future"),
        (("date: 2023-05", "date: 23.05.2023"), "is not a date"),
        (("amount: 5, side", "amount: 0.05, side"), "tiers out of order"),
        (("kind: legal_text", "kind: blog"), "is not one of"),
        (("condition: first", "condition: sometimes"), "is not one of"),
        (("condition_en: \"repeated within a year\"", "offence_en: \"repeated\""), "needs condition_en and condition_ru"),
        (("undated_reason: \"the page states no date\"", "publisher: x"), "undated_reason"),
        (("source: md-test-act, locator", "source: nowhere, locator"), "not defined"),
        (("article: \"85\"", "article: \"86\""), "not listed"),
        (("url: https://blog.example.net/post", "url: http://10.1.2.3/wiki"), "raw IP"),
        (("editor_note: \"PRIVATE WORKING NOTE\"", "remarks: x"), "unknown key 'remarks'"),
        (("locator: \"annex\", locator_ru: \"приложение\"", "locator: \"annex\""),
         "md.yaml thresholds[1] heroin cite 1: locator 'annex' has no Russian rendering: add it to "
         "fixtures/data/locators_ru.yaml or give the citation its own locator_ru"),
        (("locator: \"annex\", locator_ru", "locator_ru"), "locator_ru without a locator"),
        (("quote: \"prison\"", "quote: \"prison\", quote_language: english"), "not an ISO 639-1 code"),
        ((", unit_ru: условных единиц}", "}"), "fine unit 'conventional units' is not a currency code: give its Russian"),
    ],
)
def test_bad_file_gets_a_clear_problem(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    problems = problems_for(tmp_path, GOOD.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(("quote", "iso2", "expected"), [
    ("In Russia, [...] the government’s punitive policies and practices towards drug use continues", "RU", "en"),
    ("“Possession for personal use” is an offence – a crime above the threshold", "MD", "en"),
    ("Хранение без цели сбыта", "RU", "ru"),
    ("Il semplice possesso, anche in quantità minime", "AL", "sq"),
])
def test_quote_language_ignores_typographic_punctuation(quote, iso2, expected):
    assert quote_language(quote, iso2) == expected


def test_a_declared_quote_language_wins_over_the_guess():
    # A German page about Czech law: nothing in the words tells the guess it is not Czech.
    quote = "Haschisch | mehr als 5 Gramm | 1 Gramm"
    assert quote_language(quote, "CZ") == "cs"
    assert quote_language(quote, "CZ", "de") == "de"


@pytest.mark.parametrize(("quote", "iso2", "expected"), [
    # English with a euro sign or a diaeresis is still English, whatever the country.
    ("punishable with a fine up to 600 € or correctional work in the same amount", "KZ", "en"),
    ("The sanction prescribed with Article 215 is far from naïve", "MK", "en"),
    ("Possession of a small quantity of drugs is considered an administrative offence in Moldova", "MD", "en"),
    # A Latin-script quotation from a country whose laws are in Cyrillic is in its Latin-script language.
    ("Şu Kanun 2023-nji ýylyň 1-nji ýanwaryndan herekete girizilýär.", "TM", "tk"),
    ("50 gr deıin — marıhýana, 5 gr deıin — gashısh", "KZ", "kk"),
    # Words shared with the region's languages ("a", "in", "to") do not make a quotation English.
    ("Nedidelis kiekis (ne daugiau kaip)", "LT", "lt"),
    ("Posiadanie środków odurzających w ilości nieznacznej na własny użytek", "PL", "pl"),
])
def test_quote_language_tells_english_from_the_regions_latin_script_languages(quote, iso2, expected):
    assert quote_language(quote, iso2) == expected


@pytest.mark.django_db
def test_a_citation_keeps_its_declared_quote_language(tmp_path, vocabulary):
    text = GOOD.replace('quote: "prison", quote_en', 'quote: "prison", quote_language: en, quote_en', 1)
    write(tmp_path, "md.yaml", text)
    CuratedLoader(Tally(), directory=tmp_path).load()
    assert Citation.objects.get(quote="prison").quote_language == "en"
    assert Citation.objects.filter(quote="Heroină 0,1 5").values_list("quote_language", flat=True).distinct().get() == "ro"


def test_dates_keep_their_precision():
    assert parse_date("2012").precision == "year"
    assert parse_date("2012-10").precision == "month"
    assert parse_date("c. 2012").precision == "approximate"
    assert parse_date("2012-10-01").precision == "day"


@pytest.mark.django_db
def test_loading_a_country_file_replaces_its_raw_rows_and_keeps_grades(tmp_path, vocabulary):
    moldova = bundled_country("MD")
    ThresholdFactory(country=moldova, law__country=moldova, source_row="thresholds.csv row 7")  # from the raw tables
    raw_before = Threshold.objects.filter(country__iso2="MD").exclude(source_row__startswith="md.yaml").count()
    assert raw_before == 1
    write(tmp_path, "md.yaml", GOOD)
    CuratedLoader(Tally(), directory=tmp_path).load()

    thresholds = Threshold.objects.filter(country__iso2="MD")
    assert raw_before == 0 or not thresholds.exclude(source_row__startswith="md.yaml").exists()
    small = thresholds.get(substance__slug="heroin", tier=1)
    assert (small.amount, small.amount_in, small.term, small.term_ru) == (Decimal("0.1"), "below", "cantitate mică", "малое количество")
    assert small.law.title_ru == "Постановление Правительства № 79 (тест)" and small.law.reference == "No. 79"
    assert small.published and small.citations.get().source.grade == "A"
    assert small.citations.get().quote_en == "Heroin 0.1 5"

    first = Sanction.objects.get(country__iso2="MD", condition="first")
    assert (first.fine_min, first.fine_max, first.article.number, first.penalty_summary_ru) == (
        Decimal("40"), Decimal("60"), "85", "Штраф 40–60 условных единиц")
    assert (first.fine_unit, first.fine_unit_ru) == ("conventional units", "условных единиц")
    with translation.override("ru"):
        assert first.fine_display == "40–60 условных единиц"
    assert first.fine_display == "40–60 conventional units"
    # A fact resting only on an unverified (grade D) source is kept for editors but never published.
    repeat = Sanction.objects.get(country__iso2="MD", condition="repeat")
    assert not repeat.published and repeat.citations.get().source.grade == "D"

    status = Assessment.objects.get(country__iso2="MD", indicator__slug="possession-personal-use")
    assert status.value.slug == "criminal-above-threshold" and status.evidence_ru.startswith("Малое")
    assert (status.note, status.note_en) == ("PRIVATE WORKING NOTE", "A public caveat.")
    assert Source.objects.get(slug="md-test-blog").undated_reason == "the page states no date"


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_a_removed_entry_goes(tmp_path, vocabulary):
    write(tmp_path, "md.yaml", GOOD)
    CuratedLoader(Tally(), directory=tmp_path).load()
    again = Tally()
    CuratedLoader(again, directory=tmp_path).load()
    assert again.created == {} and again.updated == {}

    start = GOOD.index("  - offence: possession_personal\n    condition: repeat")
    end = GOOD.index("\nstatus:\n") + 1
    without_repeat = GOOD[:start] + GOOD[end:]
    write(tmp_path, "md.yaml", without_repeat)
    CuratedLoader(Tally(), directory=tmp_path).load()
    assert not Sanction.objects.filter(country__iso2="MD", condition="repeat").exists()
    assert Sanction.objects.filter(country__iso2="MD", condition="first").exists()


@pytest.mark.django_db
def test_a_file_that_fails_its_checks_loads_nothing(tmp_path, vocabulary):
    write(tmp_path, "md.yaml", GOOD.replace("kind: legal_text", "kind: blog"))
    before = Citation.objects.count()
    with pytest.raises(CuratedDataError, match="is not one of"):
        CuratedLoader(Tally(), directory=tmp_path).load()
    assert Citation.objects.count() == before
    assert not Law.objects.filter(title_en="Government Decision No. 79 (test)").exists()


def test_a_new_locator_needs_its_russian_in_the_list_or_the_citation(tmp_path):
    """A locator the list does not hold is refused until the list or the citation gives its Russian."""
    text = GOOD.replace('locator: "second paragraph"', 'locator: "annex, note 7"')
    problems = problems_for(tmp_path, text)
    assert problems == ["md.yaml sanctions[1] cite 1: locator 'annex, note 7' has no Russian rendering: add it to "
                        "fixtures/data/locators_ru.yaml or give the citation its own locator_ru"]
    locators = write(tmp_path / "elsewhere", "locators.yaml", "annex, note 7: приложение, примечание 7\n")
    assert check_directory(tmp_path, locators_file=locators)[1] == []
    with_own = text.replace('locator: "annex, note 7"', 'locator: "annex, note 7", locator_ru: "приложение, примечание 7"')
    assert problems_for(tmp_path, with_own) == []


def test_a_malformed_locator_list_is_reported(tmp_path):
    locators = write(tmp_path, "locators.yaml", "second paragraph: ''\n")
    write(tmp_path / "countries", "md.yaml", GOOD)
    problems = check_directory(tmp_path / "countries", locators_file=locators)[1]
    assert any("locators.yaml: 'second paragraph': a locator and its Russian rendering are both non-empty text" in p
               for p in problems), problems


def test_the_validator_refuses_a_locator_without_russian(tmp_path, capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location("validate_curated", Path(__file__).parents[2] / "tools" / "validate_curated.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    path = write(tmp_path, "md.yaml", GOOD.replace('locator: "second paragraph"', 'locator: "annex, note 7"'))
    assert tool.main([str(path)]) == 1
    assert "md.yaml sanctions[1] cite 1: locator 'annex, note 7' has no Russian rendering" in capsys.readouterr().out
    assert tool.main([]) == 0


def test_every_progress_citation_locator_needs_its_russian(tmp_path):
    progress = write(tmp_path, "progress.yaml", textwrap.dedent("""
        progress:
        - country: MD
          recommendation: {source: kyiv-2016-alternatives, ref: "§6 ¶3"}
          cite:
          - {source: md-test-act, locator: "second paragraph", quote: "x", quote_en: "x"}
          - {source: md-test-act, locator: "annex, note 7", quote: "x", quote_en: "x"}
          - {source: md-test-act, locator: "annex, note 8", locator_ru: "приложение, примечание 8", quote: "x", quote_en: "x"}
    """))
    assert progress_locator_problems(progress, read_locators()) == [
        "progress.yaml progress record MD kyiv-2016-alternatives §6 ¶3 cite 2: locator 'annex, note 7' has no Russian "
        "rendering: add it to fixtures/data/locators_ru.yaml or give the citation its own locator_ru"]


@pytest.mark.django_db
def test_a_citation_takes_its_own_locator_ru_or_the_lists(tmp_path, vocabulary):
    write(tmp_path, "md.yaml", GOOD)
    CuratedLoader(Tally(), directory=tmp_path).load()
    small = Threshold.objects.get(country__iso2="MD", substance__slug="heroin", tier=1)
    assert (small.citations.get().locator, small.citations.get().locator_ru) == ("annex", "приложение")
    first = Sanction.objects.get(country__iso2="MD", condition="first")
    assert (first.citations.get().locator, first.citations.get().locator_ru) == ("second paragraph", "второй абзац")


@pytest.mark.django_db
def test_a_file_with_a_locator_without_russian_loads_nothing(tmp_path, vocabulary):
    write(tmp_path, "md.yaml", GOOD.replace('locator: "second paragraph"', 'locator: "annex, note 7"'))
    before = Citation.objects.count()
    with pytest.raises(CuratedDataError, match="locator 'annex, note 7' has no Russian rendering"):
        CuratedLoader(Tally(), directory=tmp_path).load()
    assert Citation.objects.count() == before


@pytest.mark.django_db
def test_the_seed_refuses_a_progress_citation_whose_locator_has_no_russian(tmp_path, monkeypatch):
    import profiles.bundled

    write(tmp_path / "recommendations", "progress.yaml", textwrap.dedent("""
        progress:
        - country: MD
          recommendation: {source: kyiv-2016-alternatives, ref: "§6 ¶3"}
          cite:
          - {source: md-test-act, locator: "annex, note 7", quote: "x", quote_en: "x"}
    """))
    monkeypatch.setattr(profiles.bundled, "FIXTURES", tmp_path)
    with pytest.raises(ValueError, match="progress.yaml progress record MD kyiv-2016-alternatives §6 ¶3 cite 1: "
                                         "locator 'annex, note 7' has no Russian rendering"):
        profiles.bundled.load_progress(Tally())
