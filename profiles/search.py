"""Site search: one index of published records in both languages, whole words with stemming.

Each indexed record becomes a SearchEntry (its title and text in English and Russian, its address). A query's
words are stemmed with the Snowball stemmers (Russian for Cyrillic words, English otherwise) and every word must
match a whole stemmed word of the entry: "заместительн", "заместительной терапии" and "OST" find the substitution
therapy records, and "OST" does not find "most". On PostgreSQL the match runs as full-text search over a GIN index
(Russian and English configurations); on SQLite over the stored stems. Highlighting and excerpts use the same
stems on both.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

import snowballstemmer
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from countries.models import Country, country_code, reads_russian
from profiles.models import SearchEntry

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
PER_KIND = 20
WORD = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*", re.UNICODE)

KINDS = {
    "country": _("Countries"),
    "law": _("Laws"),
    "threshold": _("Thresholds"),
    "sanction": _("Sanctions"),
    "recommendation": _("Recommendations"),
    "progress": _("Progress"),
    "source": _("Sources"),
}


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


def stem(word: str) -> str:
    word = word.lower().replace("ё", "е")
    language = "russian" if re.search(r"[а-я]", word) else "english"
    return _stemmer(language).stemWord(word)


def words(text: str) -> list[str]:
    return WORD.findall(text or "")


def stems_of(*texts: str) -> str:
    """The stemmed words of some texts between spaces, each once, for whole-word matching."""
    seen = dict.fromkeys(stem(w) for text in texts for w in words(text))
    return " " + " ".join(seen) + " "


# -- what is indexed ---------------------------------------------------------------------------------------------
def _country_url(country: Country, anchor: str = "") -> str:
    return reverse("country-detail", args=[country.iso2.lower()]) + anchor


def entry_for(obj) -> dict | None:
    """The search entry of one record, or None when it must not be found (unpublished, draft)."""
    from countries.models import Source
    from legislation.models import Law, Sanction, Threshold, shown_law
    from recommendations.models import Progress, Recommendation

    if getattr(obj, "published", True) is False:
        return None
    if isinstance(obj, Country):
        if not obj.focus_region:
            return None
        return {"country": obj, "title_en": obj.name_en, "title_ru": obj.name_ru,
                "text_en": f"{obj.iso2} {obj.iso3} {obj.summary_en}", "text_ru": f"{obj.iso2} {obj.iso3} {obj.summary_ru}",
                "url": _country_url(obj)}
    if isinstance(obj, Law):
        if obj.status == Law.Status.DRAFT:
            return None
        articles = list(obj.articles.all())
        articles_en = " ".join(f"Article {a.number} {a.title}" for a in articles)
        articles_ru = " ".join(f"статья {a.number} {a.title_ru}" for a in articles)
        return {"country": obj.country, "title_en": obj.title_en, "title_ru": obj.title_ru or obj.title_en,
                "text_en": f"{obj.title_original} {obj.reference} {obj.summary_en} {articles_en}",
                "text_ru": f"{obj.title_original} {obj.reference} {obj.reference_ru} {obj.summary_ru} {articles_ru}",
                "url": _country_url(obj.country, "#laws-heading")}
    if isinstance(obj, Threshold):
        law = shown_law(obj)
        substance = obj.substance
        title_en = f"{substance.name_en}: {obj.term_en or obj.term} ({obj.amount_display})"
        amount_ru = _russian(lambda: obj.amount_display)  # 1 234,5 г, as a Russian page writes it
        title_ru = f"{substance.name_ru or substance.name_en}: {obj.term_ru or obj.term} ({amount_ru})"
        return {"country": obj.country, "title_en": title_en, "title_ru": title_ru,
                "text_en": f"{obj.term} {substance.synonyms} {obj.substance_form} {law.title_en if law else ''}",
                "text_ru": f"{obj.term} {substance.name_ru} {substance.synonyms} {obj.substance_form_ru} "
                           f"{law.title_ru if law else ''}",
                "url": _country_url(obj.country, "#thresholds-heading")}
    if isinstance(obj, Sanction):
        law = shown_law(obj)
        article = f"Article {obj.article_as_stated}" if obj.article_as_stated else ""
        article_ru = f"статья {obj.article_as_stated}" if obj.article_as_stated else ""
        title_en = f"{obj.get_offence_display()}: {obj.penalty_summary or obj.offence_detail}"
        return {"country": obj.country, "title_en": title_en[:500],
                "title_ru": (obj.penalty_summary_ru or obj.offence_detail_ru or _russian(obj.get_offence_display))[:500],
                "text_en": f"{obj.offence_detail} {obj.condition_detail_en} {obj.alternatives_note} {article} "
                           f"{law.title_en if law else ''} {obj.substance.name_en if obj.substance else ''}",
                "text_ru": f"{obj.offence_detail_ru} {obj.condition_detail_ru} {obj.alternatives_note_ru} {article_ru} "
                           f"{law.title_ru if law else ''} {obj.substance.name_ru if obj.substance else ''}",
                "url": _country_url(obj.country, "#sanctions-heading")}
    if isinstance(obj, Recommendation):
        label = obj.label or ""
        themes = list(obj.themes.all())
        return {"country": None, "title_en": f"{obj.source.title}: {label} {obj.summary_en}"[:500],
                "title_ru": f"{obj.source.title}: {label} {obj.summary_ru or obj.summary_en}"[:500],
                "text_en": f"{obj.text} {label} {' '.join(t.name_en for t in themes)}",
                "text_ru": f"{obj.summary_ru} {label} {' '.join(t.name_ru for t in themes)}",
                "url": reverse("source-detail", args=[obj.source.slug]) + f"#rec-{obj.pk}"}
    if isinstance(obj, Progress):
        rec = obj.recommendation
        return {"country": obj.country, "title_en": f"{obj.country.name_en}: {rec.summary_en}"[:500],
                "title_ru": f"{obj.country.name_ru}: {rec.summary_ru or rec.summary_en}"[:500],
                "text_en": f"{obj.get_status_display()} {obj.evidence}",
                "text_ru": f"{_russian(obj.get_status_display)} {obj.evidence_ru}" if obj.evidence_ru else "",
                "url": _country_url(obj.country, "#recs-heading")}
    if isinstance(obj, Source):
        return {"country": None, "title_en": obj.title_en or obj.title, "title_ru": obj.title,
                "text_en": f"{obj.title} {obj.publisher} {obj.organisers} {obj.place}", "text_ru": "",
                "url": reverse("source-detail", args=[obj.slug])}
    return None


def kind_of(obj) -> str:
    return type(obj).__name__.lower()


def neutral_entry(obj) -> dict | None:
    """The entry as stored: addresses in the site's default language, whatever language is active now."""
    with translation.override(settings.LANGUAGE_CODE):
        return entry_for(obj)


