import logging

from celery import shared_task

from .services import release_cut

logger = logging.getLogger(__name__)


@shared_task
def cut_release() -> int | None:
    """Periodic: cut the next data release when the published data changed since the last one."""
    release = release_cut()
    if release is None:
        logger.info("release not cut: nothing changed since the last one")
        return None
    logger.info("release cut: number=%s size=%s sha256=%s", release.number, release.size, release.sha256)
    return release.number
