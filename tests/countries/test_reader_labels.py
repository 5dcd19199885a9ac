"""No internal code reaches a reader: every enumerated value has its English and Russian label, and no public page
shows the snake_case value of a model's choices."""

import html
import re

import pytest
from django.apps import apps
from django.utils import translation

from countries.models import Country, Source
from profiles.briefs import brief_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]

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


def test_no_public_page_shows_a_choice_code(client):
    codes = _codes()
    assert {"possession_personal", "in_force", "legal_text"} <= codes
    pages = [
        "/", "/countries/", "/compare/?substance=heroin", "/compare/?substance=heroin&amount=1&unit=g",
        "/compare/?substance=cannabis&amount=10&unit=g", "/changes/", "/coverage/", "/about/", "/recommendations/",
        "/countries/ru/?amount=1&unit=g&substance=heroin",
    ]
    pages += [f"/countries/{iso2.lower()}/" for iso2 in Country.objects.focus().values_list("iso2", flat=True)]
    pages += [f"/sources/{slug}/" for slug in Source.objects.filter(recommendations__isnull=False)
              .values_list("slug", flat=True).distinct()]
    shown = {}
    for path in pages:
        for prefix in ("", "/ru"):
            response = client.get(prefix + path)
            assert response.status_code == 200, prefix + path
            for code in _shown_codes(_reader_text(response.content.decode()), codes):
                shown.setdefault(code, []).append(prefix + path)
    assert shown == {}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_brief_shows_a_choice_code(language):
    codes = _codes()
    shown = {}
    for iso2 in Country.objects.focus().values_list("iso2", flat=True):
        for code in _shown_codes(_reader_text(brief_html(iso2=iso2, language=language)), codes):
            shown.setdefault(code, []).append(iso2)
    assert shown == {}
