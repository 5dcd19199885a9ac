"""A list page's rows as a CSV or XLSX file, in one click: the rows the page shows, with its filters, headed in the
reader's language.

A page declares its table once (a `Table` of `Column`s) and, in its view, hands the rows it has just built to
`export()`; the template puts `{% export_links %}` next to the list. `?format=csv` or `?format=xlsx` on the page's
own address then answers with the file instead of the page, so the file is made from the same selector and the
same query string as the rows on screen.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import tablib
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from countries.formulae import neutralised

FORMAT_PARAM = "format"
TABLE_PARAM = "table"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Characters a spreadsheet refuses in a sheet's name, and its length limit.
SHEET_NAME_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")
SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class Column:
    header: Any  # a lazily translated string: the file is headed in the language of the page it came from
    value: Callable[[Any], Any]
    link: bool = False  # the value is an address on this site, written out in full in the file


@dataclass(frozen=True)
class Table:
    """What one list page exports: a name for its files and sheet, and its columns."""

    name: str  # in file names: policyhub-<name>-...
    title: Any  # the sheet's name, translated
    columns: Sequence[Column]

    def dataset(self, rows: Iterable, *, request: HttpRequest | None = None) -> tablib.Dataset:
        sheet = str(self.title).translate(SHEET_NAME_FORBIDDEN)[:SHEET_NAME_MAX]
        data = tablib.Dataset(headers=[str(c.header) for c in self.columns], title=sheet)
        for row in rows:
            cells = []
            for column in self.columns:
                value = column.value(row)
                if column.link and value and request is not None:
                    value = request.build_absolute_uri(value)
                cells.append(_cell(value))
            data.append(cells)
        # A cell a spreadsheet would run as a formula is written as text, as in the editors' exports.
        return neutralised(data)

    def file_name(self, *, parts: Sequence[str], on: date, fmt: str) -> str:
        words = ["policyhub", self.name, *(slugify(str(p)) for p in parts if p), on.isoformat()]
        return "-".join(w for w in words if w) + f".{fmt}"

    def response(self, rows: Iterable, *, fmt: str, parts: Sequence[str] = (), on: date | None = None,
                 request: HttpRequest | None = None) -> HttpResponse:
        data = self.dataset(rows, request=request)
        if fmt == "csv":
            # The byte-order mark makes spreadsheet programs read the file as UTF-8, so Cyrillic is not garbled.
            content = ("\ufeff" + data.export("csv")).encode("utf-8")
        else:
            content = data.export("xlsx")
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        name = self.file_name(parts=parts, on=on or timezone.localdate(), fmt=fmt)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple)):
        return " | ".join(str(v) for v in value if v not in (None, ""))
    if isinstance(value, Decimal):
        # Stored with four places; written as the page writes it (0.005, not 0.0050), and still a number.
        return Decimal(format(value.normalize(), "f"))
    if isinstance(value, (int, float, date)):  # numbers and dates stay typed in the spreadsheet
        return value
    return str(value)


def requested(request: HttpRequest) -> bool:
    return FORMAT_PARAM in request.GET


def export(request: HttpRequest, *tables: tuple[Table, Iterable], parts: Sequence[str] = (),
           on: date | None = None) -> HttpResponse | None:
    """The file the address asks for (?format=csv|xlsx, and ?table= where the page has several lists), a 400 naming
    the accepted values when it asks for something else, or None when it asks for the page itself."""
    if not requested(request):
        return None
    fmt = request.GET.get(FORMAT_PARAM, "")
    if fmt not in CONTENT_TYPES:
        return _bad_request(_("Unknown format “%(value)s”; use csv or xlsx.") % {"value": fmt})
    if len(tables) == 1 and TABLE_PARAM not in request.GET:
        table, rows = tables[0]
    else:
        wanted = request.GET.get(TABLE_PARAM, "")
        found = [(t, r) for t, r in tables if t.name == wanted]
        if not found:
            names = ", ".join(t.name for t, _rows in tables)
            return _bad_request(_("Unknown table “%(value)s”; use one of: %(names)s.") % {"value": wanted, "names": names})
        table, rows = found[0]
    return table.response(rows, fmt=fmt, parts=parts, on=on, request=request)


def _bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
