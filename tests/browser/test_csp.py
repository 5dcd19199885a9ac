import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/countries/ua/", "/compare/?substance=heroin&amount=1&unit=g", "/ru/recommendations/", "/api/v1/docs/",
         "/admin/login/"]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.mark.parametrize("url", PAGES)
def test_pages_run_under_the_content_security_policy(page, url):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(url)
    assert response.status == 200
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    refused = [text for text in console if "Content Security Policy" in text]
    assert violations == [] and refused == []


def test_api_docs_render_the_operations(page):
    page.goto("/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 10
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("PolicyHub API")
