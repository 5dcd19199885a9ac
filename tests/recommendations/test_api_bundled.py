import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def test_api_gives_kind_reference_label_or_locator_and_origin(client):
    data = client.get("/api/v1/recommendations/?source=regional-dialogue-2021&kind=workshop_proposal&page_size=100").json()
    assert data["count"] == 49
    item = next(r for r in data["results"] if r["locator"] == "§4.2 ¶6 s1")
    assert (item["kind"], item["reference"], item["label"]) == ("workshop_proposal", "locator", "")
    became = client.get(f"/api/v1/recommendations/{item['became']}/").json()
    assert (became["label"], became["kind"]) == ("18", "recommendation")


def test_api_counts_per_report_and_kind(client):
    rows = client.get("/api/v1/recommendations/counts/?source=regional-dialogue-2021,honlea-europe-2017").json()
    assert sorted((r["source"], r["kind"], r["count"]) for r in rows) == [
        ("honlea-europe-2017", "conclusion", 7), ("honlea-europe-2017", "recommendation", 6),
        ("regional-dialogue-2021", "recommendation", 24), ("regional-dialogue-2021", "speaker_proposal", 13),
        ("regional-dialogue-2021", "workshop_proposal", 49),
    ]
