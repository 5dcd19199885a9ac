"""Rules about the core records, each written once: in force on a date, weak sources, citations, current values."""

from collections import defaultdict

from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Assessment, Citation, Country, Indicator, Source, fact_grade


def citations_prefetch() -> Prefetch:
    """A fact's citations in order, each with its source."""
    return Prefetch("citations", queryset=Citation.objects.order_by("pk").select_related("source"))


def set_prefetched(record, name: str, model, items: list) -> None:
    """Hand `record` the related objects of relation `name` already loaded, as Django's prefetch would:
    `record.<name>.all()` then answers `items` without a query."""
    queryset = model.objects.all()
    queryset._result_cache, queryset._prefetch_done = items, True
    record._prefetched_objects_cache = {**getattr(record, "_prefetched_objects_cache", {}), name: queryset}


def attach_citations(facts, *, quoting=(), sourced=()) -> None:
    """Each fact's citations in order (`fact.citations.all()`), each with its source, for any mix of kinds of fact in
    three queries: which citations each fact has, the citations, their sources. The same list is also `fact.cited`,
    read without building a related manager. Each source is one object however often it is cited. A profile page would
    otherwise run a prefetch per kind of fact, each a query Django builds anew.
    `quoting`: records pointing at one citation each (a progress record's stances), given theirs from the same load;
    `sourced`: records pointing at one source each (a recommendation's report), likewise."""
    by_model: dict = defaultdict(dict)
    for fact in facts:
        by_model[type(fact)][fact.pk] = fact
    parts, params, kinds = [], [], list(by_model)
    quote = connection.ops.quote_name
    for index, model in enumerate(kinds):
        field = model._meta.get_field("citations")
        table, own, other = field.m2m_db_table(), field.m2m_column_name(), field.m2m_reverse_name()
        ids = list(by_model[model])
        parts.append(f"SELECT {index}, {quote(own)}, {quote(other)} FROM {quote(table)} "
                     f"WHERE {quote(own)} IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    links = []
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 3", params)
            links = cursor.fetchall()
    wanted = {citation_id for _, _, citation_id in links} | {record.citation_id for record in quoting}
    citations = Citation.objects.order_by().in_bulk(wanted)
    sources = Source.objects.order_by().in_bulk({c.source_id for c in citations.values()} | {r.source_id for r in sourced})
    for record in sourced:
        record.source = sources[record.source_id]
    for citation in citations.values():
        citation._state.fields_cache["source"] = sources[citation.source_id]
    for record in quoting:
        record.citation = citations[record.citation_id]
    cited = defaultdict(list)
    for kind, fact_id, citation_id in links:
        cited[kind, fact_id].append(citations[citation_id])
    for index, model in enumerate(kinds):
        for fact_id, fact in by_model[model].items():
            fact.cited = cited[index, fact_id]
            set_prefetched(fact, "citations", Citation, fact.cited)


def map_fills(*, indicator: Indicator, url_for) -> dict:
    """ISO alpha-2 -> colour and label of the current published value of one indicator, for every focus country."""
    today = timezone.localdate()
    assessments = Assessment.objects.published().filter(indicator=indicator).select_related("value")
    current = assessments.prefetch_related(citations_prefetch()).current(today)
    latest = {country_id: assessment for (country_id, _), assessment in current.items()}
    fills = {}
    for country in Country.objects.focus():
        assessment = latest.get(country.pk)
        fills[country.iso2] = {
            "name": country.name,
            "colour": assessment.value.colour if assessment else None,
            "label": assessment.value.label if assessment else _("no data"),
            "url": url_for(country),
            "value": assessment.value if assessment else None,
            "country": country,
            "disputed": bool(assessment and assessment.disputed),
            "grade": fact_grade(assessment),
        }
    return fills
