"""Conditional requests keyed on the knowledge base's data version: pages and API answers change only on edits."""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language
from django.views.decorators.http import condition

from countries.models import DataVersion


def _version(request) -> DataVersion:
    if not hasattr(request, "_data_version"):
        request._data_version = DataVersion.current()
    return request._data_version


def data_etag(request, *args, **kwargs) -> str:
    version = _version(request)
    user = "anon" if not getattr(request, "user", None) or not request.user.is_authenticated else f"u{request.user.pk}"
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()[:12]
    accept = hashlib.md5(request.headers.get("Accept", "").encode(), usedforsecurity=False).hexdigest()[:6]
    return f"{version.version}-{get_language()}-{user}-{path}-{accept}"


def data_last_modified(request, *args, **kwargs):
    return _version(request).changed_at


def _anonymous(request) -> bool:
    return not getattr(request, "user", None) or not request.user.is_authenticated


def data_cached(view):
    """Serve an anonymous page rendered earlier for the same data version, language and address.

    Every edit bumps the data version, so a stored page is never stale; pages for signed-in users are not stored.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not _anonymous(request):
            return view(request, *args, **kwargs)
        key = f"page:{data_etag(request)}"
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), 600)
        return response

    return wrapper


_conditional = condition(etag_func=data_etag, last_modified_func=data_last_modified)


def data_conditional(view):
    """ETag and Last-Modified from the data version, and the rendered page kept until the data changes."""
    return _conditional(data_cached(view))
