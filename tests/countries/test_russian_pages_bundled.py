"""Every public page in Russian: no English data where a Russian text exists, and no untranslated interface string.

The English strings looked for are built from the database: every English field whose Russian counterpart exists
and differs, every enumerated choice whose Russian label differs, and the interface catalogue's English strings.
Quotations (blockquote, q, anything marked with another language) and proper nouns in their original language
(source titles, the law's own words, a report's own locators, URLs) are left out of the text searched: they stay as
the source wrote them. A citation's locator has its Russian rendering, so its English is looked for like any field's.
"""

import io
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.text import Truncator
from pypdf import PdfReader

from countries.models import Country, Source
from profiles.briefs import brief_for, render_brief
from tests.policyhub.test_translations import CATALOGUE, _entries, _value

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]

# English field -> its Russian counterpart, for every content model a page shows.
PAIRS = {
    "countries.Country": [("name_en", "name_ru"), ("summary_en", "summary_ru")],
    "countries.Indicator": [("name_en", "name_ru"), ("description_en", "description_ru")],
    "countries.IndicatorValue": [("label_en", "label_ru")],
    "countries.Assessment": [("evidence", "evidence_ru"), ("note_en", "note_ru")],
    "countries.Citation": [("quote_en", "quote_ru"), ("locator", "locator_ru")],
    "legislation.Substance": [("name_en", "name_ru")],
    "legislation.Alternative": [("name_en", "name_ru")],
    "legislation.Law": [("title_en", "title_ru"), ("summary_en", "summary_ru"), ("note_en", "note_ru")],
    "legislation.Article": [("title", "title_ru")],
    "legislation.Threshold": [("term_en", "term_ru"), ("substance_form", "substance_form_ru"),
                              ("counted_item", "counted_item_ru"), ("note_en", "note_ru")],
    "legislation.Sanction": [("offence_detail", "offence_detail_ru"), ("condition_detail_en", "condition_detail_ru"),
                             ("alternatives_note", "alternatives_note_ru"), ("penalty_summary", "penalty_summary_ru"),
                             ("note_en", "note_ru")],
    "recommendations.Theme": [("name_en", "name_ru")],
    "recommendations.Addressee": [("name_en", "name_ru")],
    "recommendations.Recommendation": [("summary_en", "summary_ru")],
    "recommendations.Progress": [("evidence", "evidence_ru"), ("note_en", "note_ru")],
    "recommendations.ReportNote": [("note_en", "note_ru"), ("inferred_en", "inferred_ru")],
}
# Words in their original language: quotations, titles, the law's own terms, references, addresses.
ORIGINAL = {
    "countries.Source": ["title", "title_en", "publisher", "organisers", "place", "url", "document"],
    "countries.Citation": ["quote"],
    "legislation.Law": ["title_original", "reference", "url"],
    "legislation.Threshold": ["term", "amount_as_stated"],
    "legislation.Sanction": ["article_as_stated", "fine_unit"],
    "legislation.Article": ["number"],
    "recommendations.Recommendation": ["text", "section", "speaker", "label", "locator"],
}
TRUNCATIONS = (40, 60)  # the lengths templates cut source titles to
NOTICE = "Резюме и переводы законов, терминов и цитат на английский и русский языки сделаны PolicyHub"


