import json
from functools import cache

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from countries.models import GRADE_EXPLANATIONS, Grade, fact_grade

register = template.Library()

NO_DATA = "#d9d9d9"
CONTEXT = "#f2f2f2"


@cache
def _geometry() -> dict:
    with open(settings.BASE_DIR / "static" / "map" / "eeca.json", encoding="utf-8") as fh:
        return json.load(fh)


@register.simple_tag
def region_map(fills: dict, *, highlight: str = "", title: str = "", labelled: bool = True):
    """The region as an inline SVG: `fills` maps ISO alpha-2 to {colour, label, url}; others are context."""
    geometry = _geometry()
    shapes, labels = [], []
    for iso2, shape in geometry["countries"].items():
        info = fills.get(iso2)
        if info is None:
            shapes.append(format_html('<path d="{}" fill="{}" stroke="#ffffff" stroke-width="0.6"/>', shape["d"], CONTEXT))
            continue
        stroke, width = ("#111111", "2.2") if iso2 == highlight else ("#ffffff", "0.8")
        path = format_html(
            '<path d="{}" fill="{}" stroke="{}" stroke-width="{}"><title>{}: {}</title></path>',
            shape["d"], info.get("colour") or NO_DATA, stroke, width, info.get("name", iso2), info.get("label", ""),
        )
        if info.get("url"):
            path = format_html('<a href="{}" class="map-country" data-iso2="{}">{}</a>', info["url"], iso2, path)
        shapes.append(path)
        if labelled:
            labels.append(format_html('<text x="{}" y="{}" class="map-label">{}</text>', shape["cx"], shape["cy"], iso2))
    return format_html(
        '<svg class="region-map" viewBox="{}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        '<rect width="100%" height="100%" fill="#eaf2f8"/>{}{}</svg>',
        geometry["viewBox"], title, mark_safe("".join(shapes)), mark_safe("".join(labels)),
    )


@register.simple_tag
def refs(fact):
    """Numbered citation links for a fact, then the strength of its best source: [1][2] report."""
    numbers = getattr(fact, "refs", [])
    links = format_html_join("", '<a class="ref" href="#ref-{0}">[{0}]</a>', ((n,) for n in numbers))
    return format_html("{}{}", links, grade_badge(fact_grade(fact)))


@register.simple_tag
def grade_badge(grade: str | None):
    """The evidence grade in words a reader understands, with its meaning on hover and for screen readers."""
    if not grade:
        return format_html('<span class="grade grade-none">{}</span>', _("no source"))
    return format_html(
        '<span class="grade grade-{0}" title="{2}"><span class="visually-hidden">{3} </span>{1}</span>',
        grade, Grade(grade).label, GRADE_EXPLANATIONS[Grade(grade)], _("evidence:"),
    )


@register.filter
def grade_of(fact) -> str | None:
    return fact_grade(fact)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def swatch(colour: str | None):
    """A colour sample as SVG, so pages need no inline style (the Content-Security-Policy forbids it)."""
    return format_html(
        '<svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="{}" stroke="#666" stroke-width="0.5"/></svg>',
        colour or NO_DATA,
    )


@register.filter
def quote_rendering(citation) -> str:
    """The quote in the reader's language when the quote itself is in another."""
    russian = (get_language() or "en").startswith("ru")
    wanted = "ru" if russian else "en"
    if citation.quote_language == wanted:
        return ""
    if russian and citation.quote_ru:
        return citation.quote_ru
    return citation.quote_en


@register.filter
def grade_label(fact) -> str:
    """The evidence grade of a fact in words, for plain-text surfaces such as the PDF brief."""
    grade = fact_grade(fact)
    return str(Grade(grade).label) if grade else str(_("no source"))


@register.filter
def liability_label(value: str | None) -> str:
    from legislation.models import Sanction

    return str(Sanction.Liability(value).label) if value in Sanction.Liability.values else ""
