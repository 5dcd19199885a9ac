"""The client's address, the same for the log-in lock-out (django-axes) and the API's rate limit (DRF).

Behind TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the client is the entry that many places
from the right; entries further left were written by the client and are ignored. With no proxy (0) the address is
REMOTE_ADDR and X-Forwarded-For is not read at all.
"""

from rest_framework.throttling import BaseThrottle

_throttle = BaseThrottle()


def client_ip(request) -> str | None:
    """DRF's own reading of the address (NUM_PROXIES is set from TRUSTED_PROXY_COUNT), for axes too."""
    return _throttle.get_ident(request) or None
