"""Partners' webhooks: registered with their token, a signed POST per published change to a real local server,
retries with a growing wait, a delivery log, and disabling after repeated failures."""

import hashlib
import hmac
import json
import socket
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from alerts import network, services
from alerts.models import Delivery, Webhook
from editors.models import ApiToken, ChangeRequest
from editors.review import publish
from editors.review import save as review_save
from tests.alerts.conftest import Receiver
from tests.factories import ThresholdFactory, bundled_country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def countries(db):
    """The countries webhooks below ask for."""
    for iso2 in ("UA", "MD"):
        bundled_country(iso2)


def api_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user=user)[1]}")
    return client


@pytest.fixture
def partner(db):
    return get_user_model().objects.create_user("webhook-partner", password="a long passphrase 42")


def register(api, url, **extra) -> dict:
    response = api.post("/api/v1/webhooks/", {"url": url, **extra}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def edit_amount(iso2="UA", before="0.5", after="2.25"):
    """A published threshold, then an edit of its amount: two published changes."""
    threshold = ThresholdFactory(country=bundled_country(iso2), term="zqxhookprobe", amount=Decimal(before),
                                 law=None)
    threshold.amount = Decimal(after)
    threshold.save()
    return threshold


def test_registering_needs_a_token(receiver):
    assert APIClient().post("/api/v1/webhooks/", {"url": receiver.url}, format="json").status_code == 401
    assert APIClient().get("/api/v1/webhooks/").status_code == 401


def test_the_secret_is_shown_once_and_each_account_sees_only_its_own(partner, receiver):
    api = api_for(partner)
    created = register(api, receiver.url, countries=["ua", "MD"])
    assert len(created["secret"]) == 64 and sorted(created["countries"]) == ["MD", "UA"] and created["active"]
    listed = api.get("/api/v1/webhooks/").json()
    assert [w["id"] for w in listed["results"]] == [created["id"]]
    assert "secret" not in listed["results"][0]
    other = api_for(get_user_model().objects.create_user("someone-else", password="another long passphrase"))
    assert other.get("/api/v1/webhooks/").json()["results"] == []
    assert other.get(f"/api/v1/webhooks/{created['id']}/deliveries/").status_code == 404
    assert other.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 404
    assert api.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 204
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(("url", "reason"), [
    ("ftp://example.org/hook", "Only http:// and https://"),
    ("http://169.254.169.254/latest/meta-data/", "may not reach"),
    ("http://[fe80::1]/hook", "may not reach"),
    ("http://user:secret@127.0.0.1/hook", "user name or password"),
    ("http://no-such-host.invalid/hook", "does not resolve"),
    ("not a url", "Enter a valid URL"),
])
def test_unsafe_or_broken_addresses_are_refused_with_a_reason(partner, url, reason):
    response = api_for(partner).post("/api/v1/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400
    assert reason in response.json()["url"][0]
    assert not Webhook.objects.exists()


def test_in_production_loopback_and_private_addresses_are_refused(partner, receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    for url in (receiver.url, "http://10.0.0.5/hook", "http://localhost/hook"):
        response = api_for(partner).post("/api/v1/webhooks/", {"url": url}, format="json")
        assert response.status_code == 400 and "may not reach" in response.json()["url"][0]


def test_a_webhook_registered_earlier_is_checked_again_at_delivery(partner, receiver, settings,
                                                                   django_capture_on_commit_callbacks):
    register(api_for(partner), receiver.url)
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        ThresholdFactory(term="zqxhookprobe", law=None)
    assert receiver.requests == []
    assert "may not reach" in Delivery.objects.get().error


def test_each_published_change_is_posted_signed_with_before_and_after(partner, receiver,
                                                                       django_capture_on_commit_callbacks):
    api = api_for(partner)
    hook = register(api, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        threshold = edit_amount()
    posts = [json.loads(r["body"]) for r in receiver.requests]
    assert [p["event"] for p in posts] == ["fact.added", "fact.changed"]
    for request in receiver.requests:
        expected = "sha256=" + hmac.new(hook["secret"].encode(), request["body"], hashlib.sha256).hexdigest()
        assert hmac.compare_digest(request["headers"]["X-PolicyHub-Signature"], expected)
        assert request["path"] == "/hooks/policyhub?via=test"
        assert request["headers"]["Content-Type"].startswith("application/json")
    changed = posts[1]
    assert changed["fact"] == {"kind": "threshold", "id": threshold.pk, "country": "UA",
                               "page": "http://localhost:8000/countries/ua/",
                               "api": f"http://localhost:8000/api/v1/thresholds/{threshold.pk}/"}
    assert changed["changes"] == [{"field": "amount", "label": {"en": "amount", "ru": "количество"},
                                   "before": {"en": "0.5", "ru": "0,5"}, "after": {"en": "2.25", "ru": "2,25"}}]
    assert "zqxhookprobe" in changed["summary"]["en"] and "zqxhookprobe" in changed["summary"]["ru"]

    log = api.get(f"/api/v1/webhooks/{hook['id']}/deliveries/").json()
    assert [(d["event"], d["status"], d["attempts"], d["response_status"]) for d in log["results"]] == [
        ("fact.changed", "delivered", 1, 200), ("fact.added", "delivered", 1, 200)]
    assert log["results"][0]["payload"] == changed
    assert {d["delivery_id"] for d in log["results"]} == {r["headers"]["X-PolicyHub-Delivery"] for r in receiver.requests}


def test_a_change_published_by_a_moderator_is_posted(partner, receiver, django_capture_on_commit_callbacks):
    register(api_for(partner), receiver.url)
    threshold = ThresholdFactory(term="zqxhookprobe", amount=Decimal("1"), law=None)
    editor = get_user_model().objects.create_user("plain-editor", password="a long passphrase 42")
    moderator = get_user_model().objects.create_superuser("hook-moderator", password="a long passphrase 42")
    from editors.models import Organization

    organisation = Organization.objects.create(name="Hook NGO")
    organisation.countries.add(threshold.country)
    organisation.members.add(editor)
    threshold.amount = Decimal("4")
    with django_capture_on_commit_callbacks(execute=True):
        change = review_save(editor, threshold)
    assert isinstance(change, ChangeRequest) and receiver.requests == []  # waiting for review: nothing public yet
    with django_capture_on_commit_callbacks(execute=True):
        publish(change, moderator)
    [post] = [json.loads(r["body"]) for r in receiver.requests]
    assert post["changes"][0]["before"]["en"] == "1" and post["changes"][0]["after"]["en"] == "4"


def test_nothing_is_sent_before_the_editors_transaction_commits(partner, receiver, django_capture_on_commit_callbacks):
    register(api_for(partner), receiver.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edit_amount()
    assert callbacks and receiver.requests == [] and not Delivery.objects.exists()


def test_a_webhook_gets_only_the_countries_it_asked_for(partner, receiver, django_capture_on_commit_callbacks):
    register(api_for(partner), receiver.url, countries=["MD"])
    with django_capture_on_commit_callbacks(execute=True):
        edit_amount("UA")
    assert receiver.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        edit_amount("MD")
    assert [json.loads(r["body"])["fact"]["country"] for r in receiver.requests] == ["MD", "MD"]


def test_a_failed_delivery_is_tried_again_with_the_same_signed_body(partner, receiver,
                                                                   django_capture_on_commit_callbacks):
    receiver.statuses = [500, 503, 200]
    api = api_for(partner)
    hook = register(api, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        ThresholdFactory(term="zqxhookprobe", law=None)
    assert len(receiver.requests) == 3
    assert len({r["body"] for r in receiver.requests}) == 1
    assert len({r["headers"]["X-PolicyHub-Signature"] for r in receiver.requests}) == 1
    [delivery] = api.get(f"/api/v1/webhooks/{hook['id']}/deliveries/").json()["results"]
    assert (delivery["status"], delivery["attempts"], delivery["response_status"]) == ("delivered", 3, 200)
    assert Webhook.objects.get().consecutive_failures == 0


def test_the_wait_between_attempts_doubles_up_to_a_limit(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS, settings.WEBHOOK_RETRY_MAX_SECONDS = 60, 600
    assert [services.backoff_seconds(n) for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_a_failing_delivery_records_when_it_is_tried_next(partner, receiver, settings):
    """One attempt at a time, as a worker makes them: the delivery stays pending with its next attempt's time."""
    receiver.statuses = [500]
    hook = register(api_for(partner), receiver.url)
    [delivery_id] = services.announce(model_label="legislation.Threshold",
                                      history_id=ThresholdFactory(term="zqxhookprobe", law=None).history.earliest().history_id)
    assert services.attempt(delivery_id=delivery_id) == 60
    assert services.attempt(delivery_id=delivery_id) == 120
    delivery = Delivery.objects.get(pk=delivery_id)
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.error) == ("pending", 2, 500, "HTTP 500")
    assert 119 <= (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds() <= 121
    assert Webhook.objects.get(pk=hook["id"]).consecutive_failures == 0  # not failed for good yet


def test_a_webhook_is_disabled_after_ten_failed_deliveries_in_a_row(partner, receiver, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.statuses = [500]
    api = api_for(partner)
    hook = register(api, receiver.url)
    for n in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            ThresholdFactory(term=f"zqxhookprobe{n}", law=None)
    assert len(receiver.requests) == 20
    shown = api.get(f"/api/v1/webhooks/{hook['id']}/").json()
    assert shown["active"] is False and shown["consecutive_failures"] == 10 and shown["disabled_at"]
    assert shown["deliveries_failed"] == 10
    with django_capture_on_commit_callbacks(execute=True):
        ThresholdFactory(term="zqxhookprobe-after", law=None)
    assert len(receiver.requests) == 20


def test_a_success_resets_the_count_of_failures(partner, receiver, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver.statuses = [500] * 9 + [200]
    register(api_for(partner), receiver.url)
    for n in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            ThresholdFactory(term=f"zqxhookprobe{n}", law=None)
    webhook = Webhook.objects.get()
    assert webhook.active and webhook.consecutive_failures == 0


def test_the_schema_documents_the_webhook_endpoints():
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/webhooks/"])
    assert {"get", "delete"} <= set(schema["paths"]["/api/v1/webhooks/{id}/"])
    assert "get" in schema["paths"]["/api/v1/webhooks/{id}/deliveries/"]
    assert "X-PolicyHub-Signature" in schema["paths"]["/api/v1/webhooks/"]["post"]["description"]


@pytest.mark.parametrize("n", [1, 10])
def test_webhook_list_query_count_is_constant(partner, receiver, django_assert_num_queries, n):
    api = api_for(partner)
    for _ in range(n):
        Webhook.objects.create(owner=partner, url=receiver.url).countries.add(bundled_country("UA"))
    with django_assert_num_queries(4):  # the token, the count, the page, the countries
        assert len(api.get("/api/v1/webhooks/").json()["results"]) == n


@pytest.mark.parametrize("n", [1, 10])
def test_delivery_log_query_count_is_constant(partner, receiver, django_assert_num_queries, n):
    api = api_for(partner)
    webhook = Webhook.objects.create(owner=partner, url=receiver.url)
    Delivery.objects.bulk_create([Delivery(webhook=webhook, event="fact.added", body="{}") for _ in range(n)])
    with django_assert_num_queries(4):  # the token, the webhook, the count, the page
        assert len(api.get(f"/api/v1/webhooks/{webhook.pk}/deliveries/").json()["results"]) == n


def test_an_internationalised_host_name_is_posted_to_in_its_ascii_form(partner, receiver, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    """пример.рф stands for the local receiver here; DNS, the Host header and TLS get xn--e1afmkfd.xn--p1ai."""
    real = socket.getaddrinfo

    def local_dns(host, *args, **kwargs):
        return real("127.0.0.1" if host in ("пример.рф", "xn--e1afmkfd.xn--p1ai") else host, *args, **kwargs)

    monkeypatch.setattr("alerts.network.socket.getaddrinfo", local_dns)
    register(api_for(partner), f"http://пример.рф:{receiver.server.server_port}/hook")
    with django_capture_on_commit_callbacks(execute=True):
        ThresholdFactory(term="zqxhookprobe", law=None)
    [request] = receiver.requests
    assert request["headers"]["Host"] == f"xn--e1afmkfd.xn--p1ai:{receiver.server.server_port}"
    assert Delivery.objects.get().status == "delivered"


def test_an_ipv6_address_keeps_its_brackets_in_the_host_header(monkeypatch):
    try:
        receiver = Receiver(host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback here")
    # ::1 itself is refused (reserved), so a documentation address stands for it and is sent to the local receiver.
    monkeypatch.setattr(network, "resolve", lambda url: "::1")
    try:
        port = receiver.server.server_port
        assert network.post(f"http://[2001:db8::1]:{port}/hook", b"{}", {}) == (200, "")
        assert receiver.requests[0]["headers"]["Host"] == f"[2001:db8::1]:{port}"
    finally:
        receiver.close()


def test_a_host_name_with_no_ascii_form_is_refused_and_never_tried():
    url = "http://" + "я" * 60 + ".рф/hook"  # its xn-- form is longer than a DNS label may be
    with pytest.raises(network.UnsafeAddress, match="not a valid domain name"):
        network.parse(url)


def one_delivery(url: str) -> int:
    owner = get_user_model().objects.get_or_create(username="hook-owner")[0]
    Webhook.objects.get_or_create(owner=owner, url=url)
    [delivery_id] = services.announce(model_label="legislation.Threshold",
                                      history_id=ThresholdFactory(term="zqxhookprobe", law=None).history.earliest().history_id)
    return delivery_id


def test_an_unexpected_error_while_posting_is_a_failed_attempt_not_a_stuck_delivery(monkeypatch):
    delivery_id = one_delivery("http://127.0.0.1:9/hook")

    def broken(*args, **kwargs):
        raise UnicodeEncodeError("latin-1", "пример", 0, 1, "ordinal not in range(256)")

    monkeypatch.setattr(network, "post", broken)
    assert services.attempt(delivery_id=delivery_id) == 60
    delivery = Delivery.objects.get(pk=delivery_id)
    assert delivery.attempts == 1 and delivery.error.startswith("UnicodeEncodeError:") and delivery.next_attempt_at


def test_a_delivery_has_a_time_limit_and_running_out_of_time_is_a_failed_attempt(monkeypatch, settings):
    from celery.exceptions import SoftTimeLimitExceeded

    from alerts.tasks import deliver_webhook

    assert deliver_webhook.soft_time_limit == 3 * settings.WEBHOOK_TIMEOUT_SECONDS
    assert deliver_webhook.time_limit is None  # no hard kill: the soft limit lets the attempt be recorded
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    delivery_id = one_delivery("http://127.0.0.1:9/hook")

    def slow_drip(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "attempt", slow_drip)  # the limit strikes outside the request itself
    deliver_webhook.apply(args=(delivery_id,))
    delivery = Delivery.objects.get(pk=delivery_id)
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.error == f"No complete answer within {3 * settings.WEBHOOK_TIMEOUT_SECONDS} seconds."
    monkeypatch.undo()
    other = one_delivery("http://127.0.0.1:9/hook")
    monkeypatch.setattr(network, "post", slow_drip)  # and inside it
    assert services.attempt(delivery_id=other) is None
    assert Delivery.objects.get(pk=other).error.startswith("No complete answer within")
