"""The pages that carry the regional map stay light with the whole bundled data: every focus country's profile,
with its quoted evidence, and the home page, in both languages."""

import pytest

from countries.models import Country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]

PROFILE_LIMIT = 80 * 1024
HOME_LIMIT = 150 * 1024


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_profile_html_stays_under_80_kb(client, prefix):
    """Every focus country's whole profile, with the bundled data and its quoted evidence, in both languages."""
    heavy = {}
    for iso2 in Country.objects.focus().values_list("iso2", flat=True):
        response = client.get(f"{prefix}/countries/{iso2.lower()}/")
        assert response.status_code == 200
        assert b"<svg" not in response.content or response.content.count(b"<path") < 60, "no inline regional map"
        if len(response.content) > PROFILE_LIMIT:
            heavy[iso2] = len(response.content)
    assert heavy == {}


@pytest.mark.parametrize("prefix", ["", "/ru"])
@pytest.mark.parametrize("query", ["", "?indicator=drug-use"])
def test_home_html_stays_under_150_kb(client, prefix, query):
    response = client.get(f"{prefix}/{query}")
    assert response.status_code == 200
    assert len(response.content) <= HOME_LIMIT, f"{prefix}/{query} is {len(response.content)} bytes"
