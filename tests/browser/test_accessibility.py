"""axe-core (WCAG 2.1 A and AA rules) on the public pages in both languages: no
serious or critical violation. axe-core is the project's own copy (tests/browser/vendor/axe-core)."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PAGES = ["/", "/countries/", "/countries/ua/", "/countries/ru/", "/compare/?substance=heroin&amount=1&unit=g",
         "/recommendations/", "/coverage/", "/about/", "/changes/"]
RUN = """async () => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
    return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def _violations(page, path: str) -> list:
    page.goto(path)
    page.evaluate(AXE)  # evaluated, not injected as a <script>: the Content-Security-Policy allows only our files
    return page.evaluate(RUN)


@pytest.mark.parametrize("prefix", ["", "/ru"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(page, prefix, path):
    assert _violations(page, prefix + path) == []


def test_map_has_no_nested_interactive_violation(page):
    """The map's links sat inside an SVG with role="img", which may not hold interactive content."""
    page.goto("/")
    page.evaluate(AXE)
    result = page.evaluate("""async () => (await axe.run('.map-wrap', {runOnly: ['nested-interactive', 'link-name',
        'svg-img-alt']})).violations.map(v => v.id)""")
    assert result == []


def test_axe_finds_a_violation_when_there_is_one(page):
    page.goto("/about/")
    page.evaluate(AXE)
    page.evaluate("""() => { const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', 'map');
        const a = document.createElementNS('http://www.w3.org/2000/svg', 'a'); a.setAttribute('href', '/');
        a.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'rect'));
        svg.appendChild(a); document.querySelector('main').appendChild(svg); }""")
    ids = page.evaluate("async () => (await axe.run(document, {runOnly: ['nested-interactive']})).violations.map(v => v.id)")
    assert ids == ["nested-interactive"]
