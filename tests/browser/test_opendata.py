"""A reader downloads a list as CSV and XLSX in one click; JSON-LD data blocks pass the content security policy."""

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def download(page, selector: str):
    with page.expect_download() as info:
        page.locator(selector).click()
    return info.value


def test_profile_thresholds_download_as_csv_and_xlsx_with_the_rows_shown(page):
    page.goto("/countries/ua/")
    shown = page.locator(".threshold-table div.threshold").count()
    shown += page.locator("section[aria-labelledby=thresholds-heading] > ul > li").count()
    assert shown > 0
    csv_file = download(page, ".export-links[data-table=thresholds] a[data-format=csv]")
    assert re.fullmatch(r"policyhub-thresholds-ua-\d{4}-\d\d-\d\d\.csv", csv_file.suggested_filename)
    rows = list(csv.DictReader(io.StringIO(Path(csv_file.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == shown and {r["Country"] for r in rows} == {"Ukraine"}
    xlsx_file = download(page, ".export-links[data-table=thresholds] a[data-format=xlsx]")
    assert xlsx_file.suggested_filename == csv_file.suggested_filename.replace(".csv", ".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(xlsx_file.path()).read_bytes())).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(rows[0]) and len(values) - 1 == shown


def test_russian_compare_downloads_the_countries_of_the_table_headed_in_russian(page):
    page.goto("/ru/compare/?substance=heroin&amount=1&unit=g")
    shown = page.locator("table.compare-table tbody tr").count()
    names = page.locator("table.compare-table tbody th a").all_inner_texts()
    file = download(page, ".export-links a[data-format=csv]")
    rows = list(csv.DictReader(io.StringIO(Path(file.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == shown and [r["Страна"] for r in rows] == names
    assert "Ответственность (впервые)" in rows[0]


@pytest.mark.parametrize(("url", "kind"), [("/countries/rs/", "Legislation"), ("/ru/about/", "Dataset")])
def test_json_ld_blocks_parse_and_pass_the_content_security_policy(page, url, kind):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    texts = page.eval_on_selector_all('script[type="application/ld+json"]', "nodes => nodes.map(n => n.textContent)")
    data = [json.loads(text) for text in texts]
    types = {node["@type"] for block in data for node in block.get("@graph", [block])}
    assert kind in types
    assert page.evaluate("window.__cspViolations") == []
    assert [text for text in console if "Content Security Policy" in text] == []
