"""The client's address behind a proxy, the same for the log-in lock-out and the API rate limit (issue 14,
finding 10): one attacker cannot lock an account for everyone, nor dodge the rate limit with X-Forwarded-For."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.throttling import AnonRateThrottle

from countries.clientip import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
ATTACKER, EDITOR = "203.0.113.5", "198.51.100.7"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def log_in(client, password, forwarded_for):
    client.logout()
    client.post("/admin/login/", {"username": "olena", "password": password, "next": "/admin/"},
                REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    return "_auth_user_id" in client.session


def test_the_lockout_is_per_account_and_client_behind_a_proxy(client, behind_one_proxy):
    get_user_model().objects.create_user("olena", password="the right passphrase 42", is_staff=True)
    for _ in range(6):
        assert not log_in(client, "wrong", ATTACKER)
    assert not log_in(client, "the right passphrase 42", ATTACKER)  # the attacker's address is locked out
    # The attacker writing the editor's address in front of its own changes nothing: the proxy appends the real one.
    assert not log_in(client, "the right passphrase 42", f"{EDITOR}, {ATTACKER}")
    assert log_in(client, "the right passphrase 42", EDITOR)  # the editor, from their own address, is not


def test_axes_and_the_throttle_read_the_same_address(rf, behind_one_proxy):
    from axes.helpers import get_client_ip_address

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}")
    assert get_client_ip_address(request) == client_ip(request) == AnonRateThrottle().get_ident(request) == ATTACKER


def test_without_a_proxy_forwarded_for_is_ignored(rf):
    request = rf.get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == ATTACKER


@pytest.fixture
def three_per_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


def test_the_api_rate_limit_cannot_be_dodged_with_forwarded_for(client, three_per_minute):
    codes = [client.get("/api/v1/laws/", {"page_size": n + 1}, REMOTE_ADDR=ATTACKER,
                        HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code for n in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_behind_a_proxy_each_client_has_its_own_rate_limit(client, three_per_minute, behind_one_proxy):
    attacker = [client.get("/api/v1/laws/", {"page_size": n + 1}, REMOTE_ADDR=PROXY,
                           HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}").status_code for n in range(4)]
    assert attacker[-1] == 429
    assert client.get("/api/v1/laws/", {"page_size": 9}, REMOTE_ADDR=PROXY,
                      HTTP_X_FORWARDED_FOR=EDITOR).status_code == 200
