"""Reads shared by the website, the API and the PDF briefs: thresholds, sanctions and what an amount leads to."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from countries.models import Citation, Country, relies_on_weak_sources
from countries.selectors import citations_prefetch, set_prefetched

from .models import TABLE_KINDS, Alternative, Article, Law, Sanction, Substance, Threshold

LIABILITY_SEVERITY = {"criminal": 3, "administrative": 2, "unclear": 1, "none": 0}
TO_GRAMS = {"g": Decimal(1), "mg": Decimal("0.001")}


def _facts(model, name: str, *, published_only: bool, country: Country | None, citations: bool) -> QuerySet:
    """One kind of fact with its citations. For one country the rows come through the country's own manager, which
    hands each row the country object rather than joining the country table again; with `citations=False` the
    citations are left to `countries.selectors.attach_citations`, which loads them for every kind of fact at once."""
    qs = getattr(country, name).all() if country is not None else model.objects.select_related("country")
    if citations:
        qs = qs.prefetch_related(citations_prefetch())
    return qs.published() if published_only else qs


def threshold_queryset(*, published_only: bool = True, country: Country | None = None, citations: bool = True,
                       laws: bool = True) -> QuerySet[Threshold]:
    """With `laws=False` the law and article each row cites are left to `attach_laws`."""
    related = ("substance", "law", "article") if laws else ("substance",)
    return _facts(Threshold, "thresholds", published_only=published_only, country=country, citations=citations).select_related(
        *related)


def sanction_queryset(*, published_only: bool = True, country: Country | None = None, citations: bool = True,
                      laws: bool = True, alternatives: bool = True) -> QuerySet[Sanction]:
    """With `laws=False` the law and article each row cites are left to `attach_laws`; with `alternatives=False` the
    alternatives to `attach_alternatives`."""
    related = ("substance", "law", "article") if laws else ("substance",)
    qs = _facts(Sanction, "sanctions", published_only=published_only, country=country, citations=citations).select_related(
        *related)
    return qs.prefetch_related("alternatives") if alternatives else qs


def attach_alternatives(sanctions) -> None:
    """Each sanction's alternatives (`sanction.alternatives.all()`, by English name) in one plain query over the link
    table: Django's prefetch of a many-to-many relation builds and compiles a query costing several times this one."""
    ids = [sanction.pk for sanction in sanctions]
    linked = defaultdict(list)
    if ids:
        field, quote = Sanction._meta.get_field("alternatives"), connection.ops.quote_name
        table, own, other = quote(field.m2m_db_table()), quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
        named = quote(Alternative._meta.db_table)
        alternatives = Alternative.objects.raw(
            f"SELECT {named}.*, {table}.{own} AS sanction_ref FROM {named} JOIN {table} ON {table}.{other} = {named}.id "
            f"WHERE {table}.{own} IN ({', '.join(['%s'] * len(ids))}) ORDER BY {named}.name_en, {named}.id",
            ids,
        )
        for alternative in alternatives:
            linked[alternative.sanction_ref].append(alternative)
    for sanction in sanctions:
        set_prefetched(sanction, "alternatives", Alternative, linked[sanction.pk])


def articles_prefetch() -> Prefetch:
    """A law's articles in number order. The model's own ordering starts with the law's country and title, which are
    the same for every article of one law and cost two joins."""
    return Prefetch("articles", queryset=Article.objects.order_by("number"))


def attach_laws(facts, laws) -> None:
    """Each threshold's or sanction's law and article, taken from laws already loaded with their articles instead of a
    join per row: a law twenty facts cite is one object. `laws` must hold every law the facts cite; an article of
    another law (which the admin refuses) is loaded in one more query."""
    by_id = {law.pk: law for law in laws}
    articles = {article.pk: article for law in laws for article in law.articles.all()}
    missing = {fact.article_id for fact in facts if fact.article_id is not None and fact.article_id not in articles}
    if missing:
        articles.update(Article.objects.select_related("law").in_bulk(missing))
    for fact in facts:
        if fact.law_id is not None:
            fact.law = by_id[fact.law_id]
        if fact.article_id is not None:
            fact.article = articles[fact.article_id]


def law_queryset(*, published_only: bool = True, country: Country | None = None, citations: bool = True) -> QuerySet[Law]:
    return _facts(Law, "laws", published_only=published_only, country=country, citations=citations).prefetch_related(
        articles_prefetch())


