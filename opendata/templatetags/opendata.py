from django import template
from django.utils.safestring import SafeString

from opendata import jsonld
from opendata.exports import FORMAT_PARAM, TABLE_PARAM

register = template.Library()


@register.simple_tag
def jsonld_script(data: dict) -> SafeString:
    """A schema.org description as a JSON-LD data block."""
    return jsonld.render(data)


@register.inclusion_tag("opendata/_export_links.html", takes_context=True)
def export_links(context, table: str = "", label: str = ""):
    """CSV and XLSX links for the list next to it: this page's own address and filters, asking for a file.

    `table` names the list where a page has several; the page number is dropped, as a file holds every row.
    """
    request = context["request"]
    links = []
    for fmt in ("csv", "xlsx"):
        query = request.GET.copy()
        for name in (FORMAT_PARAM, TABLE_PARAM, "page"):
            query.pop(name, None)
        query[FORMAT_PARAM] = fmt
        if table:
            query[TABLE_PARAM] = table
        links.append({"format": fmt, "label": fmt.upper(), "url": f"{request.path}?{query.urlencode()}"})
    return {"links": links, "label": label, "table": table}
