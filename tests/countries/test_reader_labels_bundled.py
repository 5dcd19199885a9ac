"""No public page or brief of the bundled countries shows the snake_case value of a model's choices: the scan runs
over every focus country's page and brief and every source with recommendations, so it covers the variety of values
the shipped data holds."""

import pytest

from countries.models import Country, Source
from profiles.briefs import brief_html

from .test_reader_labels import _codes, _reader_text, _shown_codes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def test_no_public_page_shows_a_choice_code(client):
    codes = _codes()
    assert {"possession_personal", "in_force", "legal_text"} <= codes
    pages = [
        "/", "/countries/", "/compare/?substance=heroin", "/compare/?substance=heroin&amount=1&unit=g",
        "/compare/?substance=cannabis&amount=10&unit=g", "/changes/", "/coverage/", "/about/", "/recommendations/",
        "/countries/ru/?amount=1&unit=g&substance=heroin",
    ]
    pages += [f"/countries/{iso2.lower()}/" for iso2 in Country.objects.focus().values_list("iso2", flat=True)]
    pages += [f"/sources/{slug}/" for slug in Source.objects.filter(recommendations__isnull=False)
              .values_list("slug", flat=True).distinct()]
    shown = {}
    for path in pages:
        for prefix in ("", "/ru"):
            response = client.get(prefix + path)
            assert response.status_code == 200, prefix + path
            for code in _shown_codes(_reader_text(response.content.decode()), codes):
                shown.setdefault(code, []).append(prefix + path)
    assert shown == {}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_brief_shows_a_choice_code(language):
    codes = _codes()
    shown = {}
    for iso2 in Country.objects.focus().values_list("iso2", flat=True):
        for code in _shown_codes(_reader_text(brief_html(iso2=iso2, language=language)), codes):
            shown.setdefault(code, []).append(iso2)
    assert shown == {}
