"""Answers keyed on the knowledge base's data version: the data changes only when an editor saves.

Public pages and API answers carry an ETag and Last-Modified from the data version, and what an anonymous visitor
got is stored and served again, before most of the middleware and the view, until the next edit bumps the version.
"""

import hashlib
import re
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language
from django.views.decorators.http import condition

from countries.models import DataVersion

STORE_SECONDS = 3600
# Cookies that do not change what an anonymous visitor is shown; any other (a session, messages) skips the store.
NEUTRAL_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def data_version(request) -> DataVersion:
    if not hasattr(request, "_data_version"):
        request._data_version = DataVersion.current()
    return request._data_version


def _digest(value: str, length: int) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:length]


def data_etag(request, *args, variant: str | None = None, **kwargs) -> str:
    """The one ETag of PolicyHub's answers: the data version, the language, who asks, the address, and the variant
    of the answer (the API's format, or the page's Accept header). Unquoted, as Django's `condition` expects."""
    user = "anon" if not getattr(request, "user", None) or not request.user.is_authenticated else f"u{request.user.pk}"
    variant = request.headers.get("Accept", "") if variant is None else variant
    digest = _digest(f"{request.get_full_path()}|{variant}", 20)
    return f"{data_version(request).version}-{get_language()}-{user}-{digest}"


def conditional_answer(request, *, variant: str | None = None):
    """A 304 (or 412) when the client's copy is current, else None: Django's conditional machinery on our ETag."""
    version = data_version(request)
    return get_conditional_response(
        request, etag=quote_etag(data_etag(request, variant=variant)), last_modified=int(version.changed_at.timestamp()),
    )


def data_last_modified(request, *args, **kwargs):
    return data_version(request).changed_at


_conditional = condition(etag_func=data_etag, last_modified_func=data_last_modified)


def data_conditional(view=None, *, params: Iterable[str] = ()):
    """ETag and Last-Modified from the data version; the answer to an anonymous GET may be stored.

    `params` names the query parameters the view reads: an address with any other parameter is answered but not
    stored, so junk query strings cannot fill the store.
    """
    if view is None:
        return lambda view: data_conditional(view, params=params)
    conditional = _conditional(view)
    known = frozenset(params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        response.storable = True
        response.known_params = known
        return response

    return wrapper


def store_key(request) -> str | None:
    """The key of the stored answer for this request: language, host, address and Accept; None for a bad host."""
    try:
        # The host is part of the key: links in an answer (the API's `next`) are built from it, and Django's
        # ALLOWED_HOSTS check ignores the port, so one request with an odd Host must not answer for everyone.
        host = request.get_host()
    except DisallowedHost:
        return None
    return "answer:{}:{}".format(
        get_language(), _digest(f"{host}|{request.get_full_path()}|{request.headers.get('Accept', '')}", 32)
    )


def _plainly_anonymous(request) -> bool:
    return "HTTP_AUTHORIZATION" not in request.META and set(request.COOKIES) <= NEUTRAL_COOKIES


class StoredResponseMiddleware:
    """Serve an anonymous GET from the answer stored for the same language, address and Accept, if it was made
    from the current data version.

    Only answers marked `storable` (by `data_conditional` and the API's read endpoints) are stored, and only when
    they set no cookie, their address carries no query parameter the view does not read, and they are not too large. An edit bumps the data version, so an older answer is never served; it is replaced by the
    next one made. The API's rate limit counts the requests that reach it, not answers served again from here:
    serving one costs no more than refusing it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not _plainly_anonymous(request)
            or request.path.startswith(settings.STORED_ANSWERS_SKIP)
        ):
            return self.get_response(request)
        key = store_key(request)
        if key is None:
            return self.get_response(request)
        stored = self._lookup(request, key)
        version = request._data_version.version
        if stored is not None and stored["version"] == version:
            return self._replay(request, stored)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and getattr(response, "storable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            # A page carrying a CSRF token belongs to one visitor's cookie.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            # Only the parameters the view reads make a distinct answer; anything else would only fill the store.
            and set(request.GET) <= getattr(response, "known_params", frozenset())
            # Larger answers are made afresh each time rather than crowding the store.
            and len(response.content) <= settings.STORED_ANSWER_MAX_BYTES
        ):
            cache.set(key, {
                "version": version,
                "content": response.content,
                "headers": dict(response.headers),
            }, STORE_SECONDS)
        return response

    @staticmethod
    def _lookup(request, key: str) -> dict | None:
        """The stored answer for `key`, and the data version on the request: one round trip with a shared cache."""
        if settings.DATA_VERSION_IN_CACHE:
            found = cache.get_many([DataVersion.CACHE_KEY, key])
            if DataVersion.CACHE_KEY in found:
                request._data_version = DataVersion.from_cache(found[DataVersion.CACHE_KEY])
                return found.get(key)
        data_version(request)
        return cache.get(key)

    @staticmethod
    def _replay(request, stored) -> HttpResponse:
        response = HttpResponse(stored["content"])
        for name, value in stored["headers"].items():
            response[name] = value
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )


# A line break and every space, tab and further line break after it: indentation and blank lines in one pass.
_INDENTATION = re.compile(rb"\n[ \t\n]+")
_KEEPS_WHITESPACE = (b"<pre", b"<textarea")


class CompactHtmlMiddleware:
    """Drops the indentation and blank lines templates leave in public HTML pages: the same page in a browser,
    about 4% fewer bytes. Pages with <pre> or <textarea>, where whitespace is content, are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.streaming or response.status_code != 200 or request.path.startswith(settings.STORED_ANSWERS_SKIP)
                or not response.get("Content-Type", "").startswith("text/html")):
            return response
        content = response.content
        if any(tag in content for tag in _KEEPS_WHITESPACE):
            return response
        response.content = _INDENTATION.sub(b"\n", content)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
