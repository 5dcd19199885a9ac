"""Rules about the core records, each written once: in force on a date, weak sources, citations, current values."""

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Assessment, Citation, Country, Indicator, fact_grade


def citations_prefetch() -> Prefetch:
    return Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("pk"))


def in_force(fact, on: date) -> bool:
    return (fact.valid_from is None or fact.valid_from <= on) and (fact.valid_to is None or fact.valid_to > on)


def relies_on_weak_sources(fact) -> bool:
    citations = fact.citations.all()
    return bool(citations) and all(c.source.is_low_reliability for c in citations)


def map_fills(*, indicator: Indicator, url_for) -> dict:
    """ISO alpha-2 -> colour and label of the current published value of one indicator, for every focus country."""
    today = timezone.localdate()
    latest = {}
    assessments = Assessment.objects.published().in_force(today).filter(indicator=indicator).select_related("value")
    for assessment in assessments.prefetch_related(citations_prefetch()).order_by("as_of", "pk"):
        latest[assessment.country_id] = assessment
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
