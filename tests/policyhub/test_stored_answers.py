"""Answers stored per data version: served again without the view, replaced by any edit, never to signed-in users."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from countries.models import DataVersion
from editors.models import ApiToken
from tests.factories import ThresholdFactory, bundled_country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ukraine(db):
    """Ukraine with a published threshold, the answers below are stored and compared for."""
    ThresholdFactory(country=bundled_country("UA"), term="a line drawn before")

PATHS = ["/api/v1/thresholds/?country=UA", "/api/v1/countries/ua/", "/countries/ua/", "/ru/countries/ua/"]


@pytest.fixture
def shared_cache(settings):
    """What CACHE_URL gives every process: the data version read from the cache, not the database."""
    settings.DATA_VERSION_IN_CACHE = True
    cache.clear()


@pytest.mark.parametrize("path", PATHS)
def test_an_answer_is_served_again_with_only_the_version_query(client, path, settings, django_assert_num_queries):
    settings.DATA_VERSION_IN_CACHE = False
    first = client.get(path)
    with django_assert_num_queries(1):
        again = client.get(path)
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("path", PATHS)
def test_with_a_shared_cache_a_stored_answer_needs_no_query(client, path, shared_cache, django_assert_num_queries):
    first = client.get(path)
    with django_assert_num_queries(0):
        assert client.get(path).content == first.content
        assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("in_cache", [False, True])
def test_an_edit_replaces_every_stored_answer(client, settings, in_cache):
    settings.DATA_VERSION_IN_CACHE = in_cache
    before = {path: client.get(path).content for path in PATHS}
    ThresholdFactory(country=bundled_country("UA"), term="a line drawn today", amount=Decimal("7.25"))
    for path in PATHS:
        after = client.get(path).content
        assert after != before[path], path
        assert b"a line drawn today" in after or path == "/api/v1/countries/ua/", path


def test_a_committed_edit_writes_the_new_version_to_the_cache(shared_cache, django_capture_on_commit_callbacks):
    old = DataVersion.current().version
    assert cache.get(DataVersion.CACHE_KEY)[0] == old
    with django_capture_on_commit_callbacks(execute=True):
        ThresholdFactory()
    assert cache.get(DataVersion.CACHE_KEY)[0] == DataVersion.objects.get(pk=1).version > old


def test_signed_in_visitors_never_get_an_anonymous_answer(client, django_user_model):
    anonymous = client.get("/api/v1/thresholds/?country=UA")
    user = django_user_model.objects.create_user("reader", password="pw-for-tests-only")
    client.force_login(user)
    signed_in = client.get("/api/v1/thresholds/?country=UA")
    assert signed_in["ETag"] != anonymous["ETag"]
    token_client = APIClient(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user=user)[1]}")
    assert token_client.get("/api/v1/thresholds/?country=UA")["ETag"] != anonymous["ETag"]


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def test_only_successful_public_answers_are_stored(client, shared_cache):
    for path in ["/countries/qq/", "/api/v1/countries/qq/"]:
        client.get(path)
        assert _queries(client, path) > 0, path
    client.get("/countries/ua/")
    assert _queries(client, "/countries/ua/") == 0


def _redis_answers() -> bool:
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(not _redis_answers(), reason="needs Redis on 127.0.0.1:6379")
def test_the_redis_cache_keeps_one_client_and_stores_answers(client, settings, django_assert_num_queries):
    from django.core.cache import caches

    settings.CACHES = {"default": {"BACKEND": "countries.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/13"}}
    settings.DATA_VERSION_IN_CACHE = True
    redis_cache = caches["default"]
    redis_cache.clear()
    assert redis_cache.client.get_client(write=False) is redis_cache.client.get_client(write=False)
    first = client.get("/api/v1/thresholds/?country=UA")
    with django_assert_num_queries(0):
        assert client.get("/api/v1/thresholds/?country=UA").content == first.content
    redis_cache.clear()


def test_pages_and_the_api_answer_while_the_cache_is_down(client, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "countries.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    settings.DATA_VERSION_IN_CACHE = True
    for path in PATHS:
        assert client.get(path).status_code == 200, path
    ThresholdFactory(country=bundled_country("UA"), term="saved while the cache was down")
    assert b"saved while the cache was down" in client.get("/countries/ua/").content
    assert "cache unavailable: ConnectionError" in caplog.text


def test_an_answer_carrying_a_csrf_token_is_not_stored(rf, settings):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from countries.http import StoredResponseMiddleware

    settings.DATA_VERSION_IN_CACHE = False
    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse(f"<form>{get_token(request)}</form>")
        response.storable = True
        return response

    middleware = StoredResponseMiddleware(view)
    for _ in range(2):
        request = rf.get("/countries/ua/", HTTP_COOKIE="csrftoken=" + "a" * 32)
        assert middleware(request).status_code == 200
    assert len(calls) == 2
