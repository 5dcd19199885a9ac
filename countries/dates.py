"""Dates as sources give them: a day, a month, a year, roughly a year, or none at all."""

import re
from datetime import date

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year only")
    APPROXIMATE = "approximate", _("approximate")
    UNDATED = "undated", _("undated")


def display_date(value: date | None, precision: str) -> str:
    """Render a date at the precision the source gave it: '2012', 'c. 2022', 'undated'."""
    if value is None or precision == Precision.UNDATED:
        return str(_("undated"))
    if precision == Precision.APPROXIMATE:
        return gettext("c. %(year)s") % {"year": value.year}
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return value.strftime("%m/%Y")
    return value.isoformat()


_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")


def parse_source_year(text: str) -> tuple[date | None, str]:
    """Turn a source's year note ('2012', 'c.2022-2023', 'n.d.', '2019-2021') into (date, precision).

    A range takes its latest year, since that is the newest state the source describes.
    """
    text = (text or "").strip()
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None, Precision.UNDATED
    year = max(years)
    lowered = text.lower()
    approximate = "c." in lowered or "~" in lowered or "circa" in lowered or "n.d." in lowered
    return date(year, 1, 1), Precision.APPROXIMATE if approximate else Precision.YEAR
