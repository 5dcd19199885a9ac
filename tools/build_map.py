#!/usr/bin/env python3
"""Build static/map/eeca.json (SVG path data) from a world-atlas TopoJSON file.

Usage:
    python3 tools/build_map.py path/to/countries-50m.json [output.json]

The input is ``countries-50m.json`` from the npm package ``world-atlas@2``
(Natural Earth 1:50m admin-0 countries, public domain). The output defaults to
``static/map/eeca.json`` next to this script's project root.

Standard library only. The TopoJSON is decoded here (delta-encoded quantized
arcs, reversed arcs ``~i``, Polygon / MultiPolygon), projected with a Lambert
conformal conic centred on the region, simplified per shared arc (so borders
between neighbours stay identical) and written as SVG path strings.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

# --------------------------------------------------------------------------
# Countries: ISO alpha-2 -> (ISO 3166-1 numeric id used by world-atlas, name)
# Kosovo has no numeric id in world-atlas; it is matched by name instead.
# --------------------------------------------------------------------------
FOCUS = {
    "AL": ("008", "Albania"),
    "AM": ("051", "Armenia"),
    "AZ": ("031", "Azerbaijan"),
    "BY": ("112", "Belarus"),
    "BA": ("070", "Bosnia and Herzegovina"),
    "BG": ("100", "Bulgaria"),
    "HR": ("191", "Croatia"),
    "CZ": ("203", "Czechia"),
    "EE": ("233", "Estonia"),
    "GE": ("268", "Georgia"),
    "HU": ("348", "Hungary"),
    "KZ": ("398", "Kazakhstan"),
    "XK": (None, "Kosovo"),
    "KG": ("417", "Kyrgyzstan"),
    "LV": ("428", "Latvia"),
    "LT": ("440", "Lithuania"),
    "MD": ("498", "Moldova"),
    "ME": ("499", "Montenegro"),
    "MK": ("807", "North Macedonia"),
    "PL": ("616", "Poland"),
    "RO": ("642", "Romania"),
    "RU": ("643", "Russia"),
    "RS": ("688", "Serbia"),
    "SK": ("703", "Slovakia"),
    "SI": ("705", "Slovenia"),
    "TJ": ("762", "Tajikistan"),
    "TM": ("795", "Turkmenistan"),
    "UA": ("804", "Ukraine"),
    "UZ": ("860", "Uzbekistan"),
}
CONTEXT = {
    "AT": ("040", "Austria"),
    "DE": ("276", "Germany"),
    "FI": ("246", "Finland"),
    "SE": ("752", "Sweden"),
    "NO": ("578", "Norway"),
    "DK": ("208", "Denmark"),
    "TR": ("792", "Turkey"),
    "IR": ("364", "Iran"),
    "AF": ("004", "Afghanistan"),
    "CN": ("156", "China"),
    "MN": ("496", "Mongolia"),
    "GR": ("300", "Greece"),
    "IT": ("380", "Italy"),
    "CY": ("196", "Cyprus"),
    "SY": ("760", "Syria"),
    "IQ": ("368", "Iraq"),
    "PK": ("586", "Pakistan"),
    "IN": ("356", "India"),
    "NL": ("528", "Netherlands"),
    "BE": ("056", "Belgium"),
    "FR": ("250", "France"),
    "CH": ("756", "Switzerland"),
    "LU": ("442", "Luxembourg"),
}
BY_NAME = {"Kosovo": "XK"}

# View (what the viewBox shows) and the looser box used to drop far polygons.
VIEW_LON = (12.0, 90.0)
VIEW_LAT = (35.0, 70.0)
KEEP_LON = (5.0, 100.0)
KEEP_LAT = (30.0, 75.0)

WIDTH = 1000.0
MIN_STEP = 0.6  # SVG units: drop points closer than this to the previous kept one
LABEL_MARGIN = 12.0  # keep label points this far inside the view
# Label points given explicitly (lon, lat) instead of the computed centroid.
LABEL_OVERRIDES = {"RU": (48.0, 57.0)}

# Lambert conformal conic, spherical.
LON0 = 51.0
PAR1, PAR2 = 43.0, 62.0
SOURCE = "Natural Earth 1:50m via world-atlas 2.x"


def _lcc_setup():
    p1, p2 = math.radians(PAR1), math.radians(PAR2)
    t = lambda p: math.tan(math.pi / 4 + p / 2)  # noqa: E731
    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(t(p2) / t(p1))
    f = math.cos(p1) * t(p1) ** n / n
    return n, f


_N, _F = _lcc_setup()


def project_raw(lon: float, lat: float) -> tuple[float, float]:
    """Unscaled LCC; y grows downwards (SVG orientation)."""
    lat = max(min(lat, 89.9), -89.9)
    rho = _F / math.tan(math.pi / 4 + math.radians(lat) / 2) ** _N
    theta = _N * math.radians(lon - LON0)
    return rho * math.sin(theta), rho * math.cos(theta)


def _fit():
    """Scale/offset so the view rectangle (lon/lat) fits WIDTH units across."""
    pts = []
    steps = 60
    for i in range(steps + 1):
        lon = VIEW_LON[0] + (VIEW_LON[1] - VIEW_LON[0]) * i / steps
        lat = VIEW_LAT[0] + (VIEW_LAT[1] - VIEW_LAT[0]) * i / steps
        pts += [project_raw(lon, VIEW_LAT[0]), project_raw(lon, VIEW_LAT[1])]
        pts += [project_raw(VIEW_LON[0], lat), project_raw(VIEW_LON[1], lat)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    scale = WIDTH / (max(xs) - min(xs))
    height = math.ceil((max(ys) - min(ys)) * scale)
    return scale, min(xs), min(ys), height


SCALE, X0, Y0, HEIGHT = _fit()


def project(lon: float, lat: float) -> tuple[float, float]:
    x, y = project_raw(lon, lat)
    return (x - X0) * SCALE, (y - Y0) * SCALE


# --------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------
def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if tr:
            (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
            x = y = 0
            pts = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(p[0], p[1]) for p in arc]
        arcs.append(pts)
    return arcs


def polygons_of(geom: dict) -> list[list[list[int]]]:
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return geom["arcs"]
    return []


def ring_lonlat(ring: list[int], arcs) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for idx in ring:
        pts = arcs[idx] if idx >= 0 else arcs[~idx][::-1]
        out.extend(pts[1:] if out else pts)
    return out


def polygon_in_keep_box(poly, arcs) -> bool:
    lons, lats = [], []
    for ring in poly:
        for lon, lat in ring_lonlat(ring, arcs):
            lons.append(lon)
            lats.append(lat)
    return not (
        max(lons) < KEEP_LON[0]
        or min(lons) > KEEP_LON[1]
        or max(lats) < KEEP_LAT[0]
        or min(lats) > KEEP_LAT[1]
    )


# --------------------------------------------------------------------------
# Geometry helpers (projected space)
# --------------------------------------------------------------------------
class ArcCache:
    """Projects and simplifies each arc once, so shared borders match exactly."""

    def __init__(self, arcs):
        self.arcs = arcs
        self.cache: dict[int, list[tuple[float, float]]] = {}

    def get(self, idx: int) -> list[tuple[float, float]]:
        i = idx if idx >= 0 else ~idx
        if i not in self.cache:
            pts = [project(lon, lat) for lon, lat in self.arcs[i]]
            kept = [pts[0]]
            for p in pts[1:-1]:
                q = kept[-1]
                if math.hypot(p[0] - q[0], p[1] - q[1]) >= MIN_STEP:
                    kept.append(p)
            if len(pts) > 1:
                kept.append(pts[-1])
            self.cache[i] = [(round(x, 1), round(y, 1)) for x, y in kept]
        pts = self.cache[i]
        return pts if idx >= 0 else pts[::-1]


def build_ring(ring: list[int], cache: ArcCache) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for idx in ring:
        for p in cache.get(idx):
            if not out or p != out[-1]:
                out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def ring_area_centroid(pts):
    a = cx = cy = 0.0
    n = len(pts)
    for i in range(n):
        x1, y1 = pts[i]
        x2, y2 = pts[(i + 1) % n]
        c = x1 * y2 - x2 * y1
        a += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    a /= 2
    if abs(a) < 1e-9:
        xs, ys = zip(*pts, strict=True)
        return 0.0, sum(xs) / n, sum(ys) / n
    return abs(a), cx / (6 * a), cy / (6 * a)


def point_in_ring(x, y, pts) -> bool:
    inside = False
    n = len(pts)
    j = n - 1
    for i in range(n):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def dist_to_ring(x, y, pts) -> float:
    best = float("inf")
    n = len(pts)
    for i in range(n):
        x1, y1 = pts[i]
        x2, y2 = pts[(i + 1) % n]
        dx, dy = x2 - x1, y2 - y1
        ll = dx * dx + dy * dy
        t = 0.0 if ll == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / ll))
        best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def label_point(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """Centroid of the outer ring; if it falls outside the shape (crescents
    like Croatia), the most interior point of a grid over the ring instead.
    The search is limited to the view so it stays visible."""
    outer = rings[0]
    _, cx, cy = ring_area_centroid(outer)
    lo_x, hi_x = LABEL_MARGIN, WIDTH - LABEL_MARGIN
    lo_y, hi_y = LABEL_MARGIN, HEIGHT - LABEL_MARGIN
    in_view = lo_x <= cx <= hi_x and lo_y <= cy <= hi_y

    def inside(x, y):
        return point_in_ring(x, y, outer) and not any(point_in_ring(x, y, h) for h in rings[1:])

    if in_view and inside(cx, cy) and dist_to_ring(cx, cy, outer) > 4:
        return cx, cy
    xs, ys = zip(*outer, strict=True)
    x_min, x_max = max(min(xs), lo_x), min(max(xs), hi_x)
    y_min, y_max = max(min(ys), lo_y), min(max(ys), hi_y)
    best, best_d = None, -1.0
    if x_min < x_max and y_min < y_max:
        steps = 40
        for i in range(steps + 1):
            for j in range(steps + 1):
                x = x_min + (x_max - x_min) * i / steps
                y = y_min + (y_max - y_min) * j / steps
                if inside(x, y):
                    d = min(dist_to_ring(x, y, r) for r in rings)
                    if d > best_d:
                        best, best_d = (x, y), d
    if best is None:
        best = (cx, cy)
    return best


def clamp_to_view(x, y):
    x = min(max(x, LABEL_MARGIN), WIDTH - LABEL_MARGIN)
    y = min(max(y, LABEL_MARGIN), HEIGHT - LABEL_MARGIN)
    return round(x, 1), round(y, 1)


def fmt(v: float) -> str:
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    if s == "-0":
        s = "0"
    return s


def ring_to_path(pts) -> str:
    head = f"M{fmt(pts[0][0])} {fmt(pts[0][1])}L"
    return head + " ".join(f"{fmt(x)} {fmt(y)}" for x, y in pts[1:]) + "Z"


# --------------------------------------------------------------------------
# Borders as the United Nations recognises them
# --------------------------------------------------------------------------
# Natural Earth's admin-0 layer draws Crimea inside Russia. PolicyHub follows the United Nations' position (General
# Assembly resolution 68/262): Crimea is part of Ukraine. The polygon holding Simferopol moves from Russia's
# geometry to Ukraine's and is merged with the mainland along the arcs they share, so no line is drawn across the
# Perekop isthmus. Georgia's, Moldova's and Azerbaijan's admin-0 shapes already follow their recognised borders.
SIMFEROPOL = (34.10, 44.95)
RUSSIA_ID, UKRAINE_ID = "643", "804"


def _lonlat_in_ring(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    return point_in_ring(lon, lat, ring)


def _endpoints(idx: int, arcs) -> tuple[tuple[float, float], tuple[float, float]]:
    pts = arcs[idx] if idx >= 0 else arcs[~idx][::-1]
    return pts[0], pts[-1]


def merge_rings(a: list[int], b: list[int], arcs) -> list[int]:
    """The outer ring of two adjacent polygons' union: their arcs minus the ones they share, chained end to start."""
    shared = {i if i >= 0 else ~i for i in a} & {i if i >= 0 else ~i for i in b}
    rest = [i for i in a + b if (i if i >= 0 else ~i) not in shared]
    ring = [rest.pop(0)]
    while rest:
        end = _endpoints(ring[-1], arcs)[1]
        nxt = next((i for i in rest if _endpoints(i, arcs)[0] == end), None)
        if nxt is None:
            raise SystemExit("could not chain the merged ring; the input topology changed")
        rest.remove(nxt)
        ring.append(nxt)
    return ring


