"""The country profile: one selector behind the profile page, the API detail and the PDF brief."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from legislation.models import TABLE_KINDS, FactKind, Law, Substance, Tier
from legislation.selectors import citations_prefetch, law_queryset, sanction_queryset, threshold_queryset
from policyhub.dates import display_date
from recommendations.models import Progress, Recommendation

from .changes import Change, published_changes  # noqa: F401  (Change is part of this module's interface)
from .models import Assessment, Citation, Country, Indicator, fact_grade


def in_force(fact, on: date) -> bool:
    return (fact.valid_from is None or fact.valid_from <= on) and (fact.valid_to is None or fact.valid_to > on)


def relies_on_weak_sources(fact) -> bool:
    citations = fact.citations.all()
    return bool(citations) and all(c.source.is_low_reliability for c in citations)


@dataclass
class TimelineEvent:
    when: date
    precision: str
    text: str

    @property
    def when_display(self) -> str:
        return display_date(self.when, self.precision)


@dataclass
class ThresholdRow:
    substance: Substance
    cells: list[list] = field(default_factory=list)  # one list of thresholds per tier (1..3)

    @property
    def facts(self) -> list:
        return [t for cell in self.cells for t in cell]

    @property
    def law(self):
        """The law every line of the row comes from, shown once for the row; None when they differ."""
        laws = {t.law_id for t in self.facts}
        return self.facts[0].law if len(laws) == 1 and self.facts else None

    @property
    def note(self) -> str:
        """The public note every line shares, shown once for the row."""
        notes = {t.public_note for t in self.facts}
        return notes.pop() if len(notes) == 1 else ""


@dataclass
class CountryProfile:
    country: Country
    as_of: date
    is_today: bool
    indicators: list = field(default_factory=list)  # (indicator, assessment or None)
    threshold_rows: list[ThresholdRow] = field(default_factory=list)
    other_thresholds: list = field(default_factory=list)  # court limits, illustrative examples, proposals
    sanctions: list = field(default_factory=list)
    proposals: list = field(default_factory=list)
    laws: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    disputes: dict = field(default_factory=dict)  # dispute group -> facts
    gaps: list = field(default_factory=list)  # (topic label, reason): what PolicyHub could not establish
    newest_fact: date | None = None
    oldest_fact: date | None = None

    @property
    def tiers(self):
        return Tier.choices

    @property
    def known_indicators(self) -> list:
        """(indicator, assessment) for the indicators PolicyHub has a value for."""
        return [(indicator, assessment) for indicator, assessment in self.indicators if assessment]

    @property
    def unknown_indicators(self) -> list:
        """The indicators with no value yet, named together in one line rather than a row of "not known" each."""
        return [indicator for indicator, assessment in self.indicators if not assessment]

    @property
    def has_legal_facts(self) -> bool:
        return bool(self.threshold_rows or self.sanctions or self.laws or any(a for _, a in self.indicators))


def country_profile(*, iso2: str, as_of: date | None = None, published_only: bool = True) -> CountryProfile:
    """Everything PolicyHub knows about one country as the law stood on a date (today by default).

    Runs a fixed number of queries whatever the amount of data.
    """
    try:
        country = Country.objects.get(iso2=iso2.upper())
    except Country.DoesNotExist:
        raise Http404(_("No country with the code %(code)s.") % {"code": iso2}) from None
    today = timezone.localdate()
    on = as_of or today
    profile = CountryProfile(country=country, as_of=on, is_today=on == today)

    assessments = Assessment.objects.filter(country=country).select_related("value", "indicator").prefetch_related(
        citations_prefetch()
    ).order_by("-as_of", "-pk")
    thresholds = threshold_queryset(published_only=published_only).filter(country=country).order_by("substance__order", "tier", "pk")
    sanctions = sanction_queryset(published_only=published_only).filter(country=country).order_by("offence", "band_from", "pk")
    laws = law_queryset(published_only=published_only).filter(country=country).order_by("title_en")
    if published_only:
        assessments = assessments.published()
    indicators = list(Indicator.objects.prefetch_related("values"))
    assessments, thresholds, sanctions, laws = list(assessments), list(thresholds), list(sanctions), list(laws)

    current_assessment = {}
    for assessment in assessments:
        if in_force(assessment, on) and assessment.indicator_id not in current_assessment:
            current_assessment[assessment.indicator_id] = assessment
    profile.indicators = [(i, current_assessment.get(i.pk)) for i in indicators]
    topic_labels = {"status": _("Legal status"), "thresholds": _("Quantity thresholds"), "sanctions": _("Sanctions"),
                    "laws": _("Laws"), **{i.slug: i.name for i in indicators}}
    profile.gaps = [(topic_labels.get(g["topic"], g["topic"]), g["reason"]) for g in country.gap_list]

    rows: dict[int, ThresholdRow] = {}
    for threshold in thresholds:
        if not in_force(threshold, on):
            continue
        if threshold.kind in TABLE_KINDS:
            row = rows.setdefault(threshold.substance_id, ThresholdRow(threshold.substance, [[], [], []]))
            row.cells[threshold.tier - 1].append(threshold)
        else:
            profile.other_thresholds.append(threshold)
    profile.threshold_rows = list(rows.values())
    for sanction in sanctions:
        if in_force(sanction, on):
            (profile.proposals if sanction.kind == FactKind.PROPOSAL else profile.sanctions).append(sanction)
    profile.laws = [law for law in laws if law.status != Law.Status.DRAFT and in_force(law, on)]

    profile.recommendations = _recommendations(country, published_only)
    profile.timeline = _timeline(laws, thresholds, sanctions, assessments)

    facts = [a for _, a in profile.indicators if a] + [t for r in profile.threshold_rows for c in r.cells for t in c]
    facts += profile.other_thresholds + profile.sanctions + profile.proposals + profile.laws
    facts += [p for r in profile.recommendations for p in r.country_progress]
    _number_citations(profile, facts)
    _attach_disputes(profile, [*assessments, *thresholds, *sanctions])
    dates = [c.described_on for c in profile.citations if c.described_on]
    profile.newest_fact = max(dates) if dates else None
    profile.oldest_fact = min(dates) if dates else None
    return profile


def _recommendations(country: Country, published_only: bool) -> list[Recommendation]:
    progress = Progress.objects.filter(country=country).prefetch_related(citations_prefetch()).order_by("-as_of")
    if published_only:
        progress = progress.published()
    recommendations = (
        Recommendation.objects.filter(pk__in=Recommendation.objects.filter(countries=country).values("pk"))
        | Recommendation.objects.filter(pk__in=progress.values("recommendation_id"))
    )
    return list(
        recommendations.distinct().select_related("source").prefetch_related(
            "themes", Prefetch("progress", queryset=progress, to_attr="country_progress")
        ).order_by("source__date", "order")
    )


def _timeline(laws, thresholds, sanctions, assessments) -> list[TimelineEvent]:
    events: dict[tuple, TimelineEvent] = {}

    def add(when, precision, text):
        if when:
            events.setdefault((when, text), TimelineEvent(when, precision, text))

    for law in laws:
        add(law.valid_from, law.valid_from_precision, _("%(law)s enters into force") % {"law": law.title})
        add(law.valid_to, law.valid_to_precision, _("%(law)s ceases to apply") % {"law": law.title})
    for threshold in thresholds:
        source = threshold.law.title if threshold.law else threshold.term
        add(threshold.valid_from, threshold.valid_from_precision, _("Quantity thresholds set: %(what)s") % {"what": source})
        add(threshold.valid_to, threshold.valid_to_precision, _("Quantity thresholds superseded: %(what)s") % {"what": source})
    for sanction in sanctions:
        add(sanction.valid_from, sanction.valid_from_precision,
            _("Sanction applies: %(what)s") % {"what": sanction.offence_text})
        add(sanction.valid_to, sanction.valid_to_precision,
            _("Sanction ends: %(what)s") % {"what": sanction.offence_text})
    for assessment in assessments:
        if assessment.reform_date:
            add(assessment.reform_date, assessment.reform_precision, _("Reform: %(what)s") % {"what": assessment.reform})
    return sorted(events.values(), key=lambda e: e.when, reverse=True)


def _number_citations(profile: CountryProfile, facts) -> None:
    """Give each cited source passage a number in page order and attach the numbers to each fact."""
    numbers: dict[int, int] = {}
    for fact in facts:
        refs = []
        for citation in fact.citations.all():
            if citation.pk not in numbers:
                numbers[citation.pk] = len(numbers) + 1
                profile.citations.append(citation)
            refs.append(numbers[citation.pk])
        fact.refs = refs
        fact.low_reliability = relies_on_weak_sources(fact)
    for number, citation in enumerate(profile.citations, start=1):
        citation.number = number


def _attach_disputes(profile: CountryProfile, facts) -> None:
    groups = defaultdict(list)
    for fact in facts:
        if fact.disputed and fact.dispute_group:
            groups[fact.dispute_group].append(fact)
    for fact in facts:
        fact.disputed_with = [other for other in groups.get(fact.dispute_group, []) if other is not fact] if fact.disputed else []
    profile.disputes = dict(groups)


def recent_changes(*, limit: int = 20, country: Country | None = None) -> list[Change]:
    """The latest published changes to sourced facts, newest first, with before and after values (countries.changes)."""
    return published_changes(limit=limit, country_ids=None if country is None else [country.pk])


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
