from urllib.parse import urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from opendata import jsonld
from opendata.exports import FORMAT_PARAM, TABLE_PARAM

register = template.Library()


@register.simple_tag
def jsonld_script(data: dict) -> SafeString:
    """A schema.org description as a JSON-LD data block."""
    return jsonld.render(data)


@register.simple_tag(takes_context=True)
def export_links(context, table: str = "", label: str = "") -> SafeString:
    """CSV and XLSX links for the list next to it: this page's own address and filters, asking for a file.

    `table` names the list where a page has several; the page number is dropped, as a file holds every row.
    """
    request = context["request"]
    kept = [(name, value) for name, values in request.GET.lists() if name not in (FORMAT_PARAM, TABLE_PARAM, "page")
            for value in values]
    links = []
    for fmt in ("csv", "xlsx"):
        query = urlencode([*kept, (FORMAT_PARAM, fmt), *([(TABLE_PARAM, table)] if table else [])])
        links.append(format_html('<a href="{}?{}" rel="nofollow" download data-format="{}">{}</a>',
                                 request.path, query, fmt, fmt.upper()))
    named = format_html(' data-table="{}"', table) if table else ""
    return format_html('<p class="export-links small"{}>{}:\n{}</p>\n', named, label or _("Download this list"),
                       mark_safe(" · ".join(links)))