def apply_un_borders(topo: dict, arcs) -> None:
    geoms = {str(g.get("id")): g for g in topo["objects"]["countries"]["geometries"]}
    russia, ukraine = geoms[RUSSIA_ID], geoms[UKRAINE_ID]
    ru_polys, ua_polys = polygons_of(russia), polygons_of(ukraine)
    crimea = next((p for p in ru_polys if _lonlat_in_ring(*SIMFEROPOL, ring_lonlat(p[0], arcs))), None)
    if crimea is None:
        return  # the input already draws Crimea inside Ukraine
    ru_polys.remove(crimea)
    crimea_arcs = {i if i >= 0 else ~i for i in crimea[0]}
    for poly in ua_polys:
        if crimea_arcs & {i if i >= 0 else ~i for i in poly[0]}:
            poly[0] = merge_rings(poly[0], crimea[0], arcs)
            poly.extend(crimea[1:])
            break
    else:
        ua_polys.append(crimea)
    for geom, polys in ((russia, ru_polys), (ukraine, ua_polys)):
        geom["type"], geom["arcs"] = "MultiPolygon", polys


# --------------------------------------------------------------------------
def build(topo: dict) -> dict:
    arcs = decode_arcs(topo)
    apply_un_borders(topo, arcs)
    cache = ArcCache(arcs)
    wanted = {**FOCUS, **CONTEXT}
    by_numeric = {num: code for code, (num, _) in wanted.items() if num}

    countries: dict[str, dict] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        gid = geom.get("id")
        name = (geom.get("properties") or {}).get("name")
        code = by_numeric.get(str(gid)) if gid is not None else BY_NAME.get(name)
        if code is None:
            continue
        parts = []  # (area, rings)
        for poly in polygons_of(geom):
            if not polygon_in_keep_box(poly, arcs):
                continue
            rings = [build_ring(r, cache) for r in poly]
            if len(rings[0]) < 4:
                continue
            rings = [rings[0]] + [r for r in rings[1:] if len(r) >= 4]
            parts.append((ring_area_centroid(rings[0])[0], rings))
        if not parts:
            continue
        d = "".join(ring_to_path(r) for _, rings in parts for r in rings)
        if code in LABEL_OVERRIDES:
            cx, cy = project(*LABEL_OVERRIDES[code])
        else:
            cx, cy = label_point(max(parts, key=lambda p: p[0])[1])
        cx, cy = clamp_to_view(cx, cy)
        countries[code] = {"name": wanted[code][1], "d": d, "cx": cx, "cy": cy}

    missing = sorted(set(wanted) - set(countries))
    if missing:
        raise SystemExit(f"missing countries in input: {', '.join(missing)}")
    ordered = {c: countries[c] for c in sorted(countries)}
    return {
        "viewBox": f"0 0 {int(WIDTH)} {HEIGHT}",
        "source": SOURCE,
        "borders": "United Nations position: Crimea drawn as part of Ukraine (UN General Assembly resolution 68/262)",
        "projection": {"lon0": LON0, "parallels": [PAR1, PAR2], "scale": SCALE, "x0": X0, "y0": Y0},
        "countries": ordered,
    }


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    src = Path(argv[1])
    out = (
        Path(argv[2])
        if len(argv) == 3
        else Path(__file__).resolve().parent.parent / "static" / "map" / "eeca.json"
    )
    topo = json.loads(src.read_text(encoding="utf-8"))
    data = build(topo)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(data['countries'])} countries, viewBox {data['viewBox']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
