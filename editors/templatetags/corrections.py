"""The "report a correction" link public pages put next to each fact."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from countries.models import current_language
from editors.corrections import kind_of

register = template.Library()


@lru_cache(maxsize=256)
def _form_link(kind: str, language: str | None, prefix: str) -> tuple[str, str]:
    """The form's address for a kind of fact up to its id, and the link's words: the same for every fact of a kind in
    one language, so a profile with fifty facts resolves the URL once per kind rather than once per fact."""
    return reverse("correction-new", args=[kind, 0]).removesuffix("0/"), _("report a correction")


@register.simple_tag
def correction_link(fact):
    """A small link to report that a published fact is wrong; built from the fact's class and id, with no query."""
    kind = kind_of(fact)
    if kind is None or getattr(fact, "pk", None) is None:
        return ""
    address, words = _form_link(kind, current_language(), get_script_prefix())
    # The form page itself asks search engines not to index it, so the link needs no rel="nofollow".
    return format_html('<a class="fix" href="{}{}/">{}</a>', address, fact.pk, words)
