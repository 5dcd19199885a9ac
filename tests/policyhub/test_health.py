import os
import socket

import pytest

from countries.health import probe_host


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket closes


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_unavailable_when_the_broker_is_down(client, settings, caplog):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "127.0.0.1" not in response.content.decode()
    assert any("broker does not answer" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_healthz_checks_a_live_broker(client, settings):
    url = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/11"
    if not os.environ.get("CELERY_BROKER_URL") and not _redis_answers():
        pytest.skip("Redis is not running on 127.0.0.1:6379 and CELERY_BROKER_URL is not set")
    settings.CELERY_BROKER_URL = url
    response = client.get("/healthz")
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_healthz_answers_repeated_anonymous_requests(client, settings):
    settings.CELERY_BROKER_URL = ""
    statuses = {client.get("/healthz").status_code for _ in range(30)}
    assert statuses == {200}


@pytest.mark.parametrize(("allowed_hosts", "host"), [
    ("policyhub.example,www.policyhub.example", "policyhub.example"),
    (".policyhub.example", "policyhub.example"),
    ("*", "localhost"),
    ("", "localhost"),
])
def test_probe_host_is_one_the_server_accepts(allowed_hosts, host):
    assert probe_host(allowed_hosts) == host
