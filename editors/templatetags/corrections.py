"""The "report a correction" link public pages put next to each fact."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from countries.models import current_language
from editors.corrections import kind_of

register = template.Library()


@lru_cache(maxsize=256)
def _form_link(kind: str, language: str | None, prefix: str) -> tuple[str, str]:
    """The link's markup before and after the fact's id, escaped: the same for every fact of a kind in one language, so
    a profile with fifty facts resolves the URL and escapes the words once per kind rather than once per fact."""
    address = reverse("correction-new", args=[kind, 0]).removesuffix("0/")
    # The form page itself asks search engines not to index it, so the link needs no rel="nofollow".
    return format_html('<a class="fix" href="{}', address), format_html('/">{}</a>', _("report a correction"))


@register.simple_tag
def correction_link(fact):
    """A small link to report that a published fact is wrong; built from the fact's class and id, with no query."""
    kind = kind_of(fact)
    if kind is None or getattr(fact, "pk", None) is None:
        return ""
    before, after = _form_link(kind, current_language(), get_script_prefix())
    return mark_safe(f"{before}{fact.pk:d}{after}")  # noqa: S308 - both parts escaped above, the id an integer