class _Text(HTMLParser):
    """The text a reader sees, with quotations and passages in another language left out."""

    SKIP = {"script", "style", "blockquote", "q", "code"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in self.VOID:
            self.stack.append((tag, tag in self.SKIP or attrs.get("lang") not in (None, "", "ru")))
        if not self._skipping() and attrs.get("type") != "hidden":
            self.parts += [attrs[key] for key in ("title", "aria-label", "alt", "placeholder") if attrs.get(key)]

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
QUOTED = re.compile(r"«[^«»]*»")  # a Russian text quoting the source's own words


def _words(text: str, fold: bool = True) -> tuple[str, ...]:
    return tuple(w.lower() if fold else w for w in WORD.findall(text))


class Finder:
    """Whole-word, punctuation-blind search for many phrases at once: phrases indexed by their first word."""

    def __init__(self):
        self.by_first: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}

    def add(self, phrase: str, what: str, fold: bool = True) -> None:
        words = _words(phrase, fold)
        if words:
            self.by_first.setdefault(words[0].lower(), []).append((words, fold, what))

    def find(self, text: str) -> list[str]:
        raw = _words(text, fold=False)
        low = tuple(w.lower() for w in raw)
        found = []
        for i, word in enumerate(low):
            for words, fold, what in self.by_first.get(word, ()):
                if (low if fold else raw)[i:i + len(words)] == words:
                    context = " ".join(raw[max(0, i - 6):i + len(words) + 6])
                    found.append(f"{what}: …{context}…")
        return found


@pytest.fixture(scope="module")
def english(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return english_strings()


def english_strings():
    """(pattern, what it is) for every English string a Russian page must not show, and the original-language
    strings to remove from a page's text before looking."""
    found: dict[str, str] = {}
    original: set[str] = set()
    for label, pairs in PAIRS.items():
        for row in apps.get_model(label).objects.all():
            for field_en, field_ru in pairs:
                value_en, value_ru = (getattr(row, field_en) or "").strip(), (getattr(row, field_ru) or "").strip()
                if value_en and value_ru and value_en != value_ru:
                    found.setdefault(value_en, f"{label}.{field_en} #{row.pk}")
                elif field_en == "quote_en" and value_en and row.quote_language != "ru" and value_en != row.quote.strip():
                    # A quotation in a third language must carry a Russian rendering, not fall back to English.
                    found.setdefault(value_en, f"{label}.{field_en} #{row.pk} (no Russian rendering)")
                elif field_en == "locator" and value_en and not value_ru:
                    # Where in the source the passage is must be said in Russian too, not fall back to English.
                    found.setdefault(value_en, f"{label}.{field_en} #{row.pk} (no Russian rendering)")
                elif value_en and (not value_ru or field_en == "locator"):
                    # No Russian exists, or the locator stays as the source writes it ("Btk. 178.§ (5)"): shown as it
                    # is, like a quotation.
                    original.add(value_en)
    for country in Country.objects.all():
        for gap in country.gaps or []:
            if gap.get("reason_en") and gap.get("reason_ru") and gap["reason_en"] != gap["reason_ru"]:
                found.setdefault(gap["reason_en"], f"gap reason {country.iso2}")
    for model in apps.get_models():
        if model._meta.app_label not in {"countries", "legislation", "recommendations"}:
            continue
        for model_field in model._meta.get_fields():
            for _value_code, choice in getattr(model_field, "choices", None) or []:
                with translation.override("en"):
                    label_en = str(choice)
                with translation.override("ru"):
                    label_ru = str(choice)
                if label_en != label_ru and len(label_en) > 1:
                    found.setdefault(label_en, f"choice {model.__name__}.{model_field.name}")
    for label, fields in ORIGINAL.items():
        for row in apps.get_model(label).objects.values(*fields):
            for value in row.values():
                if value and len(value.strip()) > 2:
                    original.add(value.strip())
                    original.update(Truncator(value.strip()).chars(n) for n in TRUNCATIONS)
    finder = Finder()
    for text, what in found.items():
        finder.add(text, what)
    # Interface strings: the catalogue's English where the Russian differs, case as written.
    for lines in _entries(CATALOGUE.read_text(encoding="utf-8")):
        msgid, msgstr = _value(lines, "msgid"), _value(lines, "msgstr")
        if msgid and msgstr and msgid != msgstr and "%" not in msgid and "{" not in msgid and " " in msgid:
            finder.add(msgid.replace('\\"', '"'), f"interface string “{msgid}”", fold=False)
    return finder, sorted(original, key=len, reverse=True)


def leaks(text: str, english) -> list[str]:
    finder, original = english
    for passage in original:
        if passage in text:
            text = text.replace(passage, " ")
    return finder.find(QUOTED.sub(" ", text))


def _check(client, english, urls) -> None:
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 202), (url, response.status_code)
        html = response.content.decode()
        assert '<html lang="ru">' in html, url
        assert html.count(NOTICE) == 1, f"{url}: the translation notice appears {html.count(NOTICE)} times"
        if found := leaks(page_text(html), english):
            problems[url] = found[:5]
    assert problems == {}, problems


