"""Rules about the core records, each written once: in force on a date, weak sources, citations, current values."""


from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Assessment, Citation, Country, Indicator, fact_grade


def citations_prefetch(*, sources: bool = True) -> Prefetch:
    """A fact's citations in order, each with its source; with `sources=False` the sources are left to
    `attach_sources`, which loads them once for all the facts of a page."""
    queryset = Citation.objects.order_by("pk")
    return Prefetch("citations", queryset=queryset.select_related("source") if sources else queryset)


def attach_sources(facts) -> None:
    """The sources of the facts' prefetched citations in one query, one object per source however often it is cited."""
    prefetch_related_objects([citation for fact in facts for citation in fact.citations.all()], "source")


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
