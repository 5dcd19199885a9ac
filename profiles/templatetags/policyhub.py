from functools import lru_cache

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from countries.models import GRADE_EXPLANATIONS, Grade, current_language, fact_grade, reads_russian
from profiles.maps import ALL, SPRITE, crop_box, cropped_path, geometry, in_view, label_positions

register = template.Library()

NO_DATA = "#d9d9d9"
CONTEXT = "#f2f2f2"


@register.simple_tag(takes_context=True)
def region_map(context, fills: dict, *, highlight: str = "", title: str = "", labelled: bool = True, crop: bool = False):
    """The region as SVG: `fills` maps ISO alpha-2 to {name, colour, label, url}; other countries are context.

    A page served to a browser (a request in the context) refers to the shapes in the cached static file
    `map/eeca.svg`, so it carries only colours, links and labels. A document rendered without a request, such as
    the PDF brief, carries the shapes inline: WeasyPrint draws one self-contained document.

    Each coloured country with a page is a link named by the country and its status, so the map works with the
    keyboard and a screen reader; the SVG is a labelled group, not an image, because it holds those links.

    With `crop`, an inline map shows only the highlighted country and its neighbourhood, and carries only the shapes
    in view: the brief's locator map is a few kilobytes, not the whole region's geometry.
    """
    data = geometry()
    inline = context.get("request") is None
    view = crop_box(highlight) if crop and inline and highlight in data["countries"] else None
    view_box = " ".join(f"{v:.1f}" for v in view) if view else data["viewBox"]
    sprite = "" if inline else static(SPRITE)

    def shape(iso2: str, d: str, **attrs) -> str:
        attributes = format_html_join("", ' {}="{}"', ((name.replace("_", "-"), value) for name, value in attrs.items()))
        if inline:
            return format_html('<path d="{}"{}/>', d, attributes)
        return format_html('<use href="{}#{}"{}/>', sprite, iso2, attributes)

    # Countries without a fill are context: inline, each is drawn; by reference, one <use> of the whole region draws
    # them all under the coloured ones.
    context_shapes = [] if inline else [format_html('<use href="{}#{}"/>', sprite, ALL)]
    shapes, labels = [], []
    for iso2, outline in data["countries"].items():
        if view and not in_view(iso2, view):
            continue
        if view:
            outline = {**outline, "d": cropped_path(iso2, view)}
        info = fills.get(iso2)
        if info is None:
            if inline:
                context_shapes.append(shape(iso2, outline["d"]))
            continue
        stroke, width = ("#111111", "2.2") if iso2 == highlight else ("#ffffff", "0.8")
        name, label = info.get("name", iso2), info.get("label", "")
        spoken = f"{name}: {label}" if label else name
        drawn = shape(iso2, outline["d"], fill=info.get("colour") or NO_DATA, stroke=stroke, stroke_width=width)
        if info.get("url"):
            shapes.append(format_html(
                '<a href="{}" class="map-country" data-iso2="{}" aria-label="{}"><title>{}</title>{}</a>',
                info["url"], iso2, spoken, spoken, drawn,
            ))
        else:
            shapes.append(format_html('<g class="map-country" data-iso2="{}"><title>{}</title>{}</g>', iso2, spoken, drawn))
    if labelled:
        # Labels never overlap: a small country's label moves clear of its neighbours' with a line back to it.
        for iso2, (x, y, moved) in sorted(label_positions(frozenset(fills) & set(data["countries"])).items()):
            if moved:
                outline = data["countries"][iso2]
                labels.append(format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" class="map-leader"/>', outline["cx"], outline["cy"], x, y - 4,
                ))
            labels.append(format_html('<text x="{}" y="{}" class="map-label">{}</text>', x, y, iso2))
    return format_html(
        '<svg class="region-map" viewBox="{}" role="group" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#eaf2f8" aria-hidden="true"/>'
        '<g aria-hidden="true" fill="{}" stroke="#ffffff" stroke-width="0.6">{}</g>{}<g aria-hidden="true">{}</g></svg>',
        view_box, title or _("Map of the region"), *(view_box.split() if view else ("0", "0", "100%", "100%")), CONTEXT, mark_safe("".join(context_shapes)),
        mark_safe("".join(shapes)), mark_safe("".join(labels)),
    )


@register.simple_tag
def refs(fact):
    """Numbered citation links for a fact, then the strength of its best source: [1][2] report."""
    # The numbers are integers PolicyHub assigns (profiles.selectors), so they need no escaping.
    links = "".join(f'<a href="#ref-{number:d}">[{number:d}]</a>' for number in getattr(fact, "refs", []))
    # The grade's explanation is given on hover where the source is listed, not again next to every fact citing it:
    # repeated on each fact it made up a seventh of a profile's weight.
    return mark_safe(links + grade_badge(fact_grade(fact), explain=False))


@register.simple_tag
def grade_badge(grade: str | None, explain: bool = True, bare: bool = False):
    """The evidence grade in words a reader understands, for screen readers too; with `explain`, its meaning on hover.
    `bare` leaves out the spoken "evidence:" too, for lists whose heading already says what the badges are."""
    return _grade_badge(grade, explain, bare, current_language())


@lru_cache(maxsize=128)
def _grade_badge(grade: str | None, explain: bool, bare: bool, language: str | None):
    """One badge per grade, form and language: a profile shows the same few badges some fifty times."""
    if not grade:
        return format_html('<span class="grade grade-none">{}</span>', _("no source"))
    if bare:
        return format_html('<span class="grade grade-{0}">{1}</span>', grade, Grade(grade).label)
    if not explain:
        return format_html(
            '<span class="grade grade-{0}"><span class="visually-hidden">{2} </span>{1}</span>',
            grade, Grade(grade).label, _("evidence:"),
        )
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
        '<svg class="swatch" viewBox="0 0 1 1" aria-hidden="true"><rect width="1" height="1" fill="{}"/></svg>',
        colour or NO_DATA,
    )


@register.filter
def quote_rendering(citation) -> str:
    """The quote in the reader's language when the quote itself is in another."""
    russian = reads_russian()
    wanted = "ru" if russian else "en"
    if citation.quote_language == wanted:
        return ""
    rendering = citation.quote_ru if russian and citation.quote_ru else citation.quote_en
    # A quote recorded with the wrong language tag would otherwise be printed twice.
    return "" if rendering.strip() == (citation.quote or "").strip() else rendering


@register.filter
def grade_label(fact) -> str:
    """The evidence grade of a fact in words, for plain-text surfaces such as the PDF brief."""
    grade = fact_grade(fact)
    return str(Grade(grade).label) if grade else str(_("no source"))


@register.filter
def liability_label(value: str | None) -> str:
    from legislation.models import Sanction

    return str(Sanction.Liability(value).label) if value in Sanction.Liability.values else ""


@register.filter
def svg_number(value) -> str:
    """A coordinate for SVG: a dot as decimal mark whatever the page's language."""
    try:
        return f"{float(value):.1f}"
    except (TypeError, ValueError):
        return "0"


@register.filter
def label_at(choices, index: int) -> str:
    """The label of the index-th (value, label) pair: a table column's heading, repeated on a phone's stacked card."""
    try:
        return str(choices[index][1])
    except (IndexError, TypeError):
        return ""
