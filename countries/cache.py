"""Django's Redis cache, with one client per connection pool and a site that keeps answering when Redis does not.

Django builds a new `redis.Redis` for every operation, and redis-py fills a table of some 170 response callbacks in
each one: about as long as the round trip itself on loopback. The client is safe to share between threads.

The cache only saves work here (stored answers, the data version, rate-limit counts), so a Redis outage is logged
and treated as a miss rather than failing the request. Connecting and answering are bounded by
CACHE_TIMEOUT_SECONDS, and after a failure the process leaves Redis alone for RETRY_SECONDS, so a Redis that hangs
costs at most one timeout now and then rather than one per cache call.
"""

import logging
import time

from django.core.cache.backends import redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5
_down_until = 0.0


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _or(fallback, call, *args, **kwargs):
    """`call`, or `fallback` with a warning when Redis does not answer (or did not answer a moment ago)."""
    global _down_until
    if time.monotonic() < _down_until:
        return fallback
    try:
        return call(*args, **kwargs)
    except RedisError as error:
        _down_until = time.monotonic() + RETRY_SECONDS
        logger.warning("cache unavailable: %s", type(error).__name__)
        return fallback


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def get(self, key, default=None, version=None):
        return _or(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return _or({}, super().get_many, keys, version)

    def add(self, *args, **kwargs):
        return _or(False, super().add, *args, **kwargs)

    def set(self, *args, **kwargs):
        _or(None, super().set, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return _or(False, super().delete, *args, **kwargs)
