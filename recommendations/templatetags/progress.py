from django import template

from recommendations.selectors import STATUS_COLOURS

register = template.Library()


@register.filter
def status_colour(status: str) -> str | None:
    """The colour a progress status has on the recommendation maps, for its swatch beside the status in lists."""
    return STATUS_COLOURS.get(status)
