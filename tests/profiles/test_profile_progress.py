"""A profile shows the progress records known on the date it is shown for."""

from datetime import date

import pytest

from profiles.selectors import country_profile
from tests.factories import ProgressFactory, RecommendationFactory, bundled_country

pytestmark = pytest.mark.django_db


def test_a_country_profile_shows_only_the_progress_recorded_by_its_date(client):
    ukraine = bundled_country("UA")
    recommendation = RecommendationFactory()
    record = ProgressFactory(recommendation=recommendation, country=ukraine, as_of=date(2024, 3, 1),
                             evidence="zqxprogress2024")
    ended = ProgressFactory(recommendation=recommendation, country=ukraine, as_of=date(2012, 1, 1),
                            valid_to=date(2014, 1, 1), evidence="zqxprogress2012")

    assert record in country_profile(iso2="UA").progress
    assert record not in country_profile(iso2="UA", as_of=date(2015, 1, 1)).progress
    assert ended not in country_profile(iso2="UA", as_of=date(2015, 1, 1)).progress
    assert ended in country_profile(iso2="UA", as_of=date(2013, 1, 1)).progress
    assert "zqxprogress2024" in client.get("/countries/ua/").content.decode()
    assert "zqxprogress2024" not in client.get("/countries/ua/?as_of=2015-01-01").content.decode()
