"""Following countries by email (double opt-in, one-click unsubscribe, digests) and partners' webhooks."""

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from countries.models import Country
from profiles.changes import Change, change_of, published_changes

from . import network
from .models import Delivery, Subscription, Webhook

logger = logging.getLogger(__name__)
CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
API_PATHS = {"threshold": "thresholds", "sanction": "sanctions", "assessment": "assessments", "law": "laws",
             "progress": "progress"}


class LinkError(Exception):
    """A confirmation or unsubscribe link that cannot be used, with the reason for the reader."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _localised_url(name: str, language: str, *args) -> str:
    with translation.override(language):
        return site_url(reverse(name, args=args))


# --- Email: following ----------------------------------------------------------------------------------------------

def confirm_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=CONFIRM_SALT)


def unsubscribe_token(email: str) -> str:
    return signing.dumps(normalise_email(email), salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(email: str, language: str) -> str:
    return _localised_url("alerts-unsubscribe", language, unsubscribe_token(email))


def _message(*, to: str, subject: str, body: str, language: str) -> EmailMessage:
    url = unsubscribe_url(to, language)
    return EmailMessage(
        subject=subject, body=body, to=[to],
        # One click from the mail program (RFC 8058): a POST to the same address, no login, no form.
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def follow(*, email: str, country: Country | None, language: str) -> Subscription | None:
    """Ask to follow a country (None: the whole region). A confirmation link is mailed, at most once per
    ALERTS_RESEND_MINUTES for the same address and country; an address that already follows gets nothing.
    Returns the subscription waiting for confirmation, or None when nothing is to be sent."""
    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscription, _created = Subscription.objects.select_for_update().get_or_create(
            email=email, country=country, defaults={"language": language},
        )
        if subscription.confirmed_at is not None:
            return None
        resend_after = now - timedelta(minutes=settings.ALERTS_RESEND_MINUTES)
        if subscription.confirmation_sent_at and subscription.confirmation_sent_at > resend_after:
            return None
        subscription.language = language
        subscription.confirmation_sent_at = now
        subscription.save(update_fields=["language", "confirmation_sent_at"])
        transaction.on_commit(lambda: _queue_confirmation(subscription.pk), robust=True)
    return subscription


def _queue_confirmation(subscription_id: int) -> None:
    from .tasks import send_confirmation

    send_confirmation.delay(subscription_id)


def send_confirmation(*, subscription_id: int) -> bool:
    subscription = Subscription.objects.select_related("country").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at is not None:
        return False
    with translation.override(subscription.language):
        what = subscription.country.name if subscription.country else _("the whole region")
        context = {"what": what, "confirm_url": _localised_url("alerts-confirm", subscription.language,
                                                                confirm_token(subscription)),
                   "days": settings.ALERTS_CONFIRM_DAYS, "site_url": site_url("/"),
                   "unsubscribe_url": unsubscribe_url(subscription.email, subscription.language)}
        subject = _("Confirm: follow changes to %(what)s on PolicyHub") % {"what": what}
        body = render_to_string("alerts/email/confirm.txt", context)
    _message(to=subscription.email, subject=subject, body=body, language=subscription.language).send()
    return True


def subscription_for_confirmation(token: str) -> Subscription:
    """The subscription a confirmation link stands for, or LinkError saying why the link cannot be used."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(days=settings.ALERTS_CONFIRM_DAYS))
    except signing.SignatureExpired as error:
        raise LinkError(_("This confirmation link has expired: links work for %(days)s days. Follow the country "
                          "again to get a new one.") % {"days": settings.ALERTS_CONFIRM_DAYS}) from error
    except signing.BadSignature as error:
        raise LinkError(_("This confirmation link is not valid. Copy the whole link from the message, or follow "
                          "the country again to get a new one.")) from error
    subscription = Subscription.objects.select_related("country").filter(pk=data.get("s"), email=data.get("e")).first()
    if subscription is None:
        raise LinkError(_("This subscription no longer exists (it was cancelled). Follow the country again to "
                          "start over."))
    return subscription


def confirm(subscription: Subscription) -> None:
    """Start the digests: changes from now on are reported."""
    if subscription.confirmed_at is None:
        now = timezone.now()
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=now, covered_until=now)
        subscription.refresh_from_db()


def email_for_unsubscribe(token: str) -> str:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise LinkError(_("This unsubscribe link is not valid. Copy the whole link from the message.")) from error


