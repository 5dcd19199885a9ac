"""Conditional requests keyed on the knowledge base's data version: pages and API answers change only on edits."""

import hashlib

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


data_conditional = condition(etag_func=data_etag, last_modified_func=data_last_modified)
