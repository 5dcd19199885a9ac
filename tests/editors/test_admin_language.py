"""The admin under /ru/admin/ names the content apps' models and fields in Russian: headings, column headers, filter
titles and form labels carry no English model or field name that has a Russian one."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from .conftest import _user

CONTENT_APPS = ["countries", "legislation", "recommendations", "releases", "alerts", "editors"]


def _content_models():
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model._meta.label.split(".")[1].startswith("Historical"):
                yield model


def _names(model) -> list:
    """The model's names and its fields' verbose names, as declared (lazy translations)."""
    names = [model._meta.verbose_name, model._meta.verbose_name_plural]
    for field in model._meta.get_fields():
        if getattr(field, "auto_created", False) or isinstance(field, GenericForeignKey):
            continue  # reverse relations, the automatic id, and generic relations, which no form shows
        names.append(field.verbose_name)
    return names


def _english_and_russian() -> tuple[set[str], set[str]]:
    """The English names that have a Russian translation, and every Russian name."""
    pairs = set()
    for model in _content_models():
        for name in _names(model):
            with translation.override("en"):
                english = str(name)
            with translation.override("ru"):
                russian = str(name)
            pairs.add((english, russian))
    for label in CONTENT_APPS:
        name = apps.get_app_config(label).verbose_name
        with translation.override("en"):
            english = str(name)
        with translation.override("ru"):
            pairs.add((english, str(name)))
    translated = {en for en, ru in pairs if en != ru}
    return translated, {ru for _en, ru in pairs}


class _Labels(HTMLParser):
    """The text of the parts of an admin page that name models and fields: the title and headings, the index's
    captions and model links, the breadcrumbs, column headers, filter titles and form labels."""

    TAGS = {"title", "h1", "h2", "h3", "caption", "label", "summary"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.current: list[str] | None = None
        self.depth = 0

    def _wanted(self, tag: str, attrs: dict) -> bool:
        if tag in self.TAGS:
            return True
        if tag == "th" and any(t == "thead" for t, _a in self.stack):
            return True  # changelist column headers
        if tag == "th" and attrs.get("scope") == "row":
            return True  # the index's model names
        return tag == "div" and "breadcrumbs" in (attrs.get("class") or "")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            return
        self.stack.append((tag, attrs))
        if self.current is None and self._wanted(tag, attrs):
            self.current, self.depth = [], len(self.stack)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            return
        if self.current is not None and len(self.stack) == self.depth:
            self.texts.append(" ".join("".join(self.current).split()))
            self.current = None
        self.stack.pop()

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def labels_of(html: str) -> list[str]:
    parser = _Labels()
    parser.feed(html)
    return [text for text in parser.texts if text]


def english_names_in(texts: list[str], english: set[str], russian: set[str]) -> set[str]:
    # An English name that is part of a Russian one ("URL" in "URL-адрес") would be found where it belongs.
    wanted = [en for en in english if not any(en.lower() in ru.lower() for ru in russian)]
    found = set()
    for text in texts:
        for en in wanted:
            if re.search(rf"(?<![\w-]){re.escape(en)}(?![\w-])", text, flags=re.IGNORECASE):
                found.add(f"{en!r} in {text!r}")
    return found


def test_every_model_field_and_app_name_of_the_content_apps_is_translatable():
    plain = []
    for model in _content_models():
        plain += [f"{model._meta.label}: {name!r}" for name in _names(model) if not isinstance(name, Promise)]
    plain += [label for label in CONTENT_APPS if not isinstance(apps.get_app_config(label).verbose_name, Promise)]
    assert plain == []
    english, _russian = _english_and_russian()
    assert {"threshold", "thresholds", "amount", "tier", "recommendation progress", "valid from"} <= english


def test_the_label_finder_sees_english_where_it_is():
    english, russian = _english_and_russian()
    html = ('<html><head><title>Изменить threshold</title></head><body><table><thead><tr><th>Valid from</th>'
            '<th>Страна</th></tr></thead><tbody><tr><td>Law on drugs</td></tr></tbody></table>'
            '<label for="x">Ступень:</label></body></html>')
    texts = labels_of(html)
    assert english_names_in(texts, english, russian) == {
        "'threshold' in 'Изменить threshold'", "'valid from' in 'Valid from'"}
    assert latin_only(texts + ["Fine display", "ISO 3166-1 alpha-2:", "ID"], _names_left_in_english()) == {
        "Valid from", "Fine display"}


def _names_left_in_english() -> set[str]:
    """Names that read the same in both languages: the content apps' untranslated ones (ISO codes), the automatic
    ID and other apps' names that have no Russian (django-axes)."""
    same = {"id"}
    for config in apps.get_app_configs():
        names = [config.verbose_name]
        if config.label in CONTENT_APPS:
            for model in _content_models():
                names += _names(model) if model._meta.app_label == config.label else []
        for name in names:
            with translation.override("en"):
                english = str(name)
            with translation.override("ru"):
                if str(name) == english:
                    same.add(english.lower())
    return same


def latin_only(texts: list[str], allowed: set[str]) -> set[str]:
    """Label texts with no Russian in them at all, other than the names that have no Russian."""
    return {text for text in texts
            if re.search("[A-Za-z]", text) and not re.search("[А-Яа-яЁё]", text)
            and text.rstrip(":").strip().lower() not in allowed}


def _registered_content_models():
    return [model for model in admin.site._registry if model._meta.app_label in CONTENT_APPS]


@pytest.fixture
def superuser(db):
    return _user("root", superuser=True)


def _pages():
    yield "index", lambda: reverse("admin:index")
    for model in _registered_content_models():
        info = model._meta.app_label, model._meta.model_name
        yield f"{info[0]}.{info[1]} list", lambda info=info: reverse("admin:{}_{}_changelist".format(*info))
        yield f"{info[0]}.{info[1]} add", lambda info=info: reverse("admin:{}_{}_add".format(*info))


@pytest.mark.django_db
def test_the_russian_admin_names_models_and_fields_in_russian(client, superuser):
    english, russian = _english_and_russian()
    allowed = _names_left_in_english()
    client.force_login(superuser)
    found, rendered = {}, 0
    # The requests switch the thread to Russian; the override puts back the language the other tests expect.
    with translation.override("ru"):
        for page, url in _pages():
            address = url()
            assert address.startswith("/ru/admin/")
            response = client.get(address)
            if page.endswith(" add") and response.status_code == 403:
                model = next(m for m in _registered_content_models() if page.rsplit(" ", 1)[0] == m._meta.label_lower)
                assert not admin.site._registry[model].has_add_permission(response.wsgi_request), page
                continue
            assert response.status_code == 200, (page, response.status_code)
            texts = labels_of(response.content.decode())
            assert texts, page
            rendered += 1
            if hits := english_names_in(texts, english, russian) | latin_only(texts, allowed):
                found[page] = sorted(hits)
    assert found == {}
    assert rendered > len(_registered_content_models()) + 1  # the index, every changelist and the add forms
