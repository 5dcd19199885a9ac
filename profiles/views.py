import logging
from datetime import date
from decimal import Decimal

from django.contrib.syndication.views import Feed
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.template import engines
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from countries.http import data_conditional
from countries.models import (
    GRADE_EXPLANATIONS,
    Assessment,
    Country,
    Grade,
    Indicator,
    Source,
    SubRegion,
    country_code,
    language_held,
)
from countries.selectors import map_fills
from legislation.models import TABLE_KINDS, Substance, Threshold, Unit, format_number, read_amount, read_unit
from legislation.selectors import consequences
from opendata import jsonld, tables
from opendata.exports import export
from profiles.quality import STATUS_INDICATORS, TOPICS, data_report
from recommendations.models import Recommendation

from .selectors import country_profile, recent_changes

logger = logging.getLogger(__name__)
LIABILITY_COLOURS = {"criminal": "#b2182b", "administrative": "#ef8a62", "unclear": "#fddbc7", "none": "#67a9cf"}


def liability_label(liability: str | None) -> str:
    from legislation.models import Sanction

    return str(dict(Sanction.Liability.choices).get(liability, _("no data")))


def country_url(country: Country) -> str:
    return reverse("country-detail", args=[country.iso2.lower()])


def parse_date(value: str | None) -> tuple[date | None, str]:
    if not value:
        return None, ""
    try:
        return date.fromisoformat(value), ""
    except ValueError:
        return None, _("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": value}


def parse_amount(request) -> tuple[Substance | None, Decimal | None, str, str]:
    """The 'what happens if' question from the query string: substance, amount and unit, or an error message."""
    slug, raw, unit = request.GET.get("substance"), request.GET.get("amount"), request.GET.get("unit", "g")
    substance = Substance.objects.filter(slug=slug).first() if slug else None
    try:
        read_unit(unit)  # on every path: the page labels the unit it is given
    except ValueError as error:
        return substance, None, "g", str(error)
    if not raw:
        return substance, None, unit, ""
    try:
        amount = read_amount(raw)
    except ValueError as error:
        return substance, None, unit, str(error)
    if substance is None:
        return None, None, unit, _("Choose a substance.")
    return substance, amount, unit, ""


@data_conditional(params=("indicator",))
def home(request):
    # Only indicators with at least one published value: an all-grey map tells a visitor nothing.
    with_data = Assessment.objects.published().in_force().values("indicator_id")
    indicators = list(Indicator.objects.filter(pk__in=with_data))
    chosen = next((i for i in indicators if i.slug == request.GET.get("indicator")), None)
    chosen = chosen or next((i for i in indicators if i.slug == "possession-personal-use"), indicators[0] if indicators else None)
    fills = map_fills(indicator=chosen, url_for=country_url) if chosen else {}
    possession = Assessment.objects.published().in_force().filter(indicator__slug="possession-personal-use")
    use = Assessment.objects.published().in_force().filter(indicator__slug="drug-use")
    figures = {
        "criminal_any_amount": possession.filter(value__slug="criminal").values("country").distinct().count(),
        "use_punished": use.exclude(value__slug="no-penalty").values("country").distinct().count(),
        "focus_countries": Country.objects.focus().count(),
        "recommendations": Recommendation.objects.count(),
        "thresholds": Threshold.objects.published().in_force().filter(kind__in=TABLE_KINDS).count(),
    }
    return render(request, "countries/home.html", {
        "indicators": indicators, "indicator": chosen, "fills": fills,
        "rows": sorted(fills.values(), key=lambda f: f["name"]), "figures": figures,
        "changes": recent_changes(limit=8),
    })


