"""The shared cache: django-redis, with a site that keeps answering when Redis does not.

The cache only saves work here (stored answers, the data version, rate-limit counts), so a Redis outage is logged
and treated as a miss rather than failing the request. Connecting and answering are bounded by
CACHE_TIMEOUT_SECONDS, and after a failure the process leaves Redis alone for RETRY_SECONDS, so a Redis that hangs
costs at most one timeout now and then rather than one per cache call.
"""

import logging
import time

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5
_down_until = 0.0
_MISSING = object()


def _or(fallback, call, *args, **kwargs):
    """`call`, or `fallback` with a warning when Redis does not answer (or did not answer a moment ago)."""
    global _down_until
    if time.monotonic() < _down_until:
        return fallback
    try:
        return call(*args, **kwargs)
    except (ConnectionInterrupted, RedisError) as error:
        _down_until = time.monotonic() + RETRY_SECONDS
        logger.warning("cache unavailable: %s", type(error.__cause__ or error).__name__)
        return fallback


class RedisCache(DjangoRedisCache):
    def get(self, key, default=None, version=None, client=None):
        return _or(default, super().get, key, default, version, client)

    def get_many(self, keys, version=None, client=None):
        return _or({}, super().get_many, keys, version, client)

    def add(self, *args, **kwargs):
        return _or(False, super().add, *args, **kwargs)

    def set(self, *args, **kwargs):
        return _or(False, super().set, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return _or(False, super().delete, *args, **kwargs)

    # A count in a cache that does not answer is a count that is not there: ValueError, as Django documents for
    # incr and decr of a missing key (callers already handle it), rather than a connection error and a 500.
    def incr(self, *args, **kwargs):
        return _counted(_or(_MISSING, super().incr, *args, **kwargs))

    def decr(self, *args, **kwargs):
        return _counted(_or(_MISSING, super().decr, *args, **kwargs))


def _counted(value):
    if value is _MISSING:
        raise ValueError("the cache is unavailable")
    return value
