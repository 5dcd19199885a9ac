"""The tables the site's list pages export: one `Table` per list, its columns as the page shows them.

Every row carries its evidence grade and its sources, as on the page: a fact leaves PolicyHub with its source.
"""

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from countries.models import Grade, fact_grade
from legislation.models import Sanction, Tier, shown_article, shown_law

from .exports import Column, Table
from .jsonld import eli_of


def sources(fact) -> list[str]:
    """Each cited passage as "title, locator <url>", in the order the page numbers them."""
    out = []
    for citation in fact.citations.all():
        locator = citation.shown_locator
        text = citation.source.title + (f", {locator}" if locator else "")
        out.append(f"{text} <{citation.source.url}>" if citation.source.url else text)
    return out


def grade(fact) -> str:
    code = fact_grade(fact)
    return f"{code} ({Grade(code).label})" if code else ""


def _law(fact) -> str:
    law = shown_law(fact)
    return law.title if law else ""


def _reference(fact) -> str:
    law = shown_law(fact)
    return law.reference_display if law else ""


def _article(fact) -> str:
    article = shown_article(fact)
    return article.number if article else ""


def _country_url(country) -> str:
    return reverse("country-detail", args=[country.iso2.lower()])


GRADE = Column(gettext_lazy("Evidence grade"), grade)
SOURCES = Column(gettext_lazy("Sources"), sources)

THRESHOLDS = Table("thresholds", gettext_lazy("Quantity thresholds"), [
    Column(gettext_lazy("Country"), lambda t: t.country.name),
    Column(gettext_lazy("Substance"), lambda t: t.substance.name),
    Column(gettext_lazy("Form"), lambda t: t.form_display),
    Column(gettext_lazy("Kind of rule"), lambda t: t.get_kind_display()),
    Column(gettext_lazy("Tier"), lambda t: t.get_tier_display()),
    Column(gettext_lazy("The law's own term"), lambda t: t.term),
    Column(gettext_lazy("Term rendered"), lambda t: t.term_rendering),
    Column(gettext_lazy("Amount"), lambda t: t.amount),
    Column(gettext_lazy("Upper end of the range"), lambda t: t.amount_max),
    Column(gettext_lazy("Unit"), lambda t: t.unit_display),
    Column(gettext_lazy("As shown"), lambda t: t.amount_display),
    Column(gettext_lazy("Counted as"), lambda t: t.get_basis_display()),
    Column(gettext_lazy("Law"), _law),
    Column(gettext_lazy("Reference number"), _reference),
    Column(gettext_lazy("Article"), _article),
    Column(gettext_lazy("In force since"), lambda t: t.valid_from_display if t.valid_from else ""),
    Column(gettext_lazy("Until"), lambda t: t.valid_to_display),
    Column(gettext_lazy("Disputed"), lambda t: t.disputed),
    Column(gettext_lazy("Note"), lambda t: t.public_note),
    GRADE, SOURCES,
])

SANCTIONS = Table("sanctions", gettext_lazy("Sanctions"), [
    Column(gettext_lazy("Country"), lambda s: s.country.name),
    Column(gettext_lazy("Offence"), lambda s: s.get_offence_display()),
    Column(gettext_lazy("Offence as described"), lambda s: s.offence_text if s.offence_detail else ""),
    Column(gettext_lazy("Condition"), lambda s: s.condition_text),
    Column(gettext_lazy("Substance"), lambda s: s.substance.name if s.substance else _("every substance")),
    Column(gettext_lazy("Kind of rule"), lambda s: s.get_kind_display()),
    Column(gettext_lazy("Liability"), lambda s: s.get_liability_display()),
    Column(gettext_lazy("Fine"), lambda s: s.fine_display),
    Column(gettext_lazy("Detention, days at most"), lambda s: s.detention_days_max),
    Column(gettext_lazy("Prison"), lambda s: s.prison_display),
    Column(gettext_lazy("Alternatives"), lambda s: [a.name for a in s.alternatives.all()] + [s.alternatives_text]),
    Column(gettext_lazy("Penalty"), lambda s: s.summary_text),
    Column(gettext_lazy("Law"), _law),
    Column(gettext_lazy("Article"), lambda s: _article(s) or s.article_as_stated),
    Column(gettext_lazy("In force since"), lambda s: s.valid_from_display if s.valid_from else ""),
    Column(gettext_lazy("Until"), lambda s: s.valid_to_display),
    Column(gettext_lazy("Disputed"), lambda s: s.disputed),
    Column(gettext_lazy("Note"), lambda s: s.public_note),
    GRADE, SOURCES,
])

