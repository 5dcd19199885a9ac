"""The Russian interface catalogue is complete: every interface string has a translation and none is fuzzy."""

import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        yield lines


def _value(lines: list[str], key: str) -> str | None:
    out, inside = [], False
    for line in lines:
        if line.startswith(key + " "):
            inside = True
            out.append(line[len(key) + 1:])
        elif inside and line.startswith('"'):
            out.append(line)
        elif inside:
            break
    if not inside:
        return None
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', " ".join(out)))


def test_every_interface_string_has_a_russian_translation_and_none_is_fuzzy():
    text = CATALOGUE.read_text(encoding="utf-8")
    missing, fuzzy = [], []
    for lines in _entries(text):
        if any(line.startswith("#~") for line in lines):
            continue  # obsolete
        msgid = _value(lines, "msgid")
        if msgid == "":
            continue  # the header
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            fuzzy.append(msgid)
        forms = [_value(lines, "msgstr")] if _value(lines, "msgid_plural") is None else [
            _value(lines, f"msgstr[{n}]") for n in range(3)]
        if any(not form for form in forms):
            missing.append(msgid)
    assert missing == [] and fuzzy == [], (missing[:10], fuzzy[:10])


def test_every_string_of_the_jinja_templates_has_a_russian_translation():
    """makemessages reads Django templates only: the profile's Jinja2 template must not bring a string the catalogue
    lacks (a makemessages run would otherwise drop it as obsolete and the Russian page would show English)."""
    from django.template import engines
    from django.utils import translation

    env = engines["jinja2"].env
    directory = Path(settings.BASE_DIR) / "templates" / "jinja2"
    found = [(function, message) for path in directory.rglob("*.html")
             for _, function, message in env.extract_translations(path.read_text(encoding="utf-8"))]
    assert len(found) > 50
    untranslated = []
    with translation.override("ru"):
        for function, message in found:
            if function == "pgettext":
                shown, english = translation.pgettext(*message), message[1]
            elif function == "ngettext":  # checked for a count that takes the singular's form
                shown, english = translation.ngettext(message[0], message[1], 1), message[0]
            else:
                message = message[0] if isinstance(message, tuple) else message
                shown, english = translation.gettext(message), message
            if shown == english:
                untranslated.append(message)
    assert untranslated == []
