import re

import pytest

pytestmark = pytest.mark.browser


def test_a_visitor_reports_a_correction_from_a_profile(page, site_url):
    page.goto("/countries/ua/")
    page.locator(".threshold-table a.fix").first.click()
    page.wait_for_url(re.compile(r"/corrections/threshold/\d+/$"))
    assert "Ukraine" in page.locator("blockquote.reported-fact").inner_text()
    # The field only programs fill in is off the page for people.
    box = page.locator("#id_homepage").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0

    page.select_option("#id_field", "amount")
    page.fill("#id_problem", "The 2024 amendment lowered the small amount.")
    page.fill("#id_proposed_value", "0.5 g")
    page.fill("#id_email", "reader@example.org")
    page.wait_for_timeout(5500)  # a person takes some seconds; the form refuses faster submissions
    page.get_by_role("button", name="Send the correction").click()
    assert page.locator(".has-error").inner_text().count("This field is required.") == 1  # the source is missing
    assert page.locator("#id_problem").input_value() == "The 2024 amendment lowered the small amount."

    page.fill("#id_source", "Criminal Code of Ukraine, art. 309, as amended 15.03.2024")
    page.get_by_role("button", name="Send the correction").click()
    page.wait_for_url(re.compile(r"/corrections/sent/\?country=ua$"))
    assert "your correction was sent" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Back to the country").click()
    page.wait_for_url(re.compile(r"/countries/ua/$"))
    assert all(url.startswith(site_url) for url in page.requests), "a request left the site"


def test_the_russian_profile_offers_the_form_in_russian(page):
    page.goto("/ru/countries/ua/")
    page.locator(".sanction-table a.fix").first.click()
    page.wait_for_url(re.compile(r"/ru/corrections/sanction/\d+/$"))
    assert page.locator("h1").inner_text() == "Сообщить об ошибке"
    assert page.get_by_label("Что не так?").is_visible()
    assert page.get_by_role("button", name="Отправить исправление").is_visible()
