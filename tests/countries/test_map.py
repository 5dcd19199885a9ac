"""The map geometry every map uses (home, compare, profiles, PDF brief) follows the United Nations' borders."""

import json
import math
import re
from pathlib import Path

from django.conf import settings

MAP = Path(settings.BASE_DIR) / "static" / "map" / "eeca.json"


def _project(data: dict, lon: float, lat: float) -> tuple[float, float]:
    """The build's Lambert conformal conic projection, from the parameters stored with the geometry."""
    p = data["projection"]
    p1, p2 = math.radians(p["parallels"][0]), math.radians(p["parallels"][1])

    def t(phi):
        return math.tan(math.pi / 4 + phi / 2)

    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(t(p2) / t(p1))
    f = math.cos(p1) * t(p1) ** n / n
    rho = f / t(math.radians(lat)) ** n
    theta = n * math.radians(lon - p["lon0"])
    x, y = rho * math.sin(theta), rho * math.cos(theta)
    return (x - p["x0"]) * p["scale"], (y - p["y0"]) * p["scale"]


def _rings(d: str) -> list[list[tuple[float, float]]]:
    rings = []
    for part in re.findall(r"M([^Z]*)Z", d):
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", part)]
        rings.append(list(zip(numbers[0::2], numbers[1::2], strict=True)))
    return rings


def _inside(x: float, y: float, d: str) -> bool:
    """Even-odd rule over every ring of the path, as the SVG is drawn."""
    inside = False
    for ring in _rings(d):
        j = len(ring) - 1
        for i in range(len(ring)):
            (xi, yi), (xj, yj) = ring[i], ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
    return inside


def test_crimea_is_drawn_as_part_of_ukraine():
    data = json.loads(MAP.read_text(encoding="utf-8"))
    for lon, lat in ((34.10, 44.95), (33.52, 44.60), (35.38, 45.03)):  # Simferopol, Sevastopol, Feodosia
        x, y = _project(data, lon, lat)
        assert _inside(x, y, data["countries"]["UA"]["d"]), (lon, lat)
        assert not _inside(x, y, data["countries"]["RU"]["d"]), (lon, lat)
    assert "68/262" in data["borders"]


def test_kyiv_and_moscow_fall_in_their_own_countries():
    data = json.loads(MAP.read_text(encoding="utf-8"))
    assert _inside(*_project(data, 30.52, 50.45), data["countries"]["UA"]["d"])
    assert _inside(*_project(data, 37.62, 55.75), data["countries"]["RU"]["d"])
    assert not _inside(*_project(data, 37.62, 55.75), data["countries"]["UA"]["d"])
