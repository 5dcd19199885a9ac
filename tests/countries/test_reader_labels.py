"""No internal code reaches a reader: every enumerated value has its English and Russian label, and the scan for the
snake_case value of a model's choices finds one when it is shown (test_reader_labels_bundled.py runs it over the public
pages and briefs of the bundled countries)."""

import html
import re

from django.apps import apps
from django.utils import translation

APPS = {"countries", "legislation", "recommendations"}
# Labels that read the same in both languages.
SAME_IN_BOTH = {"English", "Русский"}


def _choice_fields():
    for model in apps.get_models():
        if model._meta.app_label in APPS and not model.__name__.startswith("Historical"):
            for f in model._meta.get_fields():
                if getattr(f, "choices", None):
                    yield model, f


def _codes() -> set[str]:
    """The stored values of every choice field that look like identifiers: possession_personal, in_force."""
    return {v for _, f in _choice_fields() for v, _ in f.flatchoices if isinstance(v, str) and "_" in v}


def _reader_text(page: str) -> str:
    """What a reader sees or hears: text outside tags, and the titles and labels of elements."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    spoken = " ".join(re.findall(r'\s(?:title|aria-label|alt|placeholder)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + spoken)


def _shown_codes(text: str, codes: set[str]) -> set[str]:
    return {code for code in codes if re.search(rf"(?<![\w/.#=-]){re.escape(code)}(?![\w/-])", text)}


def test_every_choice_has_an_english_and_a_russian_label():
    missing = []
    for model, f in _choice_fields():
        for value, label in f.flatchoices:
            with translation.override("en"):
                english = str(label)
            with translation.override("ru"):
                russian = str(label)
            if not english or value == english and "_" in str(value):
                missing.append(f"{model.__name__}.{f.name}={value}: no English label")
            if english not in SAME_IN_BOTH and (russian == english or not re.search("[а-яё]", russian, re.I)):
                missing.append(f"{model.__name__}.{f.name}={value}: no Russian label for {english!r}")
    assert missing == []


def test_the_scan_finds_a_code_when_one_is_shown():
    assert _shown_codes(_reader_text("<td>possession_personal (2)</td>"), {"possession_personal"}) == {"possession_personal"}
    assert _shown_codes(_reader_text('<a href="/x/?offence=possession_personal">x</a>'), {"possession_personal"}) == set()