LAWS = Table("laws", gettext_lazy("Laws"), [
    Column(gettext_lazy("Country"), lambda law: law.country.name),
    Column(gettext_lazy("Title"), lambda law: law.title),
    Column(gettext_lazy("Title in the original language"), lambda law: law.title_original),
    Column(gettext_lazy("Original language"), lambda law: law.original_language),
    Column(gettext_lazy("Kind"), lambda law: law.get_kind_display()),
    Column(gettext_lazy("Reference number"), lambda law: law.reference_display),
    Column(gettext_lazy("Adopted"), lambda law: law.adopted_display if law.adopted_on else ""),
    Column(gettext_lazy("In force since"), lambda law: law.valid_from_display if law.valid_from else ""),
    Column(gettext_lazy("Latest amendment"), lambda law: law.amended_display),
    Column(gettext_lazy("Status"), lambda law: law.get_status_display()),
    Column(gettext_lazy("Articles"), lambda law: [a.number for a in law.articles.all()]),
    Column(gettext_lazy("Link to the text"), lambda law: law.url),
    Column(gettext_lazy("European Legislation Identifier (ELI)"), lambda law: eli_of(law.url)),
    GRADE, SOURCES,
])


def _liability(value: str | None) -> str:
    return str(dict(Sanction.Liability.choices).get(value, _("no data"))) if value else ""


def _tier_cells(row, index: int, what) -> list[str]:
    return [what(t) for t in row["tiers"][index]] if row["tiers"] else []


def _answer(result) -> str:
    """The answer's first sentence, as the page words it."""
    if result is None:
        return ""
    if result.status in ("ok", "upper_unknown"):
        if not result.band:
            line = result.first_line
            return _("Below the first line of the table: not past %(amount)s (%(term)s).") % {
                "amount": line.amount_display, "term": line.term}
        line = result.crossed_line
        text = _("Past the line of %(amount)s: “%(term)s”.") % {"amount": line.amount_display, "term": line.term}
        if result.next_line:
            text += " " + _("The next line is %(amount)s.") % {"amount": result.next_line.amount_display}
        return text
    if result.status == "any_amount":
        return _("The law punishes possession of any amount alike; no quantity table decides it.")
    if result.status == "courts_decide":
        return _("The law sets no quantities: the same article applies, and courts weigh the amount case by case.")
    return " ".join(str(m) for m in result.missing)


def _compare_facts(row) -> list:
    facts = [t for cell in row["tiers"] or [] for t in cell]
    result = row["result"]
    if result is not None:
        facts += [f for f in [*result.lines, *result.sanctions] if f not in facts]
    return facts


def _compare_sources(row) -> list[str]:
    seen = []
    for fact in _compare_facts(row):
        seen += [s for s in sources(fact) if s not in seen]
    return seen


