"""The pages run the same number of queries on the bundled data and on ten times as much generated beside it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legislation.models import Threshold
from tests.bulk import fill

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


QUERY_PAGES = ["/", "/countries/", "/countries/ua/", "/countries/ru/?amount=1&unit=g&substance=heroin",
               "/compare/?substance=heroin&amount=1&unit=g", "/changes/", "/recommendations/",
               "/sources/regional-dialogue-2021/", "/coverage/"]


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_page_query_counts_do_not_grow_with_ten_times_the_data(client):
    fill(factor=1)
    before = {path: _count(client, path) for path in QUERY_PAGES}
    fill(factor=10)
    after = {path: _count(client, path) for path in QUERY_PAGES}
    assert after == before
    assert Threshold.objects.count() > 1000