@data_conditional
def country_list(request):
    main = list(Indicator.objects.filter(is_main=True))
    current = Assessment.objects.published().filter(indicator__in=main).select_related("value").current()
    groups = []
    countries = list(Country.objects.focus().annotate(
        threshold_count=Count("thresholds", filter=Q(thresholds__published=True), distinct=True),
    ).order_by("name_en"))
    for code, label in SubRegion.choices:
        members = [c for c in countries if c.subregion == code]
        if not members:
            continue
        for country in members:
            country.statuses = [current.get((country.pk, i.pk)) for i in main]
        groups.append((label, members))
    return render(request, "countries/country_list.html", {"groups": groups, "indicators": main})


@data_conditional(params=("as_of", "substance", "amount", "unit", "format", "table"))
def country_detail(request, iso2: str):
    as_of, date_error = parse_date(request.GET.get("as_of"))
    with language_held():
        profile = country_profile(iso2=iso2, as_of=as_of)
    thresholds = [t for row in profile.threshold_rows for t in row.facts] + profile.other_thresholds
    exported = export(request, (tables.THRESHOLDS, thresholds), (tables.SANCTIONS, profile.sanctions + profile.proposals),
                      (tables.LAWS, profile.laws), parts=[profile.country.iso2], on=profile.as_of)
    if exported is not None:
        return exported
    substance, amount, unit, amount_error = parse_amount(request)
    answer = None
    if amount is not None:
        answer = consequences(substance=substance, amount=amount, unit=unit, countries=[profile.country], on=profile.as_of)[0]
    substances = Substance.objects.filter(thresholds__isnull=False).distinct()
    context = {
        "profile": profile, "country": profile.country, "date_error": date_error,
        "substances": substances, "substance": substance, "amount": amount, "unit": unit,
        "amount_error": amount_error, "answer": answer,
        "fills": {profile.country.iso2: {"name": profile.country.name, "colour": "#2b6cb0", "label": ""}},
        "laws_jsonld": jsonld.laws_graph(profile.laws, request=request, page_url=request.path) if profile.laws else None,
    }
    # The profile's content is a compiled Jinja2 template (profiles/jinja.py); the site's frame stays base.html.
    with language_held():  # neither the template nor the partials it includes switch language
        content = mark_safe(engines["jinja2"].get_template("countries/profile.html").render(context, request))
    return render(request, "countries/country_detail.html", {**context, "content": content})


@data_conditional(params=("substance", "amount", "unit", "country", "format"))
def compare(request):
    substances = list(Substance.objects.filter(thresholds__isnull=False).distinct().order_by("order"))
    substance, amount, unit, amount_error = parse_amount(request)
    substance = substance or next((s for s in substances if s.slug == "heroin"), substances[0] if substances else None)
    focus = list(Country.objects.focus())
    wanted = set(request.GET.getlist("country"))
    chosen = [c for c in focus if c.iso2 in wanted] or focus
    rows = []
    if substance is not None:
        thresholds = Threshold.objects.published().in_force().filter(
            substance=substance, kind__in=TABLE_KINDS, country__in=chosen
        ).select_related("law").prefetch_related("citations__source").order_by("tier", "amount")
        by_country = {}
        for threshold in thresholds:
            by_country.setdefault(threshold.country_id, [[], [], []])[threshold.tier - 1].append(threshold)
        results = {}
        if amount is not None:
            results = {r.country.pk: r for r in consequences(substance=substance, amount=amount, unit=unit, countries=chosen)}
        for country in chosen:
            rows.append({"country": country, "tiers": by_country.get(country.pk), "result": results.get(country.pk)})
    # Countries with neither a table nor an answer are named together in one line, not a row each.
    unknown = [r["country"] for r in rows if not r["tiers"] and not (r["result"] and r["result"].answered)]
    rows = [r for r in rows if r["country"] not in unknown]
    table = tables.COMPARE_WITH_AMOUNT if amount is not None else tables.COMPARE
    exported = export(request, (table, [{**r, "substance": substance, "amount": amount, "unit": unit} for r in rows]),
                      parts=[substance.slug if substance else "", f"{amount.normalize():f}{unit}" if amount else ""])
    if exported is not None:
        return exported
    chart = _chart(rows)
    fills = {}
    if amount is not None:
        for row in rows:
            result = row["result"]
            liability = result.liability if result else None
            fills[row["country"].iso2] = {
                "name": row["country"].name, "url": country_url(row["country"]),
                "colour": LIABILITY_COLOURS.get(liability),
                "label": liability_label(liability),
            }
    return render(request, "countries/compare.html", {
        "substances": substances, "substance": substance, "focus": focus, "chosen": {c.iso2 for c in chosen},
        "rows": rows, "amount": amount, "unit": unit, "amount_error": amount_error, "chart": chart, "fills": fills,
        "liability_colours": LIABILITY_COLOURS, "unknown": unknown, "unit_label": Unit(unit).label,
    })


