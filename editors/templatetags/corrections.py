"""The "report a correction" link public pages put next to each fact."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from editors.corrections import kind_of

register = template.Library()


@register.simple_tag
def correction_link(fact):
    """A small link to report that a published fact is wrong; built from the fact's class and id, with no query."""
    kind = kind_of(fact)
    if kind is None or getattr(fact, "pk", None) is None:
        return ""
    # The form page itself asks search engines not to index it, so the link needs no rel="nofollow".
    return format_html('<a class="fix" href="{}">{}</a>',
                       reverse("correction-new", args=[kind, fact.pk]), _("report a correction"))
