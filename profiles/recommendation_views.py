from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from countries.http import data_conditional
from countries.models import Country, Source, country_code
from opendata import tables
from opendata.exports import export
from recommendations.models import Addressee, Recommendation, ReportNote, Theme
from recommendations.selectors import (
    by_kind,
    kind_counts,
    kind_counts_sentence,
    recommendation_queryset,
    search_recommendations,
    source_items,
    status_legend,
    status_map_fills,
)


@data_conditional(params=("source", "kind", "theme", "addressee", "country", "q", "page", "format"))
def recommendation_list(request):
    filters = {key: request.GET.get(key, "") for key in ("source", "kind", "theme", "addressee", "country", "q")}
    queryset = recommendation_queryset()
    if filters["kind"]:
        queryset = queryset.filter(kind=filters["kind"])
    if filters["source"]:
        queryset = queryset.filter(source__slug=filters["source"])
    if filters["theme"]:
        queryset = queryset.filter(themes__slug=filters["theme"])
    if filters["addressee"]:
        queryset = queryset.filter(addressees__slug=filters["addressee"])
    if filters["country"]:
        code = country_code(filters["country"])
        # Only published progress counts: an editor's draft must not change what the public gets.
        queryset = queryset.filter(Q(countries__iso2=code) | Q(progress__country__iso2=code, progress__published=True))
    queryset = search_recommendations(queryset, filters["q"].strip())
    queryset = by_kind(queryset.distinct())
    counts = kind_counts(queryset=Recommendation.objects.filter(pk__in=queryset.values("pk")))
    if not (filters["kind"] or filters["q"]):
        # A passage that became a numbered recommendation is shown folded under it, not a second time.
        queryset = queryset.filter(became__isnull=True)
    # The file holds every item the filters select, not only the page on screen.
    exported = export(request, (tables.RECOMMENDATIONS, queryset), parts=[filters["country"], filters["theme"]])
    if exported is not None:
        return exported
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "recommendations/recommendation_list.html", {
        "page": page, "filters": filters, "query": query.urlencode(), "counts": counts,
        "counts_sentence": kind_counts_sentence(counts), "kinds": Recommendation.Kind.choices,
        "sources": Source.objects.filter(kind=Source.Kind.MEETING_REPORT).order_by("date"),
        "themes": Theme.objects.all(), "addressees": Addressee.objects.all(),
        "countries": Country.objects.filter(Q(focus_region=True) | Q(recommendations__isnull=False)).distinct(),
    })


@data_conditional
def source_detail(request, slug: str):
    source = get_object_or_404(Source, slug=slug)
    report_note = ReportNote.objects.filter(source=source).first()
    counts = kind_counts(queryset=Recommendation.objects.filter(source=source))
    return render(request, "recommendations/source_detail.html", {
        "source": source, "report_note": report_note, "recommendations": source_items(source=source), "counts": counts,
        "counts_sentence": kind_counts_sentence(counts),
    })


def _progress_url(country: Country) -> str:
    return reverse("country-detail", args=[country.iso2.lower()]) + "#progress"


@data_conditional
def recommendation_detail(request, pk: int):
    """One item of a report with where each focus country stands on it, as a map and as a country × status grid."""
    rec = get_object_or_404(recommendation_queryset(), pk=pk)
    countries = list(Country.objects.focus().order_by("name_en"))
    fills = status_map_fills(progress=rec.published_progress, countries=countries, url_for=_progress_url)
    assessed = sum(1 for fill in fills.values() if fill["status"])
    return render(request, "recommendations/recommendation_detail.html", {
        "rec": rec, "fills": fills, "legend": status_legend(), "assessed": assessed,
        "not_assessed": len(fills) - assessed,
    })
