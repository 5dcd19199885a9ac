"""Anonymous requests with hostile inputs get 400 or a bounded answer, never a 500 (issue 14, finding 15)."""

import time

import pytest

pytestmark = pytest.mark.django_db

LISTS = ["laws", "thresholds", "sanctions", "assessments", "progress", "recommendations", "sources", "countries",
         "substances"]


@pytest.mark.parametrize("endpoint", LISTS)
@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_out_of_range_updated_since_is_400(client, endpoint, value):
    response = client.get(f"/api/v1/{endpoint}/", {"updated_since": value})
    assert response.status_code == 400, response.content[:300]
    assert "updated_since" in response.json()


def test_a_valid_updated_since_still_works(client):
    assert client.get("/api/v1/laws/", {"updated_since": "2000-01-01T00:00:00+01:00"}).status_code == 200


@pytest.mark.parametrize("path, param", [("/recommendations/", "q"), ("/api/v1/recommendations/", "search")])
def test_a_very_long_search_is_cut_and_answers_quickly(client, path, param):
    words = " ".join(f"word{n}" for n in range(1900))
    started = time.monotonic()
    response = client.get(path, {param: words})
    assert response.status_code == 200
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("path, param", [
    ("/compare/", "substance"), ("/changes/", "country"), ("/changes/feed/", "country"),
    ("/recommendations/", "source"), ("/recommendations/", "q"), ("/api/v1/consequences/", "substance"),
    ("/api/v1/laws/", "country"), ("/api/v1/recommendations/", "search"), ("/countries/ua/", "as_of"),
])
def test_a_nul_byte_in_any_parameter_is_400(client, path, param):
    response = client.get(f"{path}?{param}=a%00b")
    assert response.status_code == 400
    assert client.get(f"{path}?x%00y=1").status_code == 400
