import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def tell_reporter(correction_id: int) -> bool:
    """Email a reader the outcome of their correction; quietly nothing when it is gone or they left no address."""
    from .corrections import send_outcome
    from .models import Correction

    correction = Correction.objects.filter(pk=correction_id).select_related("content_type").first()
    if correction is None:
        return False
    return send_outcome(correction=correction)


@shared_task
def tell_waiting_reporters() -> int:
    """Periodic: tell the reporters of decided corrections who were not told when the decision was made (the
    queue or the mail server was down). Returns how many messages went; none goes twice."""
    from .corrections import reporters_waiting, send_outcome

    sent = 0
    for correction in reporters_waiting():
        try:
            sent += send_outcome(correction=correction)
        except Exception:
            logger.exception("correction outcome not sent: %s", correction.pk)
    return sent
