import re

import pytest

pytestmark = pytest.mark.browser


def test_pick_indicator_changes_the_map(page, site_url):
    page.goto("/")
    hungary = page.locator('a.map-country[data-iso2="HU"] use')
    before = hungary.get_attribute("fill")
    page.select_option("#indicator", "drug-use")  # JavaScript submits the form on change
    page.wait_for_url(re.compile(r"indicator=drug-use"))
    assert page.locator(".map-wrap").get_attribute("data-indicator") == "drug-use"
    after = page.locator('a.map-country[data-iso2="PL"] use').get_attribute("fill")
    assert after == "#67a9cf"  # Poland does not punish use itself
    assert before  # Hungary was coloured on the first map too
    assert all(url.startswith(site_url) for url in page.requests), "a request left the site"


def test_map_to_country_to_source_in_three_clicks(page):
    page.goto("/")
    page.locator('a.map-country[data-iso2="UA"]').click()
    page.wait_for_url(re.compile(r"/countries/ua/$"))
    assert page.locator("h1").inner_text() == "Ukraine"
    page.get_by_role("link", name="Browse recommendations").click()
    page.wait_for_url(re.compile(r"/recommendations/\?country=UA"))
    page.locator(".recommendation a[href^='/sources/']").first.click()
    page.wait_for_url(re.compile(r"/sources/"))
    assert page.locator("dl.meta").is_visible()


def test_switch_to_russian_keeps_the_page(page):
    page.goto("/countries/ua/")
    page.get_by_role("link", name="Русский").click()
    page.wait_for_url(re.compile(r"/ru/countries/ua/"))
    assert page.locator("h1").inner_text() == "Украина"
    assert page.locator("html").get_attribute("lang") == "ru"


def test_compare_with_an_amount_shows_liability(page):
    page.goto("/compare/")
    page.select_option("#substance", "heroin")
    page.fill("#amount", "1")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"amount=1"))
    row = page.locator("tr", has=page.locator('a[href="/countries/ru/"]'))
    assert "criminal" in row.inner_text()
    assert page.locator(".map-wrap svg").is_visible()


def test_recommendation_filters(page):
    page.goto("/recommendations/")
    total = int(page.locator(".result-count").inner_text().split()[0])
    page.select_option("#theme", "women-gender")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"theme=women-gender"))
    filtered = int(page.locator(".result-count").inner_text().split()[0])
    assert 0 < filtered < total
    page.fill("#q", "Bangkok")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"q=Bangkok"))
    assert "Bangkok" in page.locator(".recommendation").first.inner_text()


def test_profile_fits_a_phone(browser, site_url):
    context = browser.new_context(base_url=site_url, viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto("/countries/ru/")
    # Wide tables scroll inside their own box; nothing else may stick out of the screen.
    sticking_out = page.evaluate("""() => {
        const limit = document.documentElement.clientWidth + 1;
        return [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.table-scroll') && !(e.closest('svg') && e.tagName !== 'svg'))
            .filter(e => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > limit)
            .map(e => e.tagName + '.' + e.className);
    }""")
    assert sticking_out == []
    context.close()


def test_clicking_crimea_opens_ukraine(page):
    """The map's Crimea is Ukraine's (UN General Assembly resolution 68/262): a click there opens Ukraine's profile."""
    import json
    from pathlib import Path

    from django.conf import settings

    from tests.countries.test_map import _project

    data = json.loads((Path(settings.BASE_DIR) / "static" / "map" / "eeca.json").read_text(encoding="utf-8"))
    x, y = _project(data, 34.10, 44.95)  # Simferopol, in the map's own units
    page.goto("/")
    # Map units to the screen with the SVG's own transform, whatever its size and aspect ratio.
    screen = page.evaluate(
        """([x, y]) => { const svg = document.querySelector('.map-wrap svg'); const p = svg.createSVGPoint();
             p.x = x; p.y = y; let q = p.matrixTransform(svg.getScreenCTM());
             window.scrollBy(0, q.y - window.innerHeight / 2);
             q = p.matrixTransform(svg.getScreenCTM()); return [q.x, q.y]; }""",
        [x, y],
    )
    page.mouse.click(*screen)
    page.wait_for_url(re.compile(r"/countries/ua/$"))
    assert page.locator("h1").inner_text() == "Ukraine"


def test_map_shapes_come_from_one_cached_file(page, site_url):
    """The page carries only colours and links; the shapes are drawn from the static map file."""
    page.goto("/")
    box = page.evaluate("() => { const b = document.querySelector('a.map-country[data-iso2=\"UA\"] use').getBBox();"
                        " return [b.width, b.height]; }")
    assert box[0] > 20 and box[1] > 10  # drawn from the referenced file, not an empty shape
    svg_requests = [url for url in page.requests if "/static/map/" in url and ".svg" in url]
    assert len(svg_requests) == 1


@pytest.mark.parametrize("prefix, name", [("", "Ukraine"), ("/ru", "Украина")])
def test_map_keyboard_tab_to_a_country_and_enter(page, prefix, name):
    page.goto(prefix + "/")
    ukraine = page.locator('a.map-country[data-iso2="UA"]')
    assert ukraine.get_attribute("aria-label").startswith(name + ": ")
    page.locator('a.map-country').first.focus()
    for _ in range(60):  # tab through the map's countries to Ukraine
        if page.evaluate("() => document.activeElement.dataset.iso2") == "UA":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.iso2") == "UA"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(prefix + r"/countries/ua/$"))
    assert page.locator("h1").inner_text() == name


def test_header_search_in_russian_finds_a_russian_result(page):
    page.goto("/ru/")
    page.fill("#site-q", "метадон")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ru/search/\?q="))
    assert page.locator("html").get_attribute("lang") == "ru"
    first = page.locator(".search-results li a").first
    assert "Метадон" in first.inner_text() or "метадон" in first.inner_text().lower()
    assert page.locator(".search-results mark").count() >= 1
