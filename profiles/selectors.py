"""The country profile: one selector behind the profile page, the API detail and the PDF brief."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from countries.dates import display_date
from countries.models import (
    Citation,
    Country,
    Indicator,
    country_code,
    current_per_indicator,
    fact_grade,
    in_force,
    relies_on_weak_sources,
)
from countries.selectors import attach_citations
from legislation.models import TABLE_KINDS, FactKind, Law, Substance, Tier, shown_law
from legislation.selectors import (
    articles_prefetch,
    attach_alternatives,
    attach_laws,
    sanction_queryset,
    threshold_queryset,
)
from recommendations.models import Progress, Recommendation
from recommendations.selectors import STATUS_RANK, attach_stances

from .changes import Change, published_changes


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
        return shown_law(self.facts[0]) if len(laws) == 1 and self.facts else None

    @property
    def note(self) -> str:
        """The public note every line shares, shown once for the row."""
        notes = {t.public_note for t in self.facts}
        return notes.pop() if len(notes) == 1 else ""

    def mark_repeated_notes(self) -> None:
        """`shown_note` on each line: its public note, unless an earlier line of the row (a lower tier, or the same
        tier for another form) already shows the same words."""
        seen = set()
        for threshold in self.facts:
            threshold.shown_note = "" if threshold.public_note in seen else threshold.public_note
            seen.add(threshold.public_note)


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
    progress: list = field(default_factory=list)  # where the country stands on each recommendation, worst gap first
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
    def thresholds(self) -> list:
        """Every threshold in force the profile shows: the table's lines, then court limits, examples, proposals."""
        return [t for row in self.threshold_rows for cell in row.cells for t in cell] + self.other_thresholds

    @property
    def unassessed_recommendations(self) -> list:
        """Recommendations naming the country on which no progress is recorded."""
        return [rec for rec in self.recommendations if not rec.country_progress]

    @property
    def sources(self) -> list[tuple]:
        """(source, its cited passages in number order), each source once, in the order it is first cited."""
        groups: dict[int, tuple] = {}
        for citation in self.citations:
            groups.setdefault(citation.source_id, (citation.source, []))[1].append(citation)
        return list(groups.values())

    @property
    def has_legal_facts(self) -> bool:
        return bool(self.threshold_rows or self.sanctions or self.laws or any(a for _, a in self.indicators))


def country_profile(*, iso2: str, as_of: date | None = None, published_only: bool = True) -> CountryProfile:
    """Everything PolicyHub knows about one country as the law stood on a date (today by default).

    Runs a fixed number of queries whatever the amount of data.
    """
    try:
        country = Country.objects.get(iso2=country_code(iso2))
    except Country.DoesNotExist:
        raise Http404(_("No country with the code %(code)s.") % {"code": iso2}) from None
    today = timezone.localdate()
    on = as_of or today
    profile = CountryProfile(country=country, as_of=on, is_today=on == today)

    # Every fact's citations are loaded together at the end (attach_citations).
    assessments = country.assessments.select_related("value").order_by("-as_of", "-pk")
    facts = {"published_only": published_only, "country": country, "citations": False, "laws": False}
    thresholds = threshold_queryset(**facts).order_by("substance__order", "tier", "pk")
    sanctions = sanction_queryset(**facts, alternatives=False).order_by("offence", "band_from", "pk")
    if published_only:
        assessments = assessments.published()
    indicators = list(Indicator.objects.all())
    assessments, thresholds, sanctions = list(assessments), list(thresholds), list(sanctions)
    by_pk = {indicator.pk: indicator for indicator in indicators}
    for assessment in assessments:
        assessment.indicator = by_pk[assessment.indicator_id]
    # The country's laws and every law its thresholds and sanctions cite (published or not: the facts show an
    # unpublished law as none), in one query, each law one object however many facts cite it.
    cited = {fact.law_id for fact in [*thresholds, *sanctions] if fact.law_id is not None}
    every_law = list(Law.objects.filter(Q(country=country) | Q(pk__in=cited)).prefetch_related(articles_prefetch()).order_by("title_en"))
    attach_laws([*thresholds, *sanctions], every_law)
    attach_alternatives(sanctions)
    laws = [law for law in every_law if law.country_id == country.pk and (law.published or not published_only)]
    for law in laws:
        law.country = country

    current = current_per_indicator(assessments, on=on)
    profile.indicators = [(i, current.get((country.pk, i.pk))) for i in indicators]
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
    for row in profile.threshold_rows:
        row.mark_repeated_notes()
    for sanction in sanctions:
        if in_force(sanction, on):
            (profile.proposals if sanction.kind == FactKind.PROPOSAL else profile.sanctions).append(sanction)
    profile.laws = [law for law in laws if law.status != Law.Status.DRAFT and in_force(law, on)]

    profile.recommendations = _recommendations(country, published_only, on)
    profile.progress = _worst_gaps_first(profile.recommendations)
    profile.timeline = _timeline(laws, thresholds, sanctions, assessments)

    records = [record for recommendation in profile.recommendations for record in recommendation.country_progress]
    attach_citations([*assessments, *thresholds, *sanctions, *laws, *records], quoting=attach_stances(records),
                     sourced=profile.recommendations)
    facts = [a for _, a in profile.indicators if a] + [t for r in profile.threshold_rows for c in r.cells for t in c]
    facts += profile.other_thresholds + profile.sanctions + profile.proposals + profile.laws
    facts += profile.progress
    _number_citations(profile, facts)
    _attach_disputes(profile, [*assessments, *thresholds, *sanctions])
    dates = [c.described_on for c in profile.citations if c.described_on]
    profile.newest_fact = max(dates) if dates else None
    profile.oldest_fact = min(dates) if dates else None
    return profile


