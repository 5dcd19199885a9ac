"""The bundled report of the side event states no place or meeting of its own: what PolicyHub infers is shown as
inferred (tests/recommendations/test_views.py), never as the report's details."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def test_side_event_report_shows_no_place_or_meeting_it_does_not_state(client):
    html = client.get("/sources/we-are-the-evidence-2021/").content.decode()
    assert "Not stated in the text" in html and "Inferred: 2021, between 25 March and 3 June" in html
    assert "CND side event" not in html and "Online" not in html