PAGES = [
    "/ru/", "/ru/?indicator=ost-availability", "/ru/countries/", "/ru/compare/",
    "/ru/compare/?substance=heroin&amount=1,5&unit=g&country=RU&country=UA&country=KZ&country=GE&country=MD",
    "/ru/compare/?substance=cannabis&amount=20", "/ru/compare/?substance=methadone&amount=150&unit=mg",
    "/ru/recommendations/", "/ru/recommendations/?kind=workshop_proposal", "/ru/recommendations/?q=заместительной",
    "/ru/changes/", "/ru/changes/?country=UA", "/ru/coverage/", "/ru/about/",
    "/ru/search/?q=метадон", "/ru/search/?q=заместительной+терапии", "/ru/search/?q=OST", "/ru/search/?q=228",
    "/ru/search/?q=героин&type=threshold", "/ru/search/?q=", "/ru/search/?q=x",
]


@pytest.mark.parametrize("url", PAGES)
def test_russian_page_shows_no_english_where_russian_exists(client, english, url):
    _check(client, english, [url])


def test_every_russian_country_profile_shows_no_english_where_russian_exists(client, english):
    countries = list(Country.objects.order_by("iso2").values_list("iso2", flat=True))
    assert len(countries) >= 56
    _check(client, english, [f"/ru/countries/{iso2.lower()}/" for iso2 in countries])


def test_every_russian_report_page_and_its_progress_show_no_english_where_russian_exists(client, english):
    slugs = list(Source.objects.filter(recommendations__isnull=False).distinct().values_list("slug", flat=True))
    assert len(slugs) >= 5
    _check(client, english, [f"/ru/sources/{slug}/" for slug in slugs])