def unsubscribe(*, email: str) -> int:
    """Stop every alert to an address, confirmed or not. Returns how many subscriptions there were."""
    deleted, _detail = Subscription.objects.filter(email=normalise_email(email)).delete()
    return deleted


# --- Email: digests ------------------------------------------------------------------------------------------------

@dataclass
class Digest:
    email: str
    language: str
    subscriptions: list[Subscription]
    changes: list[Change] = field(default_factory=list)
    more: bool = False


def digest_for(*, email: str, now=None) -> Digest | None:
    """What changed since each of an address's confirmed subscriptions was last reported, newest first; None when
    the address had a digest less than ALERTS_DIGEST_HOURS ago or follows nothing."""
    now = now or timezone.now()
    subscriptions = list(Subscription.objects.filter(email=email, confirmed_at__isnull=False)
                         .select_related("country").order_by("-confirmed_at"))
    if not subscriptions:
        return None
    last = max((s.last_sent_at for s in subscriptions if s.last_sent_at), default=None)
    if last is not None and last > now - timedelta(hours=settings.ALERTS_DIGEST_HOURS):
        return None
    digest = Digest(email=email, language=subscriptions[0].language, subscriptions=subscriptions)
    seen = set()
    limit = settings.ALERTS_DIGEST_MAX_CHANGES
    with translation.override(digest.language):
        for subscription in subscriptions:
            since = subscription.covered_until or subscription.confirmed_at
            countries = None if subscription.country_id is None else [subscription.country_id]
            found = published_changes(limit=limit + 1, country_ids=countries, since=since, until=now)
            for change in found:
                if (change.key, change.history_id) not in seen:
                    seen.add((change.key, change.history_id))
                    digest.changes.append(change)
    digest.changes.sort(key=lambda c: c.when, reverse=True)
    digest.more = len(digest.changes) > limit
    digest.changes = digest.changes[:limit]
    return digest


def send_digest(*, email: str, now=None) -> bool:
    """Mail an address what changed in the countries it follows, at most once per ALERTS_DIGEST_HOURS. Returns
    whether a message went out; with nothing new, none does."""
    now = now or timezone.now()
    digest = digest_for(email=email, now=now)
    if digest is None:
        return False
    ids = [s.pk for s in digest.subscriptions]
    if digest.changes:
        with translation.override(digest.language):
            names = [s.country.name if s.country else _("the whole region") for s in digest.subscriptions]
            count = len(digest.changes)
            subject = ngettext("PolicyHub: %(count)d change in %(what)s", "PolicyHub: %(count)d changes in %(what)s",
                               count) % {"count": count, "what": ", ".join(names)}
            body = render_to_string("alerts/email/digest.txt", {
                "digest": digest, "names": names, "changes_url": _localised_url("changes", digest.language),
                "unsubscribe_url": unsubscribe_url(email, digest.language), "site_url": site_url(""),
            })
        _message(to=email, subject=subject, body=body, language=digest.language).send()
        Subscription.objects.filter(pk__in=ids).update(last_sent_at=now, covered_until=now)
        return True
    Subscription.objects.filter(pk__in=ids).update(covered_until=now)
    return False


def addresses_due(*, now=None) -> list[str]:
    """Addresses with a confirmed subscription and no digest in the last ALERTS_DIGEST_HOURS."""
    now = now or timezone.now()
    recent = Subscription.objects.filter(last_sent_at__gt=now - timedelta(hours=settings.ALERTS_DIGEST_HOURS))
    return list(Subscription.objects.filter(confirmed_at__isnull=False).exclude(email__in=recent.values("email"))
                .values_list("email", flat=True).distinct().order_by("email"))


# --- Webhooks ------------------------------------------------------------------------------------------------------

