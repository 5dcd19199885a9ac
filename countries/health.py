"""Liveness of the site for load balancers and container health checks.

`/healthz` answers 200 when the database and, where one is configured, the Celery broker answer; 503 otherwise.
The reason for a failure goes to the log, never to the response.

`python -m countries.health` probes a running server from inside its container (see docker-compose.yml).
"""

import logging
import os
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return False


def broker_answers(url: str) -> bool:
    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS,
                        transport_options={"socket_timeout": BROKER_TIMEOUT_SECONDS}) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS)
        return True
    except Exception:
        logger.exception("Health check: the Celery broker does not answer.")
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    healthy = database_answers() and (not settings.CELERY_BROKER_URL or broker_answers(settings.CELERY_BROKER_URL))
    if healthy:
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "unavailable"}, status=503)


def probe_host(allowed_hosts: str) -> str:
    """A Host header the server accepts: the first ALLOWED_HOSTS entry, made concrete."""
    first = next((host.strip() for host in allowed_hosts.split(",") if host.strip()), "localhost")
    if first == "*":
        return "localhost"
    return first.lstrip(".")


def probe(port: int = 8000) -> bool:
    """Ask the server on this machine for /healthz, as a TLS-terminating proxy would."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": probe_host(os.environ.get("ALLOWED_HOSTS", "")), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


if __name__ == "__main__":
    sys.exit(0 if probe(int(sys.argv[1]) if len(sys.argv) > 1 else 8000) else 1)
