"""The regional map's geometry: `static/map/eeca.json` (built by tools/build_map.py) and the SVG file pages reference.

Pages do not carry the geometry: each country on a page's map is a `<use>` of one shape in `static/map/eeca.svg`,
a hashed static file the browser fetches once and caches, so a page holds only the colours, links and labels.
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape

SPRITE = "map/eeca.svg"
ALL = "all"  # the id of the group of every shape in the SPRITE


def geometry_path() -> Path:
    return Path(settings.BASE_DIR) / "static" / "map" / "eeca.json"


def sprite_path() -> Path:
    return Path(settings.BASE_DIR) / "static" / SPRITE


@cache
def geometry() -> dict:
    with open(geometry_path(), encoding="utf-8") as fh:
        return json.load(fh)


def sprite_svg(data: dict) -> str:
    """Every country's outline as a `<path id="ISO2">` in `<defs>`, without fill or stroke, so each page's `<use>`
    sets its own colours; the group `#all` holds them all, so a page draws the whole region as its background with one
    `<use>`. Nothing is drawn when the file is opened on its own."""
    paths = "".join(
        f'<path id="{escape(iso2)}" d="{escape(shape["d"])}"/>' for iso2, shape in sorted(data["countries"].items())
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{escape(data["viewBox"])}">'
        f"<!-- Generated from eeca.json by `manage.py build_map_svg`; {escape(data.get('borders', ''))} -->"
        f'<defs><g id="{ALL}">{paths}</g></defs></svg>\n'
    )