def signature(secret: str, body: bytes) -> str:
    """The X-PolicyHub-Signature header: HMAC-SHA256 of the body with the webhook's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(*, model, history_id: int) -> dict | None:
    """What a webhook is told about one published change, in English and Russian; None if it changed nothing
    the public sees."""
    versions = {}
    for language in ("en", "ru"):
        with translation.override(language):
            versions[language] = change_of(model, history_id)
    english, russian = versions["en"], versions["ru"]
    if english is None:
        return None
    country = english.country
    fields = {f.field: f for f in russian.fields} if russian else {}
    return {
        "event": f"fact.{english.change}",
        "id": f"{english.key}-{english.history_id}",
        "occurred_at": english.when.isoformat(),
        "fact": {
            "kind": english.key, "id": english.record_id, "country": country.iso2 if country else None,
            "page": _localised_url("country-detail", "en", country.iso2.lower()) if country else None,
            "api": site_url(f"/api/v1/{API_PATHS[english.key]}/{english.record_id}/"),
        },
        "summary": {"en": english.text, "ru": russian.text if russian else english.text},
        "changes": [{
            "field": f.field,
            "label": {"en": f.label, "ru": fields[f.field].label if f.field in fields else f.label},
            "before": {"en": f.before, "ru": fields[f.field].before if f.field in fields else f.before},
            "after": {"en": f.after, "ru": fields[f.field].after if f.field in fields else f.after},
        } for f in english.fields],
    }


def announce(*, model_label: str, history_id: int) -> list[int]:
    """One delivery per active webhook that wants the change; returns their ids (each is then sent on its own)."""
    webhooks = Webhook.objects.filter(active=True)
    if not webhooks.exists():
        return []
    model = apps.get_model(model_label)
    body = payload(model=model, history_id=history_id)
    if body is None:
        return []
    country = body["fact"]["country"]
    wanted = webhooks.filter(Q(countries__isnull=True) | Q(countries__iso2=country)).distinct()
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    deliveries = Delivery.objects.bulk_create(
        [Delivery(webhook=webhook, event=body["event"], body=text) for webhook in wanted]
    )
    return [d.pk for d in deliveries]


def backoff_seconds(attempt: int) -> int:
    """How long to wait after the `attempt`-th failed attempt: doubling from WEBHOOK_RETRY_BASE_SECONDS."""
    return min(settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1), settings.WEBHOOK_RETRY_MAX_SECONDS)


def attempt(*, delivery_id: int) -> int | None:
    """Send a delivery once and record how it went. Returns the seconds to wait before the next attempt, or None
    when there is none to make (delivered, failed for good, or gone). A webhook whose deliveries fail for good
    WEBHOOK_DISABLE_AFTER times in a row is disabled."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return None
    webhook = delivery.webhook
    now = timezone.now()
    if not webhook.active:
        delivery.status, delivery.error, delivery.next_attempt_at = Delivery.Status.FAILED, "The webhook is disabled.", None
        delivery.save(update_fields=["status", "error", "next_attempt_at"])
        return None
    body = delivery.body.encode()
    try:
        status, error = network.post(webhook.url, body, {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "PolicyHub-Webhooks/1.0",
            "X-PolicyHub-Event": delivery.event,
            "X-PolicyHub-Delivery": str(delivery.delivery_id),
            "X-PolicyHub-Signature": signature(webhook.secret, body),
        })
    except SoftTimeLimitExceeded:
        status, error = None, timed_out_message()
    except Exception as unexpected:  # whatever went wrong, the attempt counts as failed and is retried as usual
        logger.exception("webhook delivery %s failed unexpectedly", delivery.pk)
        status, error = None, f"{type(unexpected).__name__}: {unexpected}"[:300]
    return _record(delivery, now, status, error)


def timed_out_message() -> str:
    return f"No complete answer within {3 * settings.WEBHOOK_TIMEOUT_SECONDS} seconds."


def record_failure(*, delivery_id: int, error: str) -> int | None:
    """Record a failed attempt that ended outside the request (the task's time limit); as attempt() returns."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return None
    return _record(delivery, timezone.now(), None, error)


def _record(delivery: Delivery, now, status: int | None, error: str) -> int | None:
    webhook = delivery.webhook
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.response_status, delivery.error = now, status, error
    if not error:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = Delivery.Status.DELIVERED, now, None
        delivery.save()
        Webhook.objects.filter(pk=webhook.pk).update(consecutive_failures=0)
        return None
    if delivery.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
        wait = backoff_seconds(delivery.attempts)
        delivery.next_attempt_at = now + timedelta(seconds=wait)
        delivery.save()
        return wait
    delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
    delivery.save()
    Webhook.objects.filter(pk=webhook.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    disabled = Webhook.objects.filter(
        pk=webhook.pk, active=True, consecutive_failures__gte=settings.WEBHOOK_DISABLE_AFTER,
    ).update(active=False, disabled_at=now)
    if disabled:
        logger.warning("webhook disabled after %s failed deliveries in a row: %s", settings.WEBHOOK_DISABLE_AFTER,
                       webhook.pk)
    return None