def _compare_columns(*, with_amount: bool) -> list[Column]:
    columns = [
        Column(gettext_lazy("Country"), lambda r: r["country"].name),
        Column(gettext_lazy("Country address"), lambda r: _country_url(r["country"]), link=True),
        Column(gettext_lazy("Substance"), lambda r: r["substance"].name),
    ]
    for index, (_rank, label) in enumerate(Tier.choices):
        columns.append(Column(label, lambda r, i=index: _tier_cells(r, i, lambda t: f"{t.amount_display} ({t.get_basis_display()})")))
        columns.append(Column(format_lazy_term(label), lambda r, i=index: _tier_cells(r, i, lambda t: t.term)))
    if with_amount:
        columns += [
            Column(gettext_lazy("Your amount"), lambda r: f"{r['amount'].normalize():f} {r['unit']}"),
            Column(gettext_lazy("Answer"), lambda r: _answer(r["result"])),
            Column(gettext_lazy("Liability (first offence)"), lambda r: _liability(r["result"].liability if r["result"] else None)),
            Column(gettext_lazy("Sanctions (first offence)"), lambda r: [
                ", ".join(filter(None, [str(s.get_liability_display()), _law(s), s.summary_text]))
                for s in (r["result"].sanctions if r["result"] else [])]),
        ]
    columns += [
        Column(gettext_lazy("Evidence grade"), lambda r: sorted({fact_grade(f) for f in _compare_facts(r)} - {None})),
        Column(gettext_lazy("Sources"), _compare_sources),
    ]
    return columns


def format_lazy_term(label):
    return format_lazy("{}: {}", label, gettext_lazy("the law's own term"))


COMPARE = Table("compare", gettext_lazy("Compare thresholds"), _compare_columns(with_amount=False))
COMPARE_WITH_AMOUNT = Table("compare", gettext_lazy("Compare thresholds"), _compare_columns(with_amount=True))


def _progress(rec) -> list[str]:
    return [f"{p.country.name}: {p.get_status_display()} ({p.as_of_display})" for p in rec.published_progress]


RECOMMENDATIONS = Table("recommendations", gettext_lazy("Recommendations"), [
    Column(gettext_lazy("Report"), lambda r: r.source.title),
    Column(gettext_lazy("Report date"), lambda r: r.source.date_display),
    Column(gettext_lazy("Number or locator"), lambda r: r.citation_key),
    Column(gettext_lazy("Kind"), lambda r: r.get_kind_display()),
    Column(gettext_lazy("Summary"), lambda r: r.summary),
    Column(gettext_lazy("The report's wording"), lambda r: r.text),
    Column(gettext_lazy("Section"), lambda r: r.section),
    Column(gettext_lazy("Speaker"), lambda r: r.speaker),
    Column(gettext_lazy("Became"), lambda r: r.became.citation_key if r.became else ""),
    # Passages folded under an item on the page: named here by their reference, as the page's fold does.
    Column(gettext_lazy("Grew from passages"), lambda r: [o.citation_key for o in getattr(r, "origin_list", [])]),
    Column(gettext_lazy("Themes"), lambda r: [t.name for t in r.themes.all()]),
    Column(gettext_lazy("Addressed to"), lambda r: [a.name for a in r.addressees.all()]),
    Column(gettext_lazy("Countries named"), lambda r: [c.name for c in r.countries.all()]),
    Column(gettext_lazy("Progress"), _progress),
    Column(gettext_lazy("Address"),
           lambda r: reverse("source-detail", args=[r.source.slug]) + f"#rec-{r.pk}", link=True),
    Column(gettext_lazy("Source"), lambda r: r.source.url),
])


def _plain(html: str) -> str:
    from html import unescape

    return unescape(strip_tags(html))


SEARCH = Table("search", gettext_lazy("Search"), [
    Column(gettext_lazy("Type"), lambda pair: pair[0].label),
    Column(gettext_lazy("Title"), lambda pair: pair[1].entry.title),
    Column(gettext_lazy("Country"), lambda pair: pair[1].entry.country.name if pair[1].entry.country else ""),
    Column(gettext_lazy("Excerpt"), lambda pair: _plain(pair[1].excerpt)),
    Column(gettext_lazy("Address"), lambda pair: pair[1].url, link=True),
])
