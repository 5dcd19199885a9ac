"""Reads shared by the website, the API and the PDF briefs: thresholds, sanctions and what an amount leads to."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from countries.models import Citation, Country

from .models import TABLE_KINDS, Law, Sanction, Substance, Threshold

LIABILITY_SEVERITY = {"criminal": 3, "administrative": 2, "unclear": 1, "none": 0}
TO_GRAMS = {"g": Decimal(1), "mg": Decimal("0.001")}


def citations_prefetch() -> Prefetch:
    return Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("pk"))


def threshold_queryset(*, published_only: bool = True) -> QuerySet[Threshold]:
    qs = Threshold.objects.select_related("country", "substance", "law", "article").prefetch_related(citations_prefetch())
    return qs.published() if published_only else qs


def sanction_queryset(*, published_only: bool = True) -> QuerySet[Sanction]:
    qs = Sanction.objects.select_related("country", "substance", "law", "article").prefetch_related(
        citations_prefetch(), "alternatives"
    )
    return qs.published() if published_only else qs


def law_queryset(*, published_only: bool = True) -> QuerySet[Law]:
    qs = Law.objects.select_related("country").prefetch_related(citations_prefetch(), "articles")
    return qs.published() if published_only else qs


@dataclass
class Consequence:
    """What an amount of a substance leads to in one country."""

    country: Country
    status: str  # "ok", "no_table" (the country's table has no entry for the substance), "unit_mismatch"
    band: int | None = None
    band_high: int | None = None  # differs from band where disputed thresholds put the amount in different bands
    lines: list[Threshold] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)
    liability: str | None = None  # the most severe liability among the applicable sanctions
    liability_min: str | None = None  # the least severe, where conditions (first offence, repeat) differ

    @property
    def disputed(self) -> bool:
        return self.band != self.band_high or any(t.disputed for t in self.lines) or any(s.disputed for s in self.sanctions)

    @property
    def crossed_line(self) -> Threshold | None:
        if not self.band:
            return None
        return next((t for t in self.lines if t.tier == self.band), None)

    @property
    def first_line(self) -> Threshold | None:
        return self.lines[0] if self.lines else None

    @property
    def low_reliability(self) -> bool:
        facts = [*self.lines, *self.sanctions]
        return any(all(c.source.is_low_reliability for c in f.citations.all()) for f in facts)

    @property
    def prison_months_max(self) -> Decimal | None:
        values = [s.prison_months_max for s in self.sanctions if s.prison_months_max is not None]
        return max(values) if values else None

    @property
    def citations(self) -> list[Citation]:
        seen, out = set(), []
        for fact in [*self.lines, *self.sanctions]:
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
    return sorted(preferred, key=lambda t: (t.tier, t.amount))


def _band(lines: list[Threshold], quantity: Decimal, pick) -> int:
    band = 0
    for tier in sorted({t.tier for t in lines}):
        candidates = [t for t in lines if t.tier == tier]
        line = pick(candidates, key=lambda t: t.amount)
        if line.crossed_by(quantity):
            band = tier
    return band


def consequences(
    *, substance: Substance, amount: Decimal, unit: str, countries: list[Country], on: date | None = None
) -> list[Consequence]:
    """For each country: the band the amount falls in, and the sanctions for possessing it for personal use.

    Runs a fixed number of queries whatever the number of countries.
    """
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
    results = []
    for country in countries:
        own = [t for t in thresholds if t.country_id == country.pk]
        specific = [t for t in own if t.substance_id == substance.pk] or [t for t in own if t.substance.slug == "any-controlled-drug"]
        # The answer is about a first offence: repeat-offence and aggravated rules never enter it.
        own_sanctions = [
            s for s in sanctions if s.country_id == country.pk and s.substance_id in (None, substance.pk)
            and s.condition not in (Sanction.Condition.REPEAT, Sanction.Condition.AGGRAVATED)
        ]
        general = [s for s in own_sanctions if s.band_from is None]
        if not specific:
            results.append(_with_liability(Consequence(country=country, status="no_table", sanctions=general)))
            continue
        lines = _table_for(specific, unit)
        if not lines:
            results.append(_with_liability(Consequence(country=country, status="unit_mismatch", sanctions=general)))
            continue
        quantity = _in_unit(amount, unit, lines[0].unit)
        low, high = _band(lines, quantity, max), _band(lines, quantity, min)
        applicable = [s for s in own_sanctions if s.band_from is None or any(s.applies_to_band(b) for b in range(low, high + 1))]
        results.append(_with_liability(Consequence(country=country, status="ok", band=low, band_high=high, lines=lines, sanctions=applicable)))
    return results


def _in_unit(amount: Decimal, unit: str, target: str) -> Decimal:
    if unit in TO_GRAMS and target in TO_GRAMS:
        return amount * TO_GRAMS[unit] / TO_GRAMS[target]
    return amount


def _with_liability(result: Consequence) -> Consequence:
    if result.sanctions:
        result.liability = max((s.liability for s in result.sanctions), key=LIABILITY_SEVERITY.__getitem__)
        result.liability_min = min((s.liability for s in result.sanctions), key=LIABILITY_SEVERITY.__getitem__)
    return result