def test_russian_brief_being_prepared_page_is_russian(client, english, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Inside the test's transaction the queued render never runs: the page says the brief is being prepared.
    response = client.get("/ru/countries/md/brief.pdf")
    assert response.status_code == 202
    assert "Справка готовится" in response.content.decode()
    _check(client, english, ["/ru/countries/md/brief.pdf"])


def test_russian_feed_shows_no_english_where_russian_exists(client, english):
    feed = client.get("/ru/changes/feed/").content.decode()
    entries = re.findall(r"<(title|summary)[^>]*>(.*?)</\1>", feed, re.S)
    assert len(entries) > 10
    text = " ".join(html_text for _tag, html_text in entries)
    assert leaks(page_text(text), english) == []


@pytest.mark.parametrize("iso2", ["RU", "UA"])
def test_russian_pdf_brief_shows_no_english_where_russian_exists(english, settings, tmp_path, iso2):
    settings.MEDIA_ROOT = tmp_path
    brief = brief_for(country=Country.objects.get(iso2=iso2), language="ru")
    assert render_brief(brief_id=brief.pk) == "rendered"
    brief.refresh_from_db()
    with brief.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    # A line broken after a hyphen ("Community-" / "Led") reads back as "Community- Led": rejoin it, so an
    # original-language title wrapped there is still recognised as the title.
    text = re.sub(r"(?<=\w)- (?=\w)", "-", text)
    assert Country.objects.get(iso2=iso2).name_ru in text
    assert NOTICE in text
    # The quotations stand in the source list, after the last heading; everything above it must be Russian.
    body = text.rsplit("Источники", 1)[0]
    assert leaks(body, english) == []


def test_a_leak_is_found():
    """The check itself: an English value with a Russian counterpart is reported, a quotation of it is not."""
    finder = Finder()
    finder.add("Opioid substitution therapy", "indicator")
    english = (finder, ["the report said: opioid substitution therapy"])
    assert leaks(page_text("<p>Заместительная терапия: opioid substitution therapy.</p>"), english)
    assert not leaks(page_text('<p>Заместительная терапия <q lang="en">Opioid substitution therapy</q></p>'), english)
    assert not leaks(page_text("<p>В отчёте: «Opioid substitution therapy»</p>"), english)
    assert not leaks(page_text("<p>Как пишет источник, the report said: opioid substitution therapy</p>"), english)
    assert not leaks(page_text("<p>Opioid substitution therapyless</p>"), english)


def test_a_quotation_rendered_only_in_english_is_found(client):
    """A Georgian quotation on the Russian profile whose Russian rendering is missing shows its English rendering:
    the check reports it; a Russian quotation needs no rendering."""
    from countries.models import Citation

    citation = next(c for c in Citation.objects.filter(thresholds__published=True, country__iso2="GE", quote_language="ka")
                    .order_by("pk") if c.quote_en and c.quote_en != c.quote)
    assert citation.quote_ru
    with pytest.raises(AssertionError, match=f"#{citation.pk} \\(no Russian rendering\\)"):
        Citation.objects.filter(pk=citation.pk).update(quote_ru="")
        _check(client, english_strings(), ["/ru/countries/ge/"])
    Citation.objects.filter(country__iso2="RU", quote_language="ru").update(quote_ru="")
    _check(client, english_strings(), ["/ru/countries/ru/"])


def test_a_locator_shown_only_in_english_is_found(client):
    """A citation on the Russian profile whose Russian locator is missing shows the English one: the check reports it."""
    from countries.models import Citation

    citation = next(c for c in Citation.objects.filter(thresholds__published=True, country__iso2="GE").order_by("pk")
                    if c.locator and c.locator_ru != c.locator)
    with pytest.raises(AssertionError, match="countries.Citation.locator #"):
        Citation.objects.filter(pk=citation.pk).update(locator_ru="")
        _check(client, english_strings(), ["/ru/countries/ge/"])


def test_every_interface_string_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages over a copy of the code adds no string: every string a page can show has a Russian entry."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext) is needed to check the catalogue")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    for name in ("countries", "legislation", "recommendations", "editors", "profiles", "releases", "alerts", "opendata",
                 "policyhub", "templates", "locale"):
        shutil.copytree(base / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(base / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-location"],
        cwd=copy, check=True, capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3"},
    )
    missing = []
    for lines in _entries((copy / "locale" / "ru" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")):
        if any(line.startswith("#~") for line in lines):
            continue
        msgid = _value(lines, "msgid")
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if msgid and (fuzzy or not (_value(lines, "msgstr") or _value(lines, "msgstr[0]"))):
            missing.append(msgid)
    assert missing == []


def test_russian_profile_links_to_the_russian_brief_and_lang_overrides(client, settings, tmp_path):
    from profiles.models import Brief

    settings.MEDIA_ROOT = tmp_path
    assert 'href="/ru/countries/ua/brief.pdf"' in client.get("/ru/countries/ua/").content.decode()
    assert 'href="/countries/ua/brief.pdf"' in client.get("/countries/ua/").content.decode()
    client.get("/ru/countries/ua/brief.pdf?lang=en")  # the explicit choice wins over the page's language
    assert list(Brief.objects.filter(country__iso2="UA").values_list("language", flat=True)) == ["en"]
    client.get("/ru/countries/ua/brief.pdf")
    assert sorted(Brief.objects.filter(country__iso2="UA").values_list("language", flat=True)) == ["en", "ru"]
