from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from recommendations.selectors import STATUS_COLOURS

register = template.Library()


@register.filter
def status_colour(status: str) -> str | None:
    """The colour a progress status has on the recommendation maps, for its swatch beside the status in lists."""
    return STATUS_COLOURS.get(status)


@register.simple_tag
def recommendation_ref(rec):
    """Where a recommendation sits in its report: the report's own number, or else PolicyHub's locator, marked as ours.
    The interface's own words are trusted as {% translate %} trusts them; the recommendation's fields are escaped."""
    if rec.reference == "label":
        return format_html('<span class="label" title="{}">{}</span>', mark_safe(_("The report's own number")), rec.label)
    return format_html(
        '<span class="locator" title="{}">{} {}</span>',
        mark_safe(_("The report prints no number here; PolicyHub's locator: § section, ¶ paragraph, • list item, s sentence")),
        mark_safe(_("at")), rec.locator,
    )
