"""Reads of the reports' items shared by the pages and the API."""

from collections import defaultdict
from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from countries.models import Citation
from countries.selectors import set_prefetched

from .models import Progress, Recommendation, Stance

KIND_RANK = {kind: rank for rank, kind in enumerate(Recommendation.Kind.values)}


def _kind_phrase(kind: str, n: int) -> str:
    # One msgid per kind, so that each language declines the noun for the number.
    forms = {
        "recommendation": ngettext("%(n)d recommendation", "%(n)d recommendations", n),
        "conclusion": ngettext("%(n)d conclusion or outcome", "%(n)d conclusions or outcomes", n),
        "critical_issue": ngettext("%(n)d critical issue", "%(n)d critical issues", n),
        "workshop_proposal": ngettext("%(n)d workshop proposal", "%(n)d workshop proposals", n),
        "speaker_proposal": ngettext("%(n)d speaker's proposal", "%(n)d speakers' proposals", n),
    }
    return forms[kind] % {"n": n}


def kind_counts(*, queryset: QuerySet) -> list[dict]:
    """How many items of each kind the queryset holds, in the order kinds are shown, with a phrase per kind."""
    rows = queryset.order_by().values("kind").annotate(n=Count("pk", distinct=True))
    counts = sorted(((row["kind"], row["n"]) for row in rows), key=lambda row: KIND_RANK[row[0]])
    return [{"kind": kind, "n": n, "phrase": _kind_phrase(kind, n)} for kind, n in counts]


def kind_counts_sentence(counts: list[dict]) -> str:
    """“24 recommendations and 49 workshop proposals”."""
    phrases = [c["phrase"] for c in counts]
    if len(phrases) < 2:
        return phrases[0] if phrases else ""
    return str(format_lazy("{} {} {}", ", ".join(phrases[:-1]), _("and"), phrases[-1]))


def by_kind(queryset: QuerySet) -> QuerySet:
    """The report's own recommendations first, then conclusions, critical issues and proposals; each in report order."""
    rank = Case(*[When(kind=kind, then=Value(r)) for kind, r in KIND_RANK.items()], output_field=IntegerField())
    return queryset.annotate(kind_rank=rank).order_by(F("source__date").desc(nulls_last=True), "source_id", "kind_rank", "order")


# Worst gap first: a reversal, then nothing done, then work under way, then partial, then done.
STATUS_ORDER = ["reversed", "not_started", "in_progress", "partly_implemented", "implemented"]
STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_ORDER)}

# The map's colour for each status (ColorBrewer RdBu, readable with the common colour-vision deficiencies);
# a country with no record stays the map's grey.
STATUS_COLOURS = {
    "reversed": "#67001f", "not_started": "#d6604d", "in_progress": "#f4a582",
    "partly_implemented": "#92c5de", "implemented": "#2166ac",
}


def status_rank() -> Case:
    return Case(*[When(status=s, then=Value(r)) for s, r in STATUS_RANK.items()], output_field=IntegerField())


def stances_prefetch() -> Prefetch:
    """Each record's government and civil-society stances with the passages they quote."""
    return Prefetch("stances", queryset=Stance.objects.select_related("citation__source").order_by("side", "pk"))


def attach_stances(records: list[Progress]) -> list[Stance]:
    """Each record's stances (`record.stances.all()`, in side order) in at most one query, without their citations:
    the caller gives those with the rest of the page's (`countries.selectors.attach_citations(..., quoting=stances)`).
    Only a record stating a disagreement shows its stances (`Progress.sides`), so only those records' are loaded, and no
    query is made when none states one. Returns every stance loaded."""
    disagreeing = [record for record in records if record.disagreement_en]
    stances = list(Stance.objects.filter(progress__in=disagreeing).order_by("side", "pk")) if disagreeing else []
    by_record = defaultdict(list)
    for stance in stances:
        by_record[stance.progress_id].append(stance)
    for record in records:
        set_prefetched(record, "stances", Stance, by_record[record.pk])
    return stances


def progress_by_status() -> QuerySet:
    """Published progress, worst status first, then by country; with its citations, their sources and the stances."""
    return (
        Progress.objects.published().select_related("country")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("pk")), stances_prefetch(),
        )
        .annotate(status_rank=status_rank()).order_by("status_rank", "country__name_en", "-as_of")
    )


def status_map_fills(*, progress: list, countries: list, url_for) -> dict:
    """ISO alpha-2 -> the map entry of one recommendation's status in each focus country (the latest record counts).

    A focus country with no record is named "no progress recorded": grey on the map, never read as "not started".
    """
    latest: dict[int, Progress] = {}
    for record in sorted(progress, key=lambda p: p.as_of or date.min):
        latest[record.country_id] = record
    fills = {}
    for country in countries:
        record = latest.get(country.pk)
        fills[country.iso2] = {
            "name": country.name,
            "colour": STATUS_COLOURS[record.status] if record else None,
            "label": record.get_status_display() if record else _("no progress recorded"),
            "url": url_for(country),
            "status": record.status if record else "",
        }
    return fills


def status_legend() -> list[dict]:
    """The map's legend: each status with its colour, worst first."""
    return [{"status": s, "label": Progress.Status(s).label, "colour": STATUS_COLOURS[s]} for s in STATUS_ORDER]


def recommendation_queryset() -> QuerySet:
    """Items with what a page shows of them: report, tags, published progress, what they became and their origins."""
    published = progress_by_status()
    return Recommendation.objects.select_related("source", "became").prefetch_related(
        "themes", "addressees", "countries",
        Prefetch("progress", queryset=published, to_attr="published_progress"),
        # A folded passage shows its reference, wording and section only: nothing else is fetched for it.
        Prefetch(
            "origins",
            queryset=Recommendation.objects.select_related("source").order_by("order"),
            to_attr="origin_list",
        ),
    )


def source_items(*, source) -> QuerySet:
    """A report's items as its page lists them: top-level items by kind, each folding the passages it grew from."""
    return by_kind(recommendation_queryset().filter(source=source, became__isnull=True))


# A search is a few words: longer input is cut, so one request cannot build an unbounded query.
SEARCH_MAX_CHARS = 200
SEARCH_MAX_TERMS = 10


def search_recommendations(queryset, text: str):
    """Full-text search on PostgreSQL; a plain case-insensitive match elsewhere. At most SEARCH_MAX_TERMS words of
    the first SEARCH_MAX_CHARS characters are used."""
    text = " ".join(text[:SEARCH_MAX_CHARS].split()[:SEARCH_MAX_TERMS])
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector("text", "summary_en", "summary_ru", "section", "label", config="simple")
        return queryset.annotate(search=vector).filter(search=SearchQuery(text, config="simple", search_type="websearch"))
    words = [w for w in text.split() if w]
    for word in words:
        queryset = queryset.filter(
            Q(text__icontains=word) | Q(summary_en__icontains=word) | Q(summary_ru__icontains=word) | Q(section__icontains=word)
        )
    return queryset
