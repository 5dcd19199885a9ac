"""Stored answers cannot be poisoned through the Host header nor flooded with junk query strings (issue 14,
findings 4 and 6)."""

import pytest
import yaml
from django.conf import settings as django_settings
from django.core.cache import cache

from tests.factories import LawFactory, bundled_country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data(db):
    """Two laws, so the list has a next page, and the country whose profile is asked for."""
    LawFactory.create_batch(2, country=bundled_country("UA"))
    bundled_country("MD")


def stored_count() -> int:
    """Stored answers in the cache: the in-process one of the test settings, or Redis with CACHE_URL."""
    if not hasattr(cache, "client"):  # LocMemCache
        return sum(1 for key in cache._cache if ":answer:" in key)
    return len(cache.client.get_client().keys("*:answer:*"))


def test_an_odd_host_port_does_not_poison_the_links_others_get(client):
    poisoned = client.get("/api/v1/laws/", {"page_size": 1}, HTTP_HOST="127.0.0.1:1").json()
    assert "127.0.0.1:1" in poisoned["next"]
    clean = client.get("/api/v1/laws/", {"page_size": 1}, HTTP_HOST="127.0.0.1").json()
    assert "127.0.0.1:1" not in clean["next"] and clean["next"].startswith("http://127.0.0.1/")


def test_a_host_outside_allowed_hosts_stores_nothing(client):
    assert client.get("/api/v1/laws/", HTTP_HOST="evil.example").status_code == 400
    assert stored_count() == 0


def test_unknown_query_parameters_make_no_stored_answer(client):
    for n in range(20):
        assert client.get("/api/v1/laws/", {"cb": n}).status_code == 200
        assert client.get("/countries/md/", {"cb": n}).status_code == 200
    assert stored_count() == 0
    client.get("/api/v1/laws/", {"country": "UA", "page": 1, "page_size": 5, "format": "json"})
    client.get("/countries/md/", {"as_of": "2020-01-01"})
    assert stored_count() == 2


def test_large_answers_are_not_stored(client, settings):
    settings.STORED_ANSWER_MAX_BYTES = 100
    client.get("/api/v1/laws/")
    assert stored_count() == 0


def test_compose_bounds_the_cache_and_keeps_the_broker_apart():
    compose = yaml.safe_load((django_settings.BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    environment = services["web"]["environment"]
    broker, cache_url = environment["CELERY_BROKER_URL"], environment["CACHE_URL"]
    broker_host, cache_host = broker.split("//")[1].split(":")[0], cache_url.split("//")[1].split(":")[0]
    assert broker_host != cache_host  # maxmemory is per instance: an evicting cache must not share the broker's
    cache_command = " ".join(services[cache_host]["command"])
    assert "--maxmemory 256mb" in cache_command and "allkeys-lru" in cache_command
    assert "noeviction" in " ".join(services[broker_host]["command"])