@dataclass
class Consequence:
    """What possessing an amount of a substance for personal use leads to in one country, on one date.

    The question answered is always the same: an adult, first offence, possession without intent to supply, no
    aggravating circumstance. What changes on a repeat offence is kept apart in `repeat_sanctions`. Where the data
    cannot decide, `status` says why and `missing` says what is missing, and no penalty is stated for a band the data
    cannot place the amount in.
    """

    country: Country
    # "ok"; "any_amount" (the law punishes any amount alike); "courts_decide" (the law sets no figures);
    # "no_table" (no line for the substance);
    # "unit_mismatch" (the table counts doses or pills); "upper_unknown" (past a line, the next line is not known)
    status: str
    on: date | None = None
    band: int | None = None
    band_high: int | None = None  # differs from band where disputed thresholds put the amount in different bands
    lines: list[Threshold] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)  # first offence
    repeat_sanctions: list[Sanction] = field(default_factory=list)
    liability: str | None = None  # the most severe liability among the first-offence sanctions
    liability_min: str | None = None  # the least severe, where the law leaves a choice
    missing: list[str] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return self.band != self.band_high or any(t.disputed for t in self.lines) or any(s.disputed for s in self.sanctions)

    @property
    def crossed_line(self) -> Threshold | None:
        if not self.band:
            return None
        return next((t for t in self.lines if t.tier == self.band), None)

    @property
    def next_line(self) -> Threshold | None:
        return next((t for t in self.lines if t.tier == (self.band or 0) + 1), None)

    @property
    def first_line(self) -> Threshold | None:
        return self.lines[0] if self.lines else None

    @property
    def basis(self) -> str | None:
        return self.lines[0].basis if self.lines else None

    @property
    def low_reliability(self) -> bool:
        facts = [*self.lines, *self.sanctions]
        return any(relies_on_weak_sources(f) for f in facts)

    @property
    def grades(self) -> list[str]:
        from countries.models import fact_grade

        return sorted({g for g in (fact_grade(f) for f in [*self.lines, *self.sanctions]) if g})

    @property
    def news_based(self) -> bool:
        """Some fact the answer rests on has only news or a law firm's page behind it."""
        return "C" in self.grades

    @property
    def prison_months_max(self) -> Decimal | None:
        if self.status in ("upper_unknown", "courts_decide"):
            return None  # the maximum depends on a line PolicyHub does not hold, or on the court's weighing
        values = [s.prison_months_max for s in self.sanctions if s.prison_months_max is not None]
        return max(values) if values else None

    @property
    def answered(self) -> bool:
        return self.status in {"ok", "any_amount", "courts_decide", "upper_unknown"} and bool(self.sanctions)

    @property
    def citations(self) -> list[Citation]:
        seen, out = set(), []
        for fact in [*self.lines, *self.sanctions, *self.repeat_sanctions]:
            for citation in fact.citations.all():
                if citation.pk not in seen:
                    seen.add(citation.pk)
                    out.append(citation)
        return out


def _table_for(thresholds: list[Threshold], unit: str) -> list[Threshold]:
    """The lines that decide a seized amount: by weight of the whole mixture where a table gives both bases."""
    weight = unit in TO_GRAMS
    usable = [t for t in thresholds if t.amount is not None and ((t.unit in TO_GRAMS) if weight else t.unit == unit)]
    if not usable:
        return []
    preferred = [t for t in usable if t.basis != "pure"] or usable
    law_ids = {t.law_id for t in preferred}
    if len(law_ids) > 1:  # several instruments in force: take the one with most lines
        best = max(law_ids, key=lambda lid: sum(1 for t in preferred if t.law_id == lid))
        preferred = [t for t in preferred if t.law_id == best]
    forms = {t.substance_form for t in preferred}
    if len(forms) > 1:
        # One table per form of the substance (plants, raw, dried): a seized amount is read against one of them,
        # the plain substance first, then the dried herb, then the form with most lines; the answer names it.
        def rank(form: str):
            return (form != "", "dried" not in form.lower(), -sum(1 for t in preferred if t.substance_form == form))

        chosen = min(forms, key=rank)
        preferred = [t for t in preferred if t.substance_form == chosen]
    return sorted(preferred, key=lambda t: (t.tier, t.amount))


def _band(lines: list[Threshold], quantity: Decimal, pick) -> int:
    band = 0
    for tier in sorted({t.tier for t in lines}):
        candidates = [t for t in lines if t.tier == tier]
        line = pick(candidates, key=lambda t: t.amount)
        if line.crossed_by(quantity):
            band = tier
    return band


FIRST_OFFENCE = ("", Sanction.Condition.FIRST, Sanction.Condition.ANY)