def _chart(rows) -> dict:
    """Bar positions for the amounts chart, on a log scale so 0.005 g and 1000 g both show."""
    import math

    values = [t.amount for r in rows if r["tiers"] for cell in r["tiers"] for t in cell if t.amount and t.unit in {"g", "mg"}]
    if not values:
        return {}
    lo, hi = math.log10(float(min(values))) - 0.3, math.log10(float(max(values))) + 0.3
    span = (hi - lo) or 1
    bars = []
    for index, row in enumerate(r for r in rows if r["tiers"]):
        marks = []
        for cell in row["tiers"]:
            for t in cell:
                if t.amount and t.unit in {"g", "mg"}:
                    grams = float(t.amount) / (1000 if t.unit == "mg" else 1)
                    marks.append({"x": 160 + 600 * (math.log10(grams) - lo) / span, "tier": t.tier, "threshold": t})
        bars.append({"y": 30 + index * 28, "country": row["country"], "marks": marks})
    # Positions stay plain numbers for the SVG; the labels are text and follow the reader's language (0,01 г).
    ticks = [{"x": 160 + 600 * (e - lo) / span, "label": f"{format_number(Decimal(f'{10 ** e:g}'))} {_('g')}"}
             for e in range(math.ceil(lo), math.floor(hi) + 1)]
    return {"bars": bars, "height": 50 + len(bars) * 28, "ticks": ticks}