def index(obj) -> None:
    """Bring one record's entry in line with the record: written, refreshed or removed. A law's thresholds and
    sanctions follow it, since they are found by its title while the public may see the law."""
    _index_one(obj)
    if kind_of(obj) == "law" and obj.pk is not None:
        related = ("country", "substance", "law")
        for fact in [*obj.thresholds.select_related(*related), *obj.sanctions.select_related(*related)]:
            _index_one(fact)


def _index_one(obj) -> None:
    kind = kind_of(obj)
    if kind not in KINDS or obj.pk is None:
        return
    values = neutral_entry(obj)
    if values is None:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()
        return
    values["stems"] = stems_of(values["title_en"], values["title_ru"], values["text_en"], values["text_ru"])
    entry, _created = SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=values)
    if connection.vendor == "postgresql":
        _refresh_vectors(SearchEntry.objects.filter(pk=entry.pk))


def unindex(obj) -> None:
    SearchEntry.objects.filter(kind=kind_of(obj), object_id=obj.pk).delete()


def _refresh_vectors(queryset) -> None:
    from django.contrib.postgres.search import SearchVector
    from django.db.models import TextField, Value
    from django.db.models.functions import Concat

    document = Concat("title_en", Value(" "), "title_ru", Value(" "), "text_en", Value(" "), "text_ru",
                      output_field=TextField())
    queryset.update(vector=SearchVector(document, config="russian") + SearchVector(document, config="english"))


def indexed_models() -> list:
    from countries.models import Source
    from legislation.models import Law, Sanction, Threshold
    from recommendations.models import Progress, Recommendation

    return [Country, Law, Threshold, Sanction, Recommendation, Progress, Source]


def rebuild() -> int:
    """Bring the whole index in line with the published records, writing only what differs; returns its size."""
    related = {"Law": ["articles"], "Recommendation": ["themes"]}
    wanted: dict[tuple[str, int], dict] = {}
    for model in indexed_models():
        queryset = model.objects.all()
        links = [f for f in ("country", "substance", "law", "source", "recommendation", "recommendation__source")
                 if _has_field(model, f)]
        queryset = queryset.select_related(*links).prefetch_related(*related.get(model.__name__, []))
        for obj in queryset:
            values = neutral_entry(obj)
            if values is None:
                continue
            values["stems"] = stems_of(values["title_en"], values["title_ru"], values["text_en"], values["text_ru"])
            values["country_id"] = values.pop("country").pk if values.get("country") else None
            wanted[(kind_of(obj), obj.pk)] = values
    changed = []
    with transaction.atomic():
        existing = {(e.kind, e.object_id): e for e in SearchEntry.objects.all()}
        stale = [e.pk for key, e in existing.items() if key not in wanted]
        SearchEntry.objects.filter(pk__in=stale).delete()
        for key, values in wanted.items():
            entry = existing.get(key)
            if entry is None:
                entry = SearchEntry(kind=key[0], object_id=key[1], **values)
            elif all(getattr(entry, name) == value for name, value in values.items()):
                continue
            else:
                for name, value in values.items():
                    setattr(entry, name, value)
            entry.save()
            changed.append(entry.pk)
        if connection.vendor == "postgresql" and changed:
            _refresh_vectors(SearchEntry.objects.filter(pk__in=changed))
    return len(wanted)


