"""The regional map on pages: light pages that refer to one cached file of shapes, links a keyboard and a screen
reader can use, and the PDF brief's own inline map."""

import re

import pytest
from django.template import Context, Template
from django.templatetags.static import static

from countries.models import SubRegion
from profiles.maps import SPRITE, geometry, sprite_path, sprite_svg
from tests.factories import AssessmentFactory, CountryFactory, ThresholdFactory

pytestmark = pytest.mark.django_db

FOCUS = {
    SubRegion.BALTIC_CENTRAL: ["CZ", "EE", "HU", "LV", "LT", "PL", "SK", "SI"],
    SubRegion.SOUTH_EAST: ["AL", "BA", "BG", "HR", "XK", "ME", "MK", "RO", "RS"],
    SubRegion.EASTERN: ["BY", "MD", "RU", "UA"],
    SubRegion.SOUTH_CAUCASUS: ["AM", "AZ", "GE"],
    SubRegion.CENTRAL_ASIA: ["KZ", "KG", "TJ", "TM", "UZ"],
}


@pytest.fixture
def region():
    """Every focus country on the map, the Balkans' small countries among them, each with a heroin threshold;
    Ukraine with a drug-use assessment."""
    countries = {iso2: CountryFactory(iso2=iso2, subregion=subregion) for subregion, codes in FOCUS.items() for iso2 in codes}
    for country in countries.values():
        ThresholdFactory(country=country)
    AssessmentFactory(country=countries["UA"])
    return countries


def test_map_svg_file_matches_the_geometry():
    """eeca.svg is generated from eeca.json; after a rebuild of the geometry run `manage.py build_map_svg`."""
    assert sprite_path().read_text(encoding="utf-8") == sprite_svg(geometry())
    for iso2 in geometry()["countries"]:
        assert f'<path id="{iso2}" d="' in sprite_path().read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["/", "/countries/ua/", "/compare/?substance=heroin&amount=1&unit=g"])
def test_pages_refer_to_the_map_file_instead_of_inlining_shapes(client, region, path):
    html = client.get(path).content.decode()
    assert html.count("<svg class=\"region-map\"") == 1
    ukraine = geometry()["countries"]["UA"]["d"]
    assert ukraine[:200] not in html
    assert f'<use href="{static(SPRITE)}#all"/>' in html  # the region under the coloured countries
    assert re.search(rf'<use href="{re.escape(static(SPRITE))}#[A-Z]{{2}}" fill="#', html)


def test_home_map_countries_are_named_links_with_their_status(client, region):
    html = client.get("/").content.decode()
    svg = re.search(r'<svg class="region-map".*?</svg>', html, re.S).group(0)
    assert 'role="img"' not in svg  # an image may not hold links (axe: nested-interactive)
    assert re.search(r'<svg class="region-map"[^>]* role="group" aria-label="[^"]+"', svg)
    links = re.findall(r'<a href="(/countries/[a-z]{2}/)" class="map-country" data-iso2="([A-Z]{2})" aria-label="([^"]+)"', svg)
    assert len(links) >= 25
    named = {iso2: label for _, iso2, label in links}
    assert named["UA"].startswith("Ukraine: ") and len(named["UA"]) > len("Ukraine: ")
    russian = client.get("/ru/").content.decode()
    assert re.search(r'data-iso2="UA" aria-label="Украина: [^"]+"', russian)


def test_map_file_is_served(client):
    response = client.get(static(SPRITE))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b'<path id="UA"' in body


def test_brief_map_carries_its_shapes_inline():
    """Without a request (the PDF brief) the shapes are drawn inline, since WeasyPrint renders one document."""
    html = Template("{% load policyhub %}{% region_map fills highlight='UA' labelled=False %}").render(
        Context({"fills": {"UA": {"name": "Ukraine", "colour": "#2b6cb0", "label": ""}}})
    )
    assert geometry()["countries"]["UA"]["d"] in html
    assert "<use" not in html


@pytest.mark.parametrize("path", ["/", "/?indicator=drug-use", "/compare/?substance=heroin&amount=1&unit=g"])
def test_map_labels_do_not_overlap_and_moved_ones_have_a_leader_line(client, region, path):
    from profiles.maps import _box, _overlaps

    html = client.get(path).content.decode()
    labels = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" class="map-label">([A-Z]{2})</text>', html)
    assert len(labels) >= 10
    boxes = {iso2: _box(float(x), float(y)) for x, y, iso2 in labels}
    clashes = [(a, b) for a in boxes for b in boxes if a < b and _overlaps(boxes[a], boxes[b])]
    assert clashes == []
    leaders = re.findall(r'<line x1="[\d.]+" y1="[\d.]+" x2="([\d.]+)" y2="([\d.]+)" class="map-leader"/>', html)
    centres = geometry()["countries"]
    moved = [iso2 for x, y, iso2 in labels if (float(x), float(y)) != (float(centres[iso2]["cx"]), float(centres[iso2]["cy"]))]
    if path.startswith("/?") or path == "/":
        assert moved, "the Balkans' labels cannot all sit on their centres"
    assert len(leaders) == len(moved)


def test_brief_locator_map_is_small_and_keeps_crimea_in_ukraine():
    """The brief's cropped map carries only the shapes in view, cut to it, and still draws Crimea as Ukraine's."""
    from profiles.maps import crop_box, cropped_path
    from tests.countries.test_map import _inside, _project

    fills = {"UA": {"name": "Ukraine", "colour": "#2b6cb0", "label": ""}}
    html = Template("{% load policyhub %}{% region_map fills highlight='UA' labelled=False crop=True %}").render(
        Context({"fills": fills})
    )
    view = crop_box("UA")
    assert len(html) < 40 * 1024 and f'viewBox="{" ".join(f"{v:.1f}" for v in view)}"' in html
    ukraine = re.search(r'data-iso2="UA"><title>Ukraine</title><path d="([^"]+)"', html).group(1)
    russia = cropped_path("RU", view)
    assert f'<path d="{russia}"/>' in html
    assert cropped_path("KG", view) == "" and html.count("<path") < 40  # Kyrgyzstan is out of view: not carried
    for lon, lat in ((34.10, 44.95), (33.52, 44.60)):  # Simferopol, Sevastopol
        x, y = _project(geometry(), lon, lat)
        assert _inside(x, y, ukraine) and not _inside(x, y, russia), (lon, lat)
    assert _inside(*_project(geometry(), 30.52, 50.45), ukraine)  # Kyiv
