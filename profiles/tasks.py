from celery import shared_task
from django.conf import settings

from .briefs import briefs_needing_render, render_brief


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8,
             autoretry_for=(OSError, ConnectionError), retry_backoff=True, retry_backoff_max=300)
def render_brief_task(self, brief_id: int, force: bool = False) -> str:
    """Render one brief. A brief another worker is rendering is tried again once that claim could have expired."""
    outcome = render_brief(brief_id=brief_id, force=force)
    if outcome == "busy":
        raise self.retry(countdown=settings.BRIEF_STUCK_SECONDS)
    return outcome


@shared_task
def render_stale_briefs() -> int:
    """Periodic: queue every brief whose data changed, whose render failed, or whose worker died."""
    ids = list(briefs_needing_render().values_list("pk", flat=True))
    for brief_id in ids:
        render_brief_task.delay(brief_id)
    return len(ids)
