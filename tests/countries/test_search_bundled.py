"""The seed indexes the bundled records for the site search, and indexing again changes nothing."""

import pytest

from profiles import search as site_search
from profiles.models import SearchEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def test_the_seed_indexes_the_bundled_records_and_stays_idempotent():
    assert SearchEntry.objects.filter(kind="country").count() == 29
    assert SearchEntry.objects.filter(kind="recommendation").exists()
    before = list(SearchEntry.objects.order_by("pk").values_list("pk", "stems"))
    site_search.rebuild()
    assert list(SearchEntry.objects.order_by("pk").values_list("pk", "stems")) == before
