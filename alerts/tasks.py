"""Alerts' background work: confirmation messages, daily digests, and webhook deliveries with retries."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from . import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_confirmation(subscription_id: int) -> bool:
    return services.send_confirmation(subscription_id=subscription_id)


@shared_task
def send_digests() -> int:
    """Periodic: a digest to every address due one (at most one per ALERTS_DIGEST_HOURS). Returns how many went."""
    sent = 0
    for email in services.addresses_due():
        # One address the mail server refuses must not cost every address after it its digest; it is tried again
        # at the next run, as nothing was recorded as sent.
        try:
            sent += bool(services.send_digest(email=email))
        except Exception:
            logger.exception("digest not sent to one address")
    return sent


@shared_task(acks_late=True)
def announce_change(model_label: str, history_id: int) -> int:
    """Queue one delivery per webhook that wants a published change."""
    ids = services.announce(model_label=model_label, history_id=history_id)
    for delivery_id in ids:
        deliver_webhook.delay(delivery_id)
    return len(ids)


# Timeouts per connect and per read do not bound a receiver that answers one byte at a time; the soft limit does.
@shared_task(bind=True, acks_late=True, max_retries=None, soft_time_limit=3 * settings.WEBHOOK_TIMEOUT_SECONDS)
def deliver_webhook(self, delivery_id: int) -> None:
    """One attempt; after a failure, another after an exponentially growing wait (the service decides when to stop)."""
    try:
        wait = services.attempt(delivery_id=delivery_id)
    except SoftTimeLimitExceeded:
        wait = services.record_failure(delivery_id=delivery_id, error=services.timed_out_message())
    if wait is None:
        return None
    if self.request.is_eager:
        # In-process (no broker): Celery runs the returned retry at once; raising it would end the delivery instead.
        return self.retry(countdown=wait, throw=False)
    raise self.retry(countdown=wait)