def changes(request):
    country = None
    if code := request.GET.get("country"):
        country = get_object_or_404(Country, iso2=country_code(code))
    return render(request, "countries/changes.html", {
        "changes": recent_changes(limit=50, country=country), "country": country,
        "countries": Country.objects.focus(),
    })


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text: editors type text, and a summary declared as HTML makes feed
    readers turn escaped markup back into markup."""

    def add_item_elements(self, handler, item):
        description = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if description is not None:
            handler.addQuickElement("summary", description, {"type": "text"})


class ChangesFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = gettext_lazy("PolicyHub: latest changes")
    subtitle = gettext_lazy("Changes to drug-policy laws, thresholds and sanctions in Eastern Europe and Central Asia")

    def get_object(self, request):
        code = request.GET.get("country")
        return get_object_or_404(Country, iso2=country_code(code)) if code else None

    def link(self, obj):
        return reverse("changes") + (f"?country={obj.iso2}" if obj else "")

    def items(self, obj):
        return recent_changes(limit=50, country=obj)

    def item_title(self, item):
        return f"{item.country.name + ': ' if item.country else ''}{item.headline}"

    def item_description(self, item):
        lines = [f"{item.text} ({_('evidence')}: {Grade(item.grade).label})" if item.grade else item.text]
        lines += [_("%(field)s: %(before)s → %(after)s") % {"field": f.label, "before": f.before, "after": f.after}
                  for f in item.fields]
        if item.change == "added":
            lines.append(_("Before: not public."))
        elif item.change == "removed":
            lines.append(_("After: no longer public."))
        return "\n".join(lines)

    def item_link(self, item):
        return country_url(item.country) if item.country else reverse("changes")

    def item_guid(self, item):
        return f"{self.item_link(item)}#{item.key}-{item.history_id}"

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when


@data_conditional
def coverage(request):
    report = data_report()
    grade_topics = [("status", _("Legal status")), ("thresholds", _("Thresholds")), ("sanctions", _("Sanctions")),
                    ("laws", _("Laws"))]
    grade_topics += [(i.slug, i.name) for i in Indicator.objects.exclude(slug__in=STATUS_INDICATORS)]
    labels = dict(grade_topics)
    gap_countries = [
        (entry.country, [(labels.get(g["topic"], g["topic"]), g["reason"]) for g in entry.country.gap_list])
        for entry in report.countries if entry.country.gaps
    ]
    return render(request, "countries/coverage.html", {
        "report": report, "topics": TOPICS, "grade_topics": grade_topics, "gap_countries": gap_countries,
    })


def about(request):
    from countries.http import data_version

    return render(request, "countries/about.html", {
        "dataset_jsonld": jsonld.policyhub_dataset(request=request, date_modified=data_version(request).changed_at),
        "sources": Source.objects.filter(kind=Source.Kind.MEETING_REPORT).annotate(n=Count("recommendations")),
        "today": timezone.localdate(),
        "grades": [(grade.value, GRADE_EXPLANATIONS[grade]) for grade in Grade],
    })


def country_brief(request, iso2: str):
    """The newest ready brief at once; when it is missing or stale, a render is queued and the page says so."""
    from django.http import FileResponse, Http404

    from profiles.models import Brief

    from .briefs import brief_for, request_render

    country = Country.objects.filter(iso2=country_code(iso2)).first()
    if country is None:
        raise Http404(_("No country with the code %(code)s.") % {"code": iso2})
    # The page's language (/ru/... is Russian); ?lang= stays as an explicit override.
    page_language = "ru" if (request.LANGUAGE_CODE or "en").startswith("ru") else "en"
    language = request.GET.get("lang", page_language)
    language = language if language in {"en", "ru"} else page_language
    brief = brief_for(country=country, language=language)
    queued = request_render(brief)
    brief.refresh_from_db()  # without a broker the render has already run in-process
    if brief.file:
        # While a newer brief is made (or cannot be made just now), the last good one is served.
        try:
            handle = brief.file.open("rb")
        except OSError:
            logger.warning("brief file missing: %s", brief.file.name)
        else:
            response = FileResponse(handle, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="policyhub-{country.iso2.lower()}-{language}.pdf"'
            response["X-Brief-Status"] = "current" if brief.is_current else "previous"
            if not brief.is_current:
                response["Cache-Control"] = "no-store"
            return response
    status = 503 if brief.status == Brief.Status.FAILED and not brief.file else 202
    response = render(request, "briefs/waiting.html", {"brief": brief, "country": country, "queued": queued,
                                                      "language": language}, status=status)
    response["Refresh"] = "3"
    response["Cache-Control"] = "no-store"
    return response


@data_conditional
def search(request):
    """One search box for everything: countries, laws, thresholds, sanctions, recommendations, progress, sources."""
    from . import search as site_search

    q = request.GET.get("q", "")
    country = request.GET.get("country", "")
    kind = request.GET.get("type", "")
    groups, error = [], ""
    if q.strip():
        try:
            groups = site_search.search(q=q, country=country or None,
                                        kinds=[kind] if kind in site_search.KINDS else None)
        except site_search.QueryError as exc:
            error = str(exc)
    elif "q" in request.GET:
        error = _("Type a word to search for.")
    exported = export(request, (tables.SEARCH, [(g, r) for g in groups for r in g.results]), parts=[q[:40]])
    if exported is not None:
        return exported
    return render(request, "countries/search.html", {
        "q": q[:site_search.MAX_QUERY_CHARS], "groups": groups, "error": error, "country": country, "kind": kind,
        "kinds": list(site_search.KINDS.items()), "countries": Country.objects.focus(),
        "count": sum(len(g.results) for g in groups),
    })
