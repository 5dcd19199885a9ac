from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def tell_reporter(correction_id: int) -> bool:
    """Email a reader the outcome of their correction; quietly nothing when it is gone or they left no address."""
    from .corrections import send_outcome
    from .models import Correction

    correction = Correction.objects.filter(pk=correction_id).select_related("content_type").first()
    if correction is None:
        return False
    return send_outcome(correction=correction)
