"""What every API endpoint shares: paging, CSV, incremental sync, conditional requests and cached answers."""

import csv
import hashlib
import io

from django.core.cache import cache
from django.utils.http import http_date, parse_http_date_safe
from django_filters import rest_framework as filters
from rest_framework import exceptions, negotiation, pagination, renderers, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from countries.models import DataVersion


class FormatFirstNegotiation(negotiation.DefaultContentNegotiation):
    """?format=csv wins over the Accept header, so a spreadsheet link works from any client."""

    def select_renderer(self, request, renderers, format_suffix=None):
        format_query = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if format_query:
            for renderer in renderers:
                if renderer.format == format_query:
                    return renderer, renderer.media_type
            raise exceptions.NotFound(f"Unknown format {format_query!r}; use json or csv.")
        return super().select_renderer(request, renderers, format_suffix)


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def flatten(value, prefix="") -> dict:
    """Nested JSON to flat CSV columns: objects become dotted names, lists of objects are joined with ' | '."""
    flat = {}
    if isinstance(value, dict):
        for key, item in value.items():
            flat.update(flatten(item, f"{prefix}{key}."))
        return flat
    name = prefix.rstrip(".")
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            columns = {}
            for item in value:
                for key, text in flatten(item).items():
                    columns.setdefault(key, []).append("" if text is None else str(text))
            for key, texts in columns.items():
                flat[f"{name}.{key}"] = " | ".join(texts)
        else:
            flat[name] = " | ".join("" if v is None else str(v) for v in value)
        return flat
    flat[name] = value
    return flat


class CSVRenderer(renderers.BaseRenderer):
    """The rows of a list (or one record) as CSV with flat columns; citations joined."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        flat = [flatten(row) for row in rows]
        columns = []
        for row in flat:
            for key in row:
                if key not in columns:
                    columns.append(key)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flat)
        return out.getvalue().encode("utf-8")


def split_codes(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


class CommaFilter(filters.CharFilter):
    """A filter that takes several values: ?country=UA,MD."""

    def __init__(self, *args, upper=False, **kwargs):
        self.upper = upper
        kwargs.setdefault("lookup_expr", "in")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        values = split_codes(value)
        if self.upper:
            values = [v.upper() for v in values]
        return qs.filter(**{f"{self.field_name}__in": values}).distinct()


class SyncFilterSet(filters.FilterSet):
    updated_since = filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte",
                                              help_text="Only records changed at or after this ISO 8601 time.")


class AsOfFilterSet(SyncFilterSet):
    as_of = filters.DateFilter(method="filter_as_of", help_text="What was in force on this date (YYYY-MM-DD).")

    def filter_as_of(self, queryset, name, value):
        return queryset.in_force(value)


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only endpoint with CSV, conditional requests and answers cached per data version.

    The data changes only when an editor saves, so an answer is stored under the data version and served again
    until the next change bumps the version.
    """

    pagination_class = Pagination
    content_negotiation_class = FormatFirstNegotiation
    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]

    def _cache_key(self, request, version: DataVersion) -> str:
        digest = hashlib.sha256(
            f"{request.get_full_path()}|{request.accepted_renderer.format}|{request.user.pk}".encode()
        ).hexdigest()[:32]
        return f"api:{version.version}:{digest}"

    def _etag(self, request, version: DataVersion) -> str:
        return f'"{self._cache_key(request, version).split(":", 1)[1]}"'

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        version = getattr(request, "_data_version", None)
        if version is not None and request.method in ("GET", "HEAD") and response.status_code == 200:
            response["ETag"] = self._etag(request, version)
            response["Last-Modified"] = http_date(version.changed_at.timestamp())
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response

    def _conditional(self, request, handler, *args, **kwargs):
        version = DataVersion.current()
        request._data_version = version
        etag = self._etag(request, version)
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304)
        since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
        if since is not None and "If-None-Match" not in request.headers and int(version.changed_at.timestamp()) <= since:
            return Response(status=304)
        key = self._cache_key(request, version)
        cached = cache.get(key) if request.user.is_anonymous else None
        if cached is not None:
            return Response(cached)
        response = handler(request, *args, **kwargs)
        if response.status_code == 200 and request.user.is_anonymous:
            cache.set(key, response.data, 300)
        return response

    def list(self, request, *args, **kwargs):
        return self._conditional(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._conditional(request, super().retrieve, *args, **kwargs)


DEFAULT_RENDERERS = api_settings.DEFAULT_RENDERER_CLASSES
