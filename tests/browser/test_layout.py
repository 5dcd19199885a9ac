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
    heading = "Лишение свободы" if prefix else "Prison"
    prison = page.locator(f'table.sanction-table td[data-label="{heading}"]').first
    box = prison.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 391
    label = prison.evaluate("e => getComputedStyle(e, '::before').content")
    assert label.strip('"') == heading
    # A column with nothing for a row (no fine, say) is left out of that row's card rather than shown as a dash.
    empty = page.locator("table.sanction-table td:empty")
    assert empty.count() > 0 and empty.first.evaluate("e => getComputedStyle(e).display") == "none"


def test_profile_tables_stay_tables_on_a_desktop(sized):
    page = sized(1280)
    page.goto("/countries/ru/")
    assert page.locator("table.sanction-table tbody tr").first.evaluate("e => getComputedStyle(e).display") == "table-row"
    # An empty cell still reads as "nothing" in the table.
    dash = page.locator("table.sanction-table td:empty").first.evaluate("e => getComputedStyle(e, '::after').content")
    assert dash.strip('"') == "—"


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


ON_SCREEN = """(selector) => { const e = document.querySelector(selector); if (!e) return null;
    const r = e.getBoundingClientRect(); const w = document.documentElement.clientWidth;
    return {left: r.left, right: r.right, top: r.top, width: r.width, inside: r.left >= 0 && r.right <= w + 1}; }"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_compare_answer_is_on_screen_and_first_on_a_phone(sized, width, prefix):
    page = sized(width)
    page.goto(prefix + "/compare/?substance=heroin&amount=1&unit=g")
    answer = page.evaluate(ON_SCREEN, "table.compare-table tbody tr td.your-amount")
    assert answer and answer["width"] > 200 and answer["inside"], answer
    first = page.locator("table.compare-table tbody tr").first
    assert ("Впервые" if prefix else "First offence") in first.locator("td.your-amount").inner_text()
    # Countries PolicyHub cannot answer for are named together in one line, not given a row each.
    unknown = page.locator("p.unknown-countries")
    assert unknown.locator("a").count() >= 5
    assert page.locator("table.compare-table tbody tr", has=page.locator('a[href$="/countries/ua/"]')).count() == 0
    if width < 600:
        # On a phone the answer comes straight after the country's name, before the table's lines.
        order = first.evaluate("""r => [...r.children].filter(c => c.getBoundingClientRect().height > 0)
            .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map(c => c.className)""")
        assert order[1] == "your-amount", order
        # The chart becomes a list a phone can read; the drawing is not shown.
        assert not page.locator("svg.chart").is_visible()
        assert page.locator("ul.chart-list li").first.is_visible()
        assert ("Россия" if prefix else "Russia") in page.locator("ul.chart-list").inner_text()
    else:
        assert page.locator("svg.chart").is_visible() and not page.locator("ul.chart-list").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_profile_answer_is_on_screen(sized, width, prefix):
    page = sized(width)
    page.goto(prefix + "/countries/ru/?amount=1&unit=g&substance=heroin")
    answer = page.evaluate(ON_SCREEN, "#what-happens .answer-body")
    assert answer and answer["inside"], answer
    assert ("Впервые" if prefix else "First offence") in page.locator("#what-happens .answer-body").inner_text()