def consequences(
    *, substance: Substance, amount: Decimal, unit: str, countries: list[Country], on: date | None = None
) -> list[Consequence]:
    """For each country: the band the amount falls in and the sanctions for possessing it for personal use.

    Uses only statutory (or case-law) tables in force on the date for that exact substance, or the act's own line
    for any controlled drug; never illustrative examples, court-made limits for other purposes or another
    substance's line. Runs a fixed number of queries whatever the number of countries.
    """
    from django.utils import timezone

    on = on or timezone.localdate()
    country_ids = [c.pk for c in countries]
    thresholds = list(
        threshold_queryset().in_force(on).filter(
            country_id__in=country_ids, kind__in=TABLE_KINDS, substance__slug__in=[substance.slug, "any-controlled-drug"]
        )
    )
    sanctions = list(
        sanction_queryset().in_force(on).filter(
            country_id__in=country_ids, kind__in=TABLE_KINDS, offence=Sanction.Offence.POSSESSION_PERSONAL
        )
    )
    from countries.models import Assessment

    rules = {
        country_id: assessment.value.slug
        for (country_id, _), assessment in Assessment.objects.published().select_related("value")
        .filter(country_id__in=country_ids, indicator__slug="quantity-rule").current(on).items()
    }
    results = []
    for country in countries:
        own = [t for t in thresholds if t.country_id == country.pk]
        specific = [t for t in own if t.substance_id == substance.pk] or [t for t in own if t.substance.slug == "any-controlled-drug"]
        own_sanctions = [s for s in sanctions if s.country_id == country.pk and s.substance_id in (None, substance.pk)]
        first = [s for s in own_sanctions if s.condition in FIRST_OFFENCE]
        repeat = [s for s in own_sanctions if s.condition == Sanction.Condition.REPEAT]
        results.append(_answer(country, substance, amount, unit, on, specific, first, repeat, rules.get(country.pk)))
    return results


def _answer(country, substance, amount, unit, on, specific, first, repeat, rule) -> Consequence:
    whatever = [s for s in first if s.band_from is None]
    if not specific:
        # Without a line for the substance, an answer exists only where the law itself says the amount does not
        # matter (any amount) or sets no figures at all (courts decide), and PolicyHub holds the penalty for that.
        if whatever and rule in ("any-amount", "courts-decide"):
            status = "any_amount" if rule == "any-amount" else "courts_decide"
            return _with_liability(Consequence(country=country, status=status, on=on, sanctions=whatever,
                                               repeat_sanctions=[s for s in repeat if s.band_from is None]))
        return Consequence(country=country, status="no_table", on=on,
                           missing=[_("PolicyHub holds no quantity line for %(substance)s in this country's law.")
                                    % {"substance": substance.name}])
    lines = _table_for(specific, unit)
    if not lines:
        return Consequence(country=country, status="unit_mismatch", on=on, lines=specific,
                           missing=[_("This country's table counts this substance in other units (doses, pills, "
                                      "plants), so a weight cannot be placed in it.")])
    quantity = _in_unit(amount, unit, lines[0].unit)
    low, high = _band(lines, quantity, max), _band(lines, quantity, min)
    known = {t.tier for t in lines}
    unknown_next = high < 3 and (high + 1) not in known and (
        any(s.band_from is not None and s.band_from > high for s in first)
        or any(t.tier == high + 1 for t in specific)
    )
    applies = [s for s in first if s.band_from is None or any(s.applies_to_band(b) for b in range(low, high + 1))]
    repeats = [s for s in repeat if s.band_from is None or any(s.applies_to_band(b) for b in range(low, high + 1))]
    if unknown_next:
        crossed = next((t for t in lines if t.tier == high), None)
        missing = [_("The next line above %(line)s for this substance is not in PolicyHub, so the band and the "
                     "maximum penalty cannot be told.") % {"line": crossed.amount_display if crossed else _("this amount")}]
        # Any band from the one crossed upward is possible: list them all, and let none of them stand as the answer.
        possible = [s for s in first if s.band_from is None or s.band_to is None or s.band_to >= low]
        return _with_liability(Consequence(country=country, status="upper_unknown", on=on, band=low, band_high=high,
                                           lines=lines, sanctions=possible, repeat_sanctions=repeats, missing=missing))
    result = Consequence(country=country, status="ok", on=on, band=low, band_high=high, lines=lines,
                         sanctions=applies, repeat_sanctions=repeats)
    if not applies:
        result.missing.append(_("PolicyHub holds no sanction for this band of the table."))
    return _with_liability(result)


def _in_unit(amount: Decimal, unit: str, target: str) -> Decimal:
    if unit in TO_GRAMS and target in TO_GRAMS:
        return amount * TO_GRAMS[unit] / TO_GRAMS[target]
    return amount


def _with_liability(result: Consequence) -> Consequence:
    if result.status == "upper_unknown":
        # Liability is stated only when every band the amount may be in carries the same kind of liability.
        kinds = {s.liability for s in result.sanctions}
        if len(kinds) != 1:
            return result
    if result.sanctions:
        result.liability = max((s.liability for s in result.sanctions), key=LIABILITY_SEVERITY.__getitem__)
        result.liability_min = min((s.liability for s in result.sanctions), key=LIABILITY_SEVERITY.__getitem__)
    return result
