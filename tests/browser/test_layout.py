"""Public pages at a desktop width and at a 390 px phone, in both languages: nothing sticks out sideways, the profile's
tables are stacked cards on a phone, and the home page's indicator menu fits the screen."""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/countries/ru/", "/countries/ua/", "/countries/ge/", "/recommendations/", "/about/", "/coverage/",
         "/compare/?substance=heroin&amount=1&unit=g"]
WIDTHS = [1280, 390]

OVERFLOW = """() => {
    const limit = document.documentElement.clientWidth + 1;
    const page = document.documentElement.scrollWidth <= limit;
    const out = [...document.querySelectorAll('body *')]
        .filter(e => !(e.closest('svg') && e.tagName.toLowerCase() !== 'svg'))
        .filter(e => !e.closest('.table-scroll') || e.closest('table.cards'))
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > limit; })
        .map(e => e.tagName + '.' + e.className);
    return {page, out};
}"""


@pytest.fixture
def sized(browser, site_url):
    contexts = []

    def make(width: int):
        context = browser.new_context(base_url=site_url, viewport={"width": width, "height": 900},
                                      is_mobile=width < 600, has_touch=width < 600)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("prefix", ["", "/ru"])
@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_overflow(sized, width, prefix, path):
    page = sized(width)
    page.goto(prefix + path)
    result = page.evaluate(OVERFLOW)
    assert result == {"page": True, "out": []}


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_profile_tables_are_stacked_cards_on_a_phone(sized, prefix):
    page = sized(390)
    page.goto(prefix + "/countries/ru/")
    for table in ("status-table", "sanction-table", "threshold-table"):
        rows = page.locator(f"table.{table} tbody tr")
        assert rows.count() > 0, table
        assert rows.first.evaluate("e => getComputedStyle(e).display") == "block"
    # The prison column is on screen, under its own heading, not scrolled away.
    prison = page.locator("table.sanction-table td[data-label]").nth(3)
    box = prison.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 391
    label = prison.evaluate("e => getComputedStyle(e, '::before').content")
    assert label.strip('"') == ("Лишение свободы" if prefix else "Prison")


def test_profile_tables_stay_tables_on_a_desktop(sized):
    page = sized(1280)
    page.goto("/countries/ru/")
    assert page.locator("table.sanction-table tbody tr").first.evaluate("e => getComputedStyle(e).display") == "table-row"


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_home_indicator_menu_fits_a_phone(sized, prefix):
    page = sized(390)
    page.goto(prefix + "/")
    box = page.locator("#indicator").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


@pytest.mark.parametrize("width", WIDTHS)
def test_map_labels_do_not_overlap_as_drawn(sized, width):
    page = sized(width)
    page.goto("/")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.map-wrap text.map-label')].map(t => {
        const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; })""")
    assert len(boxes) >= 20
    clashes = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert clashes == []