def _has_field(model, path: str) -> bool:
    current = model
    for part in path.split("__"):
        try:
            current = current._meta.get_field(part).related_model
        except Exception:  # noqa: BLE001 - a path this model does not have
            return False
        if current is None:
            return False
    return True


# -- querying ----------------------------------------------------------------------------------------------------
class QueryError(ValueError):
    """The query cannot be searched; the message says why in the reader's language."""


@dataclass
class Result:
    entry: SearchEntry
    excerpt: SafeString
    title: SafeString

    @property
    def url(self) -> str:
        """The record's address in the reader's language (/ru/... on Russian pages)."""
        language = get_language() or settings.LANGUAGE_CODE
        with translation.override(settings.LANGUAGE_CODE):  # stored addresses resolve in the default language
            return translate_url(self.entry.url, language)


@dataclass
class Group:
    kind: str
    label: str
    results: list[Result] = field(default_factory=list)


def parse(q: str) -> list[str]:
    """The query's words (stemmed), or QueryError when there is nothing to search for."""
    q = (q or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        q = q[:MAX_QUERY_CHARS]
    terms = [w for w in words(q) if len(w) > 1][:MAX_TERMS]
    if not terms:
        raise QueryError(_("Type at least one word of two letters or more, e.g. “methadone”, “метадон” or “228”."))
    return terms


def search(*, q: str, country: str | None = None, kinds: list[str] | None = None) -> list[Group]:
    """Published records matching every word of the query, grouped by kind; a fixed number of queries."""
    terms = parse(q)
    entries = SearchEntry.objects.select_related("country")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        condition = None
        for term in terms:
            one = SearchQuery(term, config="russian", search_type="plain") | SearchQuery(term, config="english",
                                                                                        search_type="plain")
            condition = one if condition is None else condition & one
        entries = entries.filter(vector=condition)
    else:
        for term in terms:
            entries = entries.filter(stems__contains=f" {stem(term)} ")
    if country:
        entries = entries.filter(country__iso2=country_code(country))
    if kinds:
        entries = entries.filter(kind__in=kinds)
    query_stems = {stem(t) for t in terms}
    groups = {kind: Group(kind=kind, label=str(label)) for kind, label in KINDS.items()}
    for entry in entries.order_by("kind", "title_en")[: PER_KIND * len(KINDS) * 2]:
        group = groups[entry.kind]
        if len(group.results) >= PER_KIND:
            continue
        group.results.append(Result(entry=entry, title=highlight(entry.title, query_stems),
                                    excerpt=excerpt(_reader_text(entry), query_stems)))
    return [g for g in groups.values() if g.results]


def _reader_text(entry: SearchEntry) -> str:
    """The text an excerpt is cut from: the reader's language, the other only where the reader's has none. The
    record's words in both languages are searched all the same; a match in the other language shows in the title."""
    russian = reads_russian()
    own, other = (entry.text_ru, entry.text_en) if russian else (entry.text_en, entry.text_ru)
    return own if own.strip() else other


def _russian(render) -> str:
    """What a record's method or property gives on a Russian page (entries are built in the default language)."""
    with translation.override("ru"):
        return str(render())


def highlight(text: str, query_stems: set[str]) -> SafeString:
    """The text, escaped, with the words whose stem was searched for in <mark>."""
    out, last = [], 0
    for match in WORD.finditer(text or ""):
        if stem(match.group()) in query_stems:
            out.append(escape(text[last:match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape((text or "")[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def excerpt(text: str, query_stems: set[str], width: int = 160) -> SafeString:
    """About `width` characters around the first searched-for word, highlighted."""
    text = " ".join((text or "").split())
    first = next((m.start() for m in WORD.finditer(text) if stem(m.group()) in query_stems), None)
    if first is None:
        return highlight(text[:width] + ("…" if len(text) > width else ""), query_stems)
    start = max(0, first - width // 3)
    piece = text[start:start + width]
    return highlight(("…" if start else "") + piece + ("…" if start + width < len(text) else ""), query_stems)


_paused = threading.local()


@contextmanager
def paused():
    """Leave the index alone while many records are written (the seed), then rebuild it once."""
    _paused.on = True
    try:
        yield
    finally:
        _paused.on = False


def connect_signals() -> None:
    """Keep the index current on every save and delete of an indexed record."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def saved(sender, instance, raw=False, **kwargs):
        if not raw and not getattr(_paused, "on", False):
            index(instance)

    def deleted(sender, instance, **kwargs):
        if not getattr(_paused, "on", False):
            unindex(instance)

    def themes_changed(sender, instance, action, **kwargs):
        if action.startswith("post_") and not getattr(_paused, "on", False):
            index(instance)

    from recommendations.models import Recommendation

    # The receivers live only in this function, so the signals must hold them strongly.
    m2m_changed.connect(themes_changed, sender=Recommendation.themes.through, weak=False,
                        dispatch_uid="search-index-themes")

    for model in indexed_models():
        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"search-index-{model.__name__}")
        post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"search-unindex-{model.__name__}")
