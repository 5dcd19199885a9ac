from django import template

from releases.selectors import latest_release as _latest_release

register = template.Library()


@register.simple_tag(takes_context=True)
def latest_release(context) -> dict | None:
    """{% latest_release as release %}: the newest data release ({number, date, zip}) or None."""
    request = context.get("request")
    return _latest_release(request=request) if request is not None else None
