"""The PDF brief as the bundled data makes it: facts, citations and gaps, page one as the summary, in both languages."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from countries.models import Country
from profiles.briefs import brief_for, brief_pdf, render_brief
from profiles.models import Brief

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _text(brief: Brief) -> str:
    with brief.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_brief_for_a_country_with_full_data_carries_facts_and_citations():
    brief = brief_for(country=Country.objects.get(iso2="RU"), language="en")
    assert render_brief(brief_id=brief.pk) == "rendered"
    brief.refresh_from_db()
    text = _text(brief)
    assert brief.status == "ready" and brief.fingerprint and brief.duration_ms > 0
    assert "Russia" in text and "Quantity thresholds" in text and "228(1)" in text
    assert "значительный" in text  # the law's own term
    assert "harmreductioneurasia" in text.replace(" ", "")  # the source list
    assert "1 /" in text  # page numbers


def test_brief_in_russian_from_the_same_template():
    brief = brief_for(country=Country.objects.get(iso2="UA"), language="ru")
    render_brief(brief_id=brief.pk)
    brief.refresh_from_db()
    text = _text(brief)
    assert "Украина" in text and "Хранение для личного" in text


def test_brief_for_a_country_with_little_data_names_the_gaps_in_one_line():
    brief = brief_for(country=Country.objects.get(iso2="TM"), language="en")
    render_brief(brief_id=brief.pk)
    brief.refresh_from_db()
    text = _text(brief)
    assert "Turkmenistan" in text
    assert "Not yet in PolicyHub: Legal status, Sanctions, Quantity thresholds" in text
    assert "not known" not in text and "(not specified)" not in text


_RENDERED: dict = {}


def _pages(iso2: str, language: str) -> tuple[list[str], int]:
    """The brief's text page by page, whitespace folded, and its size in bytes; rendered once per test run."""
    if (iso2, language) not in _RENDERED:
        pdf = brief_pdf(iso2=iso2, language=language)
        reader = PdfReader(io.BytesIO(pdf))
        _RENDERED[iso2, language] = ([" ".join(page.extract_text().split()) for page in reader.pages], len(pdf))
    return _RENDERED[iso2, language]


# Page 1 is the summary: these sentences come from the bundled data (possession and use values, the consequence
# answers for 1 g of heroin and 10 g of cannabis, the latest progress record of each recommendation).
SUMMARIES = {
    ("KZ", "en"): [
        "Kazakhstan: possession of drugs for personal use — criminal for any amount; drug use itself — punished only in public places.",
        "1 g of Heroin First offence: criminal liability",
        "Caveat: The next line above this amount for this substance is not in PolicyHub, so the band and the maximum penalty cannot be told.",
        "10 g of Cannabis (herb) First offence: criminal liability",
        "art. 296(2): Small amount: fine up to 160 monthly calculation indices",
        "Opioid substitution therapy Available",
        "Needle and syringe programmes Operating",
        "Stop criminalising drug use and possession of small amounts for personal use",
        "Where it stands: not started (2020, report)",
        "Not yet in PolicyHub: Quantity thresholds.",
    ],
    ("KZ", "ru"): [
        "Казахстан: хранение наркотиков для личного употребления — уголовная ответственность при любом количестве; само потребление — наказывается только в общественных местах.",
        "1 г: Героин Впервые: уголовная ответственность",
        "Оговорка: Следующей границы выше этого количества для этого вещества в PolicyHub нет",
        "10 г: Каннабис (марихуана) Впервые: уголовная ответственность",
        "ст. 296(2): Небольшой размер: штраф до 160 МРП",
        "Опиоидная заместительная терапия Доступна",
        "Программы обмена игл и шприцев Работают",
        "Положение: не начато (2020, отчёт)",
        "Пока нет в PolicyHub: Пороговые количества.",
    ],
    ("CZ", "en"): [
        "Czechia: possession of drugs for personal use — administrative for small amounts, criminal above; drug use itself — not punished.",
        "1 g of Heroin First offence: administrative liability",
        "10 g of Cannabis (herb) First offence: administrative liability",
        "fine up to CZK 15,000",
        "Caveat: part of this answer rests on news or a law firm's page, not on the act itself.",
        "Where it stands: partly implemented (2019, report)",
        "Not yet in PolicyHub: Compulsory drug treatment, Ban on drug \"propaganda\"",
    ],
    ("CZ", "ru"): [
        "Чехия: хранение наркотиков для личного употребления — административная за малое количество, уголовная выше; само потребление — не наказывается.",
        "1 г: Героин Впервые: административная ответственность",
        "10 г: Каннабис (марихуана) Впервые: административная ответственность",
        "штраф до 15 000 крон",
        "Оговорка: часть ответа основана на новостях или странице юридической фирмы, а не на тексте акта.",
        "Положение: частично выполнено (2019, отчёт)",
        "Пока нет в PolicyHub: Принудительное лечение наркозависимости, Запрет «пропаганды» наркотиков",
    ],
}


@pytest.mark.parametrize("iso2, language", list(SUMMARIES))
def test_brief_page_one_is_the_summary_and_the_evidence_follows(iso2, language):
    from profiles.briefs import grade_mix
    from profiles.selectors import country_profile

    pages, size = _pages(iso2, language)
    first = pages[0]
    for sentence in SUMMARIES[iso2, language]:
        assert sentence in first, sentence
    # The evidence grade mix, counted from the same facts the brief shows.
    with translation.override(language):
        mix = grade_mix(profile=country_profile(iso2=iso2))
        grades = [f"{grade} ({label}) {count}" for grade, label, count in mix["grades"]]
    n = mix["total"]
    russian = "факт" if n % 10 == 1 and n % 100 != 11 else "факта" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "фактов"
    facts = {"en": "fact" if n == 1 else "facts", "ru": russian}[language]
    assert f"{mix['total']} {facts} — " in first
    assert len(grades) >= 2 and all(g in first for g in grades), grades
    # The evidence starts on page 2: the legal-environment table, thresholds in the law's own terms, references.
    assert pages[1].startswith({"en": "Legal environment", "ru": "Правовая среда"}[language])
    rest = " ".join(pages[1:])
    assert {"en": "References", "ru": "Источники"}[language] in rest
    assert {"en": "Sanction ladder", "ru": "Лестница наказаний"}[language] in rest
    assert "not known" not in " ".join(pages) and "(not specified)" not in " ".join(pages)
    assert "possession_personal" not in " ".join(pages)
    assert 2 <= len(pages) <= 12 and size < 300 * 1024


@pytest.mark.parametrize("language, cannot", [("en", "PolicyHub cannot yet say."), ("ru", "PolicyHub пока не может ответить.")])
def test_brief_never_answers_from_another_substance(language, cannot):
    """Ukraine's table in PolicyHub has a line for acetylated opium, none for heroin or cannabis: page 1 says what is
    missing instead of borrowing another substance's line."""
    first = _pages("UA", language)[0][0]
    answers = first.split({"en": "typical amount", "ru": "обычным количеством"}[language])[1]
    assert answers.count(cannot) == 2
    assert {"en": "First offence:", "ru": "Впервые:"}[language] not in answers