def _recommendations(country: Country, published_only: bool, on: date) -> list[Recommendation]:
    """The recommendations naming the country or with progress recorded for it, each with the country's progress
    records known on the date (`country_progress`, latest first)."""
    progress = country.progress.in_force(on).filter(Q(as_of__isnull=True) | Q(as_of__lte=on)).order_by(
        F("as_of").desc(nulls_last=True), "-pk")
    if published_only:
        progress = progress.published()
    progress = list(progress)
    recommendations = list(
        Recommendation.objects.filter(Q(countries=country) | Q(pk__in={p.recommendation_id for p in progress}))
        .distinct().order_by("source__date", "order")  # each with its report: see attach_citations in country_profile
    )
    by_recommendation = defaultdict(list)
    for record in progress:
        by_recommendation[record.recommendation_id].append(record)
    for recommendation in recommendations:
        recommendation.country_progress = by_recommendation[recommendation.pk]
        for record in recommendation.country_progress:
            record.recommendation = recommendation
    return recommendations


def _worst_gaps_first(recommendations: list[Recommendation]) -> list[Progress]:
    """The latest record on each recommendation, worst status first (reversed, not started, in progress, partly
    implemented, implemented); within a status, in the order of the reports."""
    latest = [rec.country_progress[0] for rec in recommendations if rec.country_progress]
    return sorted(latest, key=lambda p: STATUS_RANK[p.status])


def _timeline(laws, thresholds, sanctions, assessments) -> list[TimelineEvent]:
    events: dict[tuple, TimelineEvent] = {}

    def add(when, precision, text):
        if when:
            events.setdefault((when, text), TimelineEvent(when, precision, text))

    # Each sentence translated once, not once per fact.
    enters, ceases = _("%(law)s enters into force"), _("%(law)s ceases to apply")
    set_, superseded = _("Quantity thresholds set: %(what)s"), _("Quantity thresholds superseded: %(what)s")
    applies, ends = _("Sanction applies: %(what)s"), _("Sanction ends: %(what)s")
    reform = _("Reform: %(what)s")
    for law in laws:
        add(law.valid_from, law.valid_from_precision, enters % {"law": law.title})
        add(law.valid_to, law.valid_to_precision, ceases % {"law": law.title})
    for threshold in thresholds:
        law = shown_law(threshold)
        source = law.title if law else threshold.term
        add(threshold.valid_from, threshold.valid_from_precision, set_ % {"what": source})
        add(threshold.valid_to, threshold.valid_to_precision, superseded % {"what": source})
    for sanction in sanctions:
        add(sanction.valid_from, sanction.valid_from_precision, applies % {"what": sanction.offence_text})
        add(sanction.valid_to, sanction.valid_to_precision, ends % {"what": sanction.offence_text})
    for assessment in assessments:
        if assessment.reform_date:
            add(assessment.reform_date, assessment.reform_precision, reform % {"what": assessment.reform})
    return sorted(events.values(), key=lambda e: e.when, reverse=True)


def _number_citations(profile: CountryProfile, facts) -> None:
    """Give each cited source passage a number in page order and attach the numbers to each fact. One passage
    cited by several facts (the same source, place, quotation and renderings) is listed once under one number."""
    numbers: dict[tuple, int] = {}
    for fact in facts:
        refs = []
        cited = fact.cited  # attach_citations
        for citation in cited:
            key = (citation.source_id, citation.locator, citation.quote, citation.quote_en, citation.quote_ru,
                   citation.described_on, citation.described_precision)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                profile.citations.append(citation)
            if numbers[key] not in refs:
                refs.append(numbers[key])
        fact.refs = refs
        fact.low_reliability = relies_on_weak_sources(fact, cited)
        fact_grade(fact, cited)  # kept on the fact, so the page's badges need not read the citations again
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
    """The latest published changes to sourced facts, newest first, with before and after values (profiles.changes)."""
    return published_changes(limit=limit, country_ids=None if country is None else [country.pk])