"""Following a country by email: double opt-in, one-click unsubscribe, and a digest at most daily with before and
after values of what changed in the followed countries only."""

import re
from datetime import timedelta
from decimal import Decimal
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone

from alerts import services
from alerts.models import Subscription
from alerts.tasks import send_digests
from tests.factories import ThresholdFactory, bundled_country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def countries(db):
    """The countries followed below."""
    for iso2 in ("UA", "MD"):
        bundled_country(iso2)
EMAIL = "reader@example.org"


def follow(client, path="/alerts/follow/", **data):
    return client.post(path, {"email": EMAIL, "country": "UA", **data})


def link_in(message, name: str) -> str:
    """The path of the first link to /…/alerts/<name>/… in a message."""
    return re.search(rf"http://localhost:8000(\S*/alerts/{name}/\S+/)", message.body).group(1)


def confirmed(email=EMAIL, iso2: str | None = "UA", language="en") -> Subscription:
    """A subscription confirmed just now: the bundled data loaded for the test session is older."""
    at = timezone.now()
    return Subscription.objects.create(email=email, country=bundled_country(iso2) if iso2 else None,
                                       language=language, confirmed_at=at, covered_until=at)


def edit_amount(iso2: str, term: str):
    threshold = ThresholdFactory(country=bundled_country(iso2), term=term, amount=Decimal("0.5"), law=None)
    threshold.amount = Decimal("2.25")
    threshold.save()
    return threshold


def test_following_sends_only_a_confirmation_and_nothing_before_it_is_confirmed(client,
                                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client)
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    [message] = mail.outbox
    assert message.to == [EMAIL] and "Confirm" in message.subject and "Ukraine" in message.subject
    assert "/alerts/confirm/" in message.body and message.extra_headers["List-Unsubscribe"].startswith("<http")
    subscription = Subscription.objects.get(email=EMAIL)
    assert subscription.confirmed_at is None

    edit_amount("UA", "zqxdigestprobe")
    mail.outbox.clear()
    assert send_digests() == 0 and mail.outbox == []


def test_the_confirmation_link_asks_then_confirms(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        follow(client)
    path = link_in(mail.outbox[0], "confirm")
    page = client.get(path)
    assert page.status_code == 200 and "<button type=\"submit\">Confirm</button>" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None  # a mail scanner opening the link confirms nothing
    done = client.post(path)
    assert done.status_code == 200 and "You are following changes" in done.content.decode()
    assert Subscription.objects.get().confirmed_at is not None


def test_asking_twice_sends_one_confirmation(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        follow(client)
        follow(client, email=EMAIL.upper())
    assert len(mail.outbox) == 1 and Subscription.objects.count() == 1


def test_following_from_the_russian_page_writes_in_russian(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client, path="/ru/alerts/follow/")
    assert "Проверьте почту" in response.content.decode()
    [message] = mail.outbox
    assert "Подтвердите" in message.subject and "Украина" in message.subject
    assert "/ru/alerts/confirm/" in message.body
    assert Subscription.objects.get().language == "ru"


@pytest.mark.parametrize(("data", "error"), [
    ({"email": "not an address"}, "Enter a valid email address."),
    ({"country": "ZZ"}, "There is no country with the code ZZ to follow."),
])
def test_bad_input_is_a_form_error_and_nothing_is_sent(client, data, error, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client, **data)
    assert response.status_code == 400 and error in response.content.decode()
    assert mail.outbox == [] and not Subscription.objects.exists()


def test_a_filled_honeypot_sends_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client, website="http://spam.example")
    assert response.status_code == 200 and mail.outbox == [] and not Subscription.objects.exists()


def test_follow_requests_are_limited_per_client_address(client, settings):
    settings.ALERTS_FOLLOWS_PER_HOUR = 2
    assert follow(client).status_code == 200
    assert follow(client, email="b@example.org").status_code == 200
    refused = follow(client, email="c@example.org")
    assert refused.status_code == 429 and "Too many requests" in refused.content.decode()
    assert not Subscription.objects.filter(email="c@example.org").exists()


def test_a_bad_confirmation_link_says_so(client):
    response = client.get("/alerts/confirm/not-a-token/")
    assert response.status_code == 400 and "This confirmation link is not valid" in response.content.decode()
    assert client.post("/alerts/confirm/not-a-token/").status_code == 400


def test_an_expired_confirmation_link_says_so(client, monkeypatch, settings):
    subscription = Subscription.objects.create(email=EMAIL, country=bundled_country("UA"))
    eight_days_ago = timezone.now().timestamp() - 8 * 86400
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: eight_days_ago)
        token = services.confirm_token(subscription)
    response = client.post(f"/alerts/confirm/{token}/")
    assert response.status_code == 400 and "has expired" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    russian = client.get(f"/ru/alerts/confirm/{token}/").content.decode()
    assert "истёк" in russian or "истекл" in russian


def test_a_cancelled_subscriptions_link_says_so(client):
    subscription = Subscription.objects.create(email=EMAIL, country=bundled_country("UA"))
    token = services.confirm_token(subscription)
    subscription.delete()
    response = client.get(f"/alerts/confirm/{token}/")
    assert response.status_code == 400 and "no longer exists" in response.content.decode()


