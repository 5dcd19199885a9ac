"""The regional map's geometry: `static/map/eeca.json` (built by tools/build_map.py) and the SVG file pages reference.

Pages do not carry the geometry: each country on a page's map is a `<use>` of one shape in `static/map/eeca.svg`,
a hashed static file the browser fetches once and caches, so a page holds only the colours, links and labels.
"""

import json
import re
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


# A label's box in map units, as drawn at the map's font size (10 units, two capital letters), with a margin.
LABEL_WIDTH, LABEL_HEIGHT = 19.0, 13.0
# Where a label that would overlap another may go, nearest first: compass directions at growing distances.
_DIRECTIONS = [(-1, 0), (1, 0), (0, 1), (0, -1), (-0.7, 0.7), (0.7, 0.7), (-0.7, -0.7), (0.7, -0.7)]
_DISTANCES = [16, 22, 30, 38, 48, 60, 74]


@cache
def bounds(iso2: str) -> tuple[float, float, float, float]:
    """A country's bounding box in map units: (left, top, right, bottom)."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", geometry()["countries"][iso2]["d"])]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _extent(iso2: str) -> float:
    """The area of a country's bounding box in map units: larger countries keep their label on their centre."""
    left, top, right, bottom = bounds(iso2)
    return (right - left) * (bottom - top)


def crop_box(iso2: str, *, aspect: float = 1.6, margin: float = 0.3, smallest: float = 120.0) -> tuple[float, ...]:
    """A view of one country and its neighbourhood, `aspect` times wider than high: the country's box grown by
    `margin` of its size on each side (and to at least `smallest` map units wide), kept inside the region."""
    left, top, right, bottom = bounds(iso2)
    cx, cy = (left + right) / 2, (top + bottom) / 2
    width = max((right - left) * (1 + 2 * margin), (bottom - top) * (1 + 2 * margin) * aspect, smallest)
    height = width / aspect
    _x, _y, region_width, region_height = (float(v) for v in geometry()["viewBox"].split())
    width, height = min(width, region_width), min(height, region_height)
    x = min(max(cx - width / 2, 0.0), region_width - width)
    y = min(max(cy - height / 2, 0.0), region_height - height)
    return x, y, width, height


def _clip_ring(ring: list, view: tuple[float, ...]) -> list:
    """Sutherland–Hodgman: the part of a closed ring inside the view rectangle (for a filled shape)."""
    x0, y0, width, height = view
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= x0 + width, lambda a, b: (x0 + width, a[1] + (b[1] - a[1]) * (x0 + width - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= y0, lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0)),
        (lambda p: p[1] <= y0 + height, lambda a, b: (a[0] + (b[0] - a[0]) * (y0 + height - a[1]) / (b[1] - a[1]), y0 + height)),
    ]
    points = ring
    for inside, cross in edges:
        if not points:
            break
        kept, previous = [], points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        points = kept
    return points


@cache
def cropped_path(iso2: str, view: tuple[float, ...], detail: int = 150) -> str:
    """A country's outline cut to a view, so a cropped map carries only what it shows. Points closer to the previous
    one than 1/`detail` of the view's width are dropped: at a locator map's size they are not seen."""
    tolerance = view[2] / detail
    rings = []
    for part in re.findall(r"M([^Z]*)Z", geometry()["countries"][iso2]["d"]):
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", part)]
        ring = _clip_ring(list(zip(numbers[0::2], numbers[1::2], strict=True)), view)
        kept = ring[:1]
        for x, y in ring[1:]:
            if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= tolerance:
                kept.append((x, y))
        if len(kept) >= 3:
            rings.append("M" + " ".join(f"{x:.1f} {y:.1f}" for x, y in kept) + "Z")
    return "".join(rings)


def in_view(iso2: str, view: tuple[float, ...]) -> bool:
    left, top, right, bottom = bounds(iso2)
    x, y, width, height = view
    return left < x + width and right > x and top < y + height and bottom > y


def _box(x: float, y: float) -> tuple[float, float, float, float]:
    """The box of a label centred on x whose baseline is y (text-anchor: middle)."""
    return x - LABEL_WIDTH / 2, y - LABEL_HEIGHT * 0.8, x + LABEL_WIDTH / 2, y + LABEL_HEIGHT * 0.2


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@cache
def label_positions(iso2s: frozenset) -> dict[str, tuple[float, float, bool]]:
    """Where each country's label goes so that no two overlap: iso2 -> (x, y, moved).

    Larger countries are placed first on their centre; a label that would overlap one already placed moves to the
    nearest free spot around its country and is drawn with a leader line (moved is True).
    """
    countries = geometry()["countries"]
    width, height = (float(v) for v in geometry()["viewBox"].split()[2:])
    placed: dict[str, tuple[float, float, bool]] = {}
    boxes = []
    for iso2 in sorted((c for c in iso2s if c in countries), key=lambda c: (-_extent(c), c)):
        cx, cy = float(countries[iso2]["cx"]), float(countries[iso2]["cy"])
        candidates = [(cx, cy, False)] + [(cx + dx * d, cy + dy * d, True) for d in _DISTANCES for dx, dy in _DIRECTIONS]
        for candidate in candidates:
            x, y, moved = candidate
            box = _box(x, y)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(_overlaps(box, other) for other in boxes):
                break
        else:
            x, y, moved = cx, cy, False  # nowhere free: keep the centre rather than drop the label
            box = _box(x, y)
        placed[iso2] = (round(x, 1), round(y, 1), moved)
        boxes.append(box)
    return placed
