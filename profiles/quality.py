"""Data-quality checks shared by `manage.py check_data` and the coverage page."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from django.db.models import Q
from django.utils import timezone

from countries.models import (
    Assessment,
    Citation,
    Country,
    Grade,
    Indicator,
    Source,
    fact_grade,
    in_force,
    relies_on_weak_sources,
)
from countries.selectors import citations_prefetch
from legislation.models import TABLE_KINDS, Law, Sanction, Substance, Threshold
from legislation.scripts import script_mismatch
from legislation.units import is_currency_code

TOPICS = ("indicators", "thresholds", "sanctions", "laws")
STATUS_INDICATORS = ("possession-personal-use", "drug-use")



@dataclass
class CountryCoverage:
    country: Country
    indicators: list[str] = field(default_factory=list)
    thresholds: dict[str, int] = field(default_factory=dict)  # substance -> current table entries
    sanctions: dict[str, int] = field(default_factory=dict)  # offence -> current sanctions
    laws: int = 0
    newest: date | None = None
    oldest: date | None = None
    conflicts: int = 0
    weak_only: int = 0
    grade_mix: dict[str, int] = field(default_factory=dict)  # grade -> published facts in force
    topic_grades: dict[str, str | None] = field(default_factory=dict)  # topic or indicator slug -> best grade
    substances: dict[str, Substance] = field(default_factory=dict)  # slug -> substance, for names in the reader's language

    def threshold_items(self) -> list[tuple[str, int]]:
        """(substance name in the active language, current table entries), for readers rather than the slugs."""
        return [(self.substances[slug].name if slug in self.substances else slug, n) for slug, n in self.thresholds.items()]

    def sanction_items(self) -> list[tuple[str, int]]:
        """(offence label in the active language, current sanctions), for readers rather than the codes."""
        return [(str(Sanction.Offence(code).label), n) for code, n in self.sanctions.items()]

    def grade_for(self, topic: str) -> str | None:
        return self.topic_grades.get(topic)

    @property
    def grade_mix_display(self) -> str:
        return ", ".join(f"{g} {self.grade_mix[g]}" for g in sorted(self.grade_mix)) or "none"

    @property
    def facts(self) -> int:
        return len(self.indicators) + sum(self.thresholds.values()) + sum(self.sanctions.values()) + self.laws

    def topic_level(self, topic: str) -> str:
        """'none', 'thin' or 'good' for the coverage grid."""
        count = {"indicators": len(self.indicators), "thresholds": sum(self.thresholds.values()),
                 "sanctions": sum(self.sanctions.values()), "laws": self.laws}[topic]
        if count == 0:
            return "none"
        good = {"indicators": 2, "thresholds": 3, "sanctions": 3, "laws": 2}[topic]
        return "good" if count >= good else "thin"


@dataclass
class DataReport:
    countries: list[CountryCoverage]
    problems: list[str]


def _contradicting(facts, key, value) -> list[tuple]:
    """Pairs of current facts with the same key and different values, unless both are marked disputed."""
    groups = defaultdict(list)
    for fact in facts:
        groups[key(fact)].append(fact)
    pairs = []
    for items in groups.values():
        for a, b in combinations(items, 2):
            if value(a) != value(b) and not (a.disputed and b.disputed):
                pairs.append((a, b))
    return pairs


def _overlap(a, b) -> bool:
    return (a.valid_to is None or b.valid_from is None or b.valid_from < a.valid_to) and (
        b.valid_to is None or a.valid_from is None or a.valid_from < b.valid_to
    )


def out_of_order_pairs(thresholds) -> list[tuple]:
    """Thresholds of one table in force together whose amounts do not rise with their tier (same rule as the model)."""
    groups = defaultdict(list)
    for t in thresholds:
        if t.amount is not None:
            groups[(t.country_id, t.substance_id, t.substance_form, t.law_id, t.basis, t.unit, t.kind)].append(t)
    return [
        (a, b)
        for items in groups.values()
        for a, b in combinations(items, 2)
        if a.tier != b.tier and _overlap(a, b) and (a.amount > b.amount if a.tier < b.tier else a.amount < b.amount)
    ]


def data_report(*, on: date | None = None) -> DataReport:
    """Per-country coverage and every problem that makes the data untrustworthy."""
    on = on or timezone.localdate()
    problems: list[str] = []
    countries = list(Country.objects.focus())
    thresholds = list(Threshold.objects.published().select_related("substance", "country").prefetch_related(citations_prefetch()))
    sanctions = list(Sanction.objects.published().select_related("country").prefetch_related(citations_prefetch()))
    laws = list(Law.objects.published().select_related("country").prefetch_related(citations_prefetch()))
    assessments = list(Assessment.objects.published().select_related("indicator", "value", "country").prefetch_related(citations_prefetch()))
    indicator_count = Indicator.objects.count()

    today = timezone.localdate()
    for fact in [*thresholds, *sanctions, *laws, *assessments]:
        if not fact.citations.all():
            problems.append(f"{fact._meta.verbose_name} {fact.pk} ({fact}) has no citation.")
        elif fact_grade(fact) == Grade.D:
            problems.append(f"{fact._meta.verbose_name} {fact.pk} ({fact}) is published but rests only on unverified (grade D) sources.")
    for source in Source.objects.all():
        if source.date is None and not source.undated_reason.strip():
            problems.append(f"source {source.slug} has neither a date nor a recorded reason for having none.")
        if source.date and source.date > today:
            problems.append(f"source {source.slug} is dated in the future ({source.date}).")
    for citation in Citation.objects.filter(described_on__gt=today).select_related("source"):
        problems.append(f"citation {citation.pk} ({citation}) describes a date in the future ({citation.described_on}).")
    with_status = {a.country_id for a in assessments if a.indicator.slug == "possession-personal-use" and in_force(a, on)}
    for country in countries:
        if country.pk not in with_status and "status" not in {gap.get("topic") for gap in country.gaps}:
            problems.append(f"{country.iso2} {country.name_en} has no published possession status, and no recorded "
                            "reason why it is missing.")
    problems += missing_russian(laws=laws, thresholds=thresholds, sanctions=sanctions, assessments=assessments)
    for sanction in sanctions:
        if sanction.offence == Sanction.Offence.POSSESSION_PERSONAL and not sanction.condition:
            problems.append(f"sanction {sanction.pk} ({sanction}) does not say whom it applies to (first offence, "
                            "repeat, aggravated or any).")
    for citation in Citation.objects.select_related("source").filter(Q(source__url="") & Q(source__document="")):
        problems.append(f"citation {citation.pk} ({citation}) has neither a URL nor a document.")
    for a, b in out_of_order_pairs(thresholds):
        problems.append(f"tiers out of order: {a} ({a.source_row}) and {b} ({b.source_row}).")

    current_thresholds = [t for t in thresholds if in_force(t, on) and t.kind in TABLE_KINDS]
    for a, b in _contradicting(
        current_thresholds,
        key=lambda t: (t.country_id, t.substance_id, t.substance_form, t.law_id, t.basis, t.unit, t.counted_item, t.tier, t.kind),
        value=lambda t: (t.amount, t.amount_max),
    ):
        problems.append(f"contradicting thresholds, not marked disputed: {a} ({a.source_row}) and {b} ({b.source_row}).")
    current_assessments = [a for a in assessments if in_force(a, on)]
    for a, b in _contradicting(current_assessments, key=lambda a: (a.country_id, a.indicator_id), value=lambda a: a.value_id):
        problems.append(f"contradicting assessments, not marked disputed: {a} and {b}.")
    current_sanctions = [s for s in sanctions if in_force(s, on) and s.kind in TABLE_KINDS]
    for a, b in _contradicting(
        current_sanctions,
        key=lambda s: (s.country_id, s.offence, s.offence_detail, s.condition, s.band_from, s.band_to, s.substance_id,
                       s.liability, s.law_id, s.article_as_stated),
        value=lambda s: (s.fine_min, s.fine_max, s.fine_unit, s.detention_days_max, s.prison_months_min, s.prison_months_max),
    ):
        problems.append(f"contradicting sanctions, not marked disputed: {a} ({a.source_row}) and {b} ({b.source_row}).")

    coverage = {c.pk: CountryCoverage(country=c) for c in countries}
    for assessment in current_assessments:
        if assessment.country_id in coverage:
            coverage[assessment.country_id].indicators.append(assessment.indicator.slug)
    for threshold in current_thresholds:
        if threshold.country_id in coverage:
            entry = coverage[threshold.country_id].thresholds
            entry[threshold.substance.slug] = entry.get(threshold.substance.slug, 0) + 1
            coverage[threshold.country_id].substances[threshold.substance.slug] = threshold.substance
    for sanction in current_sanctions:
        if sanction.country_id in coverage:
            entry = coverage[sanction.country_id].sanctions
            entry[sanction.offence] = entry.get(sanction.offence, 0) + 1
    for law in laws:
        if law.country_id in coverage and law.status == Law.Status.IN_FORCE and in_force(law, on):
            coverage[law.country_id].laws += 1
    for fact in [*thresholds, *sanctions, *assessments, *laws]:
        entry = coverage.get(fact.country_id)
        if entry is None:
            continue
        years = [c.described_on for c in fact.citations.all() if c.described_on]
        for year in years:
            entry.newest = max(entry.newest or year, year)
            entry.oldest = min(entry.oldest or year, year)
        if fact.disputed:
            entry.conflicts += 1
        if relies_on_weak_sources(fact):
            entry.weak_only += 1
    current = [*current_thresholds, *current_sanctions, *current_assessments,
               *(law for law in laws if law.status == Law.Status.IN_FORCE and in_force(law, on))]
    for fact in current:
        entry = coverage.get(fact.country_id)
        grade = fact_grade(fact)
        if entry is None or grade is None:
            continue
        entry.grade_mix[grade] = entry.grade_mix.get(grade, 0) + 1
        if isinstance(fact, Assessment):
            topics = ["status"] if fact.indicator.slug in STATUS_INDICATORS else [fact.indicator.slug]
        else:
            topics = [{Threshold: "thresholds", Sanction: "sanctions", Law: "laws"}[type(fact)]]
        for topic in topics:
            best = entry.topic_grades.get(topic)
            entry.topic_grades[topic] = grade if best is None else min(best, grade)
    report = DataReport(countries=list(coverage.values()), problems=problems)
    report.indicator_count = indicator_count
    return report


def missing_russian(*, laws, thresholds, sanctions, assessments) -> list[str]:
    """Russian is a first language: every published record whose page shows a text in English must have the Russian
    text too (facts, their public notes, progress explanations, recommendation summaries, taxonomy names)."""
    from countries.models import IndicatorValue
    from legislation.models import Alternative
    from recommendations.models import Addressee, Progress, Recommendation, ReportNote, Theme

    note = ("note_en", "note_ru")
    progress = list(Progress.objects.published().select_related("country", "recommendation__source")
                    .prefetch_related(citations_prefetch()))
    fields = [
        (laws, [("title_en", "title_ru"), ("summary_en", "summary_ru"), note]),
        (thresholds, [("term", "term_ru"), ("substance_form", "substance_form_ru"), ("counted_item", "counted_item_ru"),
                      note]),
        (sanctions, [("penalty_summary", "penalty_summary_ru"), ("offence_detail", "offence_detail_ru"),
                     ("condition_detail_en", "condition_detail_ru"), ("alternatives_note", "alternatives_note_ru"), note]),
        (assessments, [("evidence", "evidence_ru"), note]),
        (progress, [("evidence", "evidence_ru"), note]),
        (Recommendation.objects.select_related("source"), [("summary_en", "summary_ru")]),
        (ReportNote.objects.select_related("source"), [("note_en", "note_ru"), ("inferred_en", "inferred_ru")]),
        (Country.objects.all(), [("name_en", "name_ru"), ("summary_en", "summary_ru")]),
        (Indicator.objects.all(), [("name_en", "name_ru"), ("description_en", "description_ru")]),
        (IndicatorValue.objects.select_related("indicator"), [("label_en", "label_ru")]),
        (Substance.objects.all(), [("name_en", "name_ru")]),
        (Alternative.objects.all(), [("name_en", "name_ru")]),
        (Theme.objects.all(), [("name_en", "name_ru")]),
        (Addressee.objects.all(), [("name_en", "name_ru")]),
    ]
    problems = []
    for records, pairs in fields:
        for record in records:
            for english, russian in pairs:
                if getattr(record, english).strip() and not getattr(record, russian).strip():
                    problems.append(f"{record._meta.verbose_name} {record.pk} ({record}) has no Russian {russian}.")
    for sanction in sanctions:
        if sanction.fine_unit.strip() and not is_currency_code(sanction.fine_unit) and not sanction.fine_unit_ru.strip():
            problems.append(f"sanction {sanction.pk} ({sanction}) fines in “{sanction.fine_unit}”, which is not a "
                            "currency code, and has no Russian fine_unit_ru.")
    # A quotation stays in its original language; a Russian reader needs a Russian rendering of it unless the
    # original is Russian (the English rendering is not a fallback).
    shown = {c.pk: c for fact in [*laws, *thresholds, *sanctions, *assessments, *progress] for c in fact.citations.all()}
    for citation in shown.values():
        if citation.quote.strip() and citation.quote_language != "ru" and not citation.quote_ru.strip():
            problems.append(f"citation {citation.pk} ({citation}) quotes {citation.quote_language or 'an unknown language'} "
                            "and has no Russian quote_ru.")
        # A quotation's language decides whether Russian readers get a rendering; a script that cannot be the
        # language's own (an English quotation tagged Russian) would hide the rendering they need.
        if script_mismatch(citation.quote, citation.quote_language):
            problems.append(f"citation {citation.pk} ({citation}) is tagged {citation.quote_language or 'no language'} "
                            "but its quote is in another script; declare its quote_language.")
        # Where in the source the passage is ("second paragraph", "Article 228, part 1") is shown in Russian too.
        if citation.locator.strip() and not citation.locator_ru.strip():
            problems.append(f"citation {citation.pk} ({citation}) has no Russian locator_ru.")
    for country in Country.objects.all():
        for gap in country.gaps or []:
            if gap.get("reason_en", "").strip() and not gap.get("reason_ru", "").strip():
                problems.append(f"country {country.iso2}: the known gap “{gap.get('topic', '')}” has no Russian reason_ru.")
    return problems


FIGURE_INDICATORS = ("compulsory-treatment", "ost-availability", "ost-in-prisons", "nsp-availability", "drug-propaganda-law",
              "pwud-organisation-registration", "drug-user-registry")


def coverage_figures() -> dict:
    """The figures the bundled data reaches for the focus countries (pinned by tests, stated in COVERAGE_NOTES.md)."""
    focus = list(Country.objects.focus())
    ids = {c.pk for c in focus}
    assessments = list(Assessment.objects.published().in_force().filter(country_id__in=ids)
                       .select_related("indicator", "value").prefetch_related(citations_prefetch()))
    thresholds = list(Threshold.objects.published().in_force().filter(country_id__in=ids, kind__in=TABLE_KINDS)
                      .select_related("substance").prefetch_related(citations_prefetch()))
    status = {a.country_id: fact_grade(a) for a in assessments if a.indicator.slug == "possession-personal-use"}
    no_table = {a.country_id for a in assessments if a.indicator.slug == "quantity-rule" and a.value.slug != "statutory-table"}
    table = {t.country_id for t in thresholds if t.amount is not None}
    heroin = {t.country_id for t in thresholds if t.substance.slug == "heroin" and t.amount is not None}
    cannabis = {t.country_id for t in thresholds if t.substance.slug == "cannabis" and t.amount is not None}
    table_a = {t.country_id for t in thresholds if t.amount is not None and fact_grade(t) == "A"}
    per_indicator = {}
    for slug in FIGURE_INDICATORS:
        rows = [a for a in assessments if a.indicator.slug == slug]
        per_indicator[slug] = (len({a.country_id for a in rows}), len({a.country_id for a in rows if fact_grade(a) in ("A", "B")}))
    names = {c.pk: c.iso2 for c in focus}
    return {
        "focus": len(focus),
        "status": len(status), "status_ab": sum(1 for g in status.values() if g in ("A", "B")),
        "missing_status": sorted(names[i] for i in ids - set(status)),
        "table_or_rule": len(table | no_table), "table": len(table), "no_table_rule": len(no_table - table),
        "heroin_and_cannabis": len(heroin & cannabis), "table_grade_a": len(table_a),
        "without_table_or_rule": sorted(names[i] for i in ids - table - no_table),
        "indicators": per_indicator,
    }


def country_table() -> str:
    """A Markdown table: per focus country, the grade of its status, its table, its sanctions and indicators."""
    grade = fact_grade

    lines = ["| country | possession status | quantity rule or table | heroin / cannabis lines | sanctions | indicators |",
             "| --- | --- | --- | --- | --- | --- |"]
    for country in Country.objects.focus().order_by("iso2"):
        assessments = list(Assessment.objects.published().in_force().filter(country=country)
                           .select_related("indicator", "value").prefetch_related(citations_prefetch()))
        status = next((a for a in assessments if a.indicator.slug == "possession-personal-use"), None)
        rule = next((a for a in assessments if a.indicator.slug == "quantity-rule"), None)
        thresholds = list(Threshold.objects.published().in_force().filter(country=country, kind__in=TABLE_KINDS)
                          .exclude(amount=None).select_related("substance").prefetch_related(citations_prefetch()))
        sanctions = list(Sanction.objects.published().in_force().filter(country=country).prefetch_related(citations_prefetch()))
        best = min((grade(t) for t in thresholds if grade(t)), default=None)
        lines_for = sorted({t.substance.slug for t in thresholds} & {"heroin", "cannabis"})
        sanction_grades = sorted({grade(s) for s in sanctions if grade(s)})
        others = [a for a in assessments if a.indicator.slug in FIGURE_INDICATORS]
        lines.append(
            f"| {country.iso2} | {status.value.slug + ' (' + grade(status) + ')' if status else 'missing'} "
            f"| {(rule.value.slug + ' (' + grade(rule) + ')') if rule else '—'}"
            f"{'; ' + str(len({t.substance_id for t in thresholds})) + ' substances, best ' + best if thresholds else ''} "
            f"| {', '.join(lines_for) or '—'} | {len(sanctions)} ({'/'.join(sanction_grades) or '—'}) | {len(others)} of 7 |"
        )
    return "\n".join(lines)