def test_one_click_unsubscribe_from_the_message(client, django_capture_on_commit_callbacks):
    confirmed(iso2="MD")
    with django_capture_on_commit_callbacks(execute=True):
        follow(client)
    path = link_in(mail.outbox[0], "unsubscribe")
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == f"<http://localhost:8000{path}>"
    page = client.get(path)  # a mail scanner that opens every link in the message unsubscribes no one
    assert page.status_code == 200 and '<button type="submit">Unsubscribe</button>' in page.content.decode()
    assert Subscription.objects.filter(email=EMAIL).count() == 2
    response = client.post(path)
    assert response.status_code == 200 and f"{EMAIL} gets no more messages" in response.content.decode()
    assert not Subscription.objects.filter(email=EMAIL).exists()


def test_the_russian_unsubscribe_link_asks_in_russian(client):
    confirmed(language="ru")
    page = client.get(f"/ru/alerts/unsubscribe/{services.unsubscribe_token(EMAIL)}/").content.decode()
    assert f"Больше не присылать на {EMAIL}" in page and ">Отписаться</button>" in page
    assert Subscription.objects.exists()


def test_a_mail_program_unsubscribes_with_a_post_and_no_cookie(client):
    confirmed()
    path = f"/alerts/unsubscribe/{services.unsubscribe_token(EMAIL)}/"
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not Subscription.objects.exists()


def test_a_bad_unsubscribe_link_says_so(client):
    confirmed()
    response = client.get("/alerts/unsubscribe/forged/")
    assert response.status_code == 400 and "not valid" in response.content.decode()
    assert Subscription.objects.exists()


def test_the_digest_lists_changes_in_followed_countries_with_before_and_after():
    confirmed(iso2="UA")
    confirmed(email="moldova@example.org", iso2="MD")
    edit_amount("UA", "zqxdigestprobe")
    edit_amount("GE", "zqxgeorgiaprobe")
    assert send_digests() == 1
    [message] = mail.outbox
    assert message.to == [EMAIL] and message.subject == "PolicyHub: 2 changes in Ukraine"
    assert "zqxdigestprobe" in message.body and "zqxgeorgiaprobe" not in message.body
    assert "amount: 0.5 → 2.25" in message.body and "Before: not public." in message.body
    assert "Sources: http://localhost:8000/countries/ua/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.search(r"Unsubscribe with one click: http://localhost:8000/alerts/unsubscribe/\S+/", message.body)


def test_the_digest_is_sent_at_most_daily_and_never_repeats_a_change():
    subscription = confirmed(iso2="UA")
    edit_amount("UA", "zqxfirstprobe")
    assert send_digests() == 1
    edit_amount("UA", "zqxsecondprobe")
    assert send_digests() == 0 and len(mail.outbox) == 1
    Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now() - timedelta(hours=25))
    assert send_digests() == 1
    second = mail.outbox[1].body
    assert "zqxsecondprobe" in second and "zqxfirstprobe" not in second


class RefusingBackend(locmem.EmailBackend):
    """The in-memory outbox, with a mail server that refuses one address."""

    def send_messages(self, messages):
        for message in messages:
            if "a-refused@example.org" in message.to:
                raise SMTPRecipientsRefused({"a-refused@example.org": (550, b"No such user")})
        return super().send_messages(messages)


def test_an_address_the_mail_server_refuses_does_not_stop_the_others_digests(settings):
    settings.EMAIL_BACKEND = "tests.alerts.test_subscriptions.RefusingBackend"
    refused = confirmed(email="a-refused@example.org", iso2="UA")  # first in the run
    confirmed(iso2="UA")
    edit_amount("UA", "zqxdigestprobe")
    assert send_digests() == 1
    [message] = mail.outbox
    assert message.to == [EMAIL] and "zqxdigestprobe" in message.body
    refused.refresh_from_db()
    assert refused.last_sent_at is None  # not recorded as sent: the next run tries it again


def test_no_changes_no_message():
    confirmed(iso2="UA")
    assert send_digests() == 0 and mail.outbox == []


def test_a_region_follower_gets_every_country_in_russian_with_russian_plurals():
    confirmed(iso2=None, language="ru")
    edit_amount("UA", "zqxuaprobe")
    edit_amount("MD", "zqxmdprobe")
    edit_amount("GE", "zqxgeprobe")
    assert send_digests() == 1
    [message] = mail.outbox
    assert message.subject == "PolicyHub: 6 изменений — весь регион"
    assert "количество: 0,5 → 2,25" in message.body and "/ru/alerts/unsubscribe/" in message.body
    assert all(probe in message.body for probe in ("zqxuaprobe", "zqxmdprobe", "zqxgeprobe"))
    # One Russian phrase per change, as on the web pages, not a noun and a neuter participle side by side.
    assert "Украина: порог изменён — " in message.body and "порог изменено" not in message.body


def test_profile_and_changes_pages_carry_the_follow_form(client):
    profile = client.get("/countries/ua/").content.decode()
    assert 'action="/alerts/follow/"' in profile and 'name="country" value="UA"' in profile
    changes = client.get("/ru/changes/").content.decode()
    assert 'action="/ru/alerts/follow/"' in changes and "Весь регион" in changes


def test_follow_page_query_count(client, django_assert_num_queries):
    with django_assert_num_queries(3):  # the data version (read for every anonymous page), the focus countries, the newest release
        assert client.get("/alerts/follow/?country=md").status_code == 200


def test_confirmation_page_query_count(client, django_assert_num_queries):
    token = services.confirm_token(Subscription.objects.create(email=EMAIL, country=bundled_country("UA")))
    with django_assert_num_queries(3):  # the data version, the subscription with its country, the newest release
        assert client.get(f"/alerts/confirm/{token}/").status_code == 200
