"""Print the coverage figures of the bundled data for the focus countries (run after `manage.py seed`).

    DEBUG=1 .venv/bin/python manage.py shell -c "from tools.coverage_figures import main; main()"
"""

from countries.models import Assessment, Country, fact_grade
from legislation.models import TABLE_KINDS, Threshold
from legislation.selectors import citations_prefetch

INDICATORS = ("compulsory-treatment", "ost-availability", "ost-in-prisons", "nsp-availability", "drug-propaganda-law",
              "pwud-organisation-registration", "drug-user-registry")


def figures() -> dict:
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
    for slug in INDICATORS:
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


def main() -> None:
    for key, value in figures().items():
        print(f"{key}: {value}")


def country_table() -> str:
    """A Markdown table: per focus country, the grade of its status, its table, its sanctions and indicators."""
    from countries.models import fact_grade as grade
    from legislation.models import Sanction

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
        others = [a for a in assessments if a.indicator.slug in INDICATORS]
        lines.append(
            f"| {country.iso2} | {status.value.slug + ' (' + grade(status) + ')' if status else 'missing'} "
            f"| {(rule.value.slug + ' (' + grade(rule) + ')') if rule else '—'}"
            f"{'; ' + str(len({t.substance_id for t in thresholds})) + ' substances, best ' + best if thresholds else ''} "
            f"| {', '.join(lines_for) or '—'} | {len(sanctions)} ({'/'.join(sanction_grades) or '—'}) | {len(others)} of 7 |"
        )
    return "\n".join(lines)
