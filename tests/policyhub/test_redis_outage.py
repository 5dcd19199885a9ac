"""A cache Redis that refuses or hangs costs a request at most one short timeout, and a broker that is down never
turns a brief download into a 500 (issue 14, finding 5)."""

import socket
import threading
import time

import pytest
from django.core.cache import cache

from countries import cache as policyhub_cache
from profiles.briefs import brief_for, render_brief
from profiles.models import Brief
from tests.factories import LawFactory, ThresholdFactory, bundled_country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data(db):
    """Moldova's profile with a law and a threshold, and Ukraine to follow."""
    moldova = bundled_country("MD")
    ThresholdFactory(country=moldova)
    LawFactory(country=bundled_country("UA"))


@pytest.fixture
def hanging_port():
    """A local socket that accepts connections and never answers, like a Redis that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def closed_port():
    """A port nothing listens on, like a Redis that is stopped."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def redis_cache_at(settings, port):
    settings.CACHES = {"default": {
        "BACKEND": "countries.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/11",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": settings.CACHE_TIMEOUT_SECONDS,
                    "SOCKET_TIMEOUT": settings.CACHE_TIMEOUT_SECONDS},
    }}
    settings.DATA_VERSION_IN_CACHE = True
    policyhub_cache._down_until = 0.0


@pytest.mark.parametrize("kind", ["hanging_port", "closed_port"])
def test_pages_and_the_api_answer_quickly_from_the_database_when_redis_fails(client, settings, request, kind):
    assert settings.CACHE_TIMEOUT_SECONDS <= 0.5
    redis_cache_at(settings, request.getfixturevalue(kind))
    for path in ["/countries/md/", "/api/v1/laws/", "/countries/md/", "/api/v1/laws/?country=UA"]:
        started = time.monotonic()
        response = client.get(path)
        elapsed = time.monotonic() - started
        assert response.status_code == 200, path
        assert elapsed < 0.5 + 1.0, (path, elapsed)  # one timeout at most, plus the page itself
    policyhub_cache._down_until = 0.0


def test_the_setting_gives_the_cache_its_timeouts(settings):
    from django.conf import settings as live

    assert live.CACHE_TIMEOUT_SECONDS <= 0.5


@pytest.fixture
def broker_down(monkeypatch, closed_port):
    from policyhub.celery import app

    def fresh_pool():  # Celery keeps the producer pool of the broker URL it first saw; make it look again
        app.amqp._producer_pool = None
        app._pool = None

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    for key in ("broker_url", "broker_write_url"):
        monkeypatch.setitem(app.conf, key, f"redis://127.0.0.1:{closed_port}/10")
    fresh_pool()
    yield
    fresh_pool()


def test_brief_with_the_broker_down_is_a_clear_503_not_a_500(client, broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        started = time.monotonic()
        response = client.get("/countries/md/brief.pdf")
    assert time.monotonic() - started < 10
    brief = Brief.objects.get(country__iso2="MD", language="en")
    assert brief.status == Brief.Status.FAILED and "queue" in brief.error
    again = client.get("/countries/md/brief.pdf")
    assert again.status_code == 503 and "tried again" in again.content.decode()
    assert response.status_code in (202, 503)


def test_brief_with_the_broker_down_serves_the_last_good_pdf(client, broker_down):
    brief = brief_for(country=bundled_country("MD"), language="en")
    assert render_brief(brief_id=brief.pk) == "rendered"
    Brief.objects.filter(pk=brief.pk).update(stale=True)
    response = client.get("/countries/md/brief.pdf")
    assert response.status_code == 200 and response["X-Brief-Status"] == "previous"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    cache.clear()


@pytest.mark.parametrize("kind", ["hanging_port", "closed_port"])
def test_the_follow_form_answers_when_redis_fails(client, settings, request, kind):
    """The form's rate limit counts in the cache: with Redis down the count is missing, not a 500."""
    redis_cache_at(settings, request.getfixturevalue(kind))
    for email in ("one@example.org", "two@example.org"):
        response = client.post("/alerts/follow/", {"email": email, "country": "UA"})
        assert response.status_code == 200, response.status_code
    with pytest.raises(ValueError):
        cache.incr("a key the cache cannot count")
    policyhub_cache._down_until = 0.0
