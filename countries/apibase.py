"""What every API endpoint shares: paging, CSV, incremental sync, conditional requests and cached answers."""

import csv
import io
from datetime import UTC

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.cache import quote_etag
from django.utils.http import http_date
from django_filters import rest_framework as filters
from rest_framework import exceptions, negotiation, pagination, permissions, renderers, serializers, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from countries.formulae import neutralise
from countries.http import conditional_answer, data_etag
from countries.models import country_code

from . import review


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


def json_errors(response):
    """Errors are JSON whatever format was asked for: a CSV of one `detail` cell helps no one."""
    if response.status_code >= 400 and isinstance(getattr(response, "accepted_renderer", None), CSVRenderer):
        response.accepted_renderer = renderers.JSONRenderer()
        response.accepted_media_type = response.accepted_renderer.media_type
    return response


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
    """The rows of a list (or one record) as CSV with flat columns; citations joined; text that a spreadsheet
    would run as a formula is neutralised."""

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
        flat = [{key: neutralise(value) for key, value in flatten(row).items()} for row in rows]
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


_LISTS = {"country": "countries", "substance": "substances", "theme": "themes", "indicator": "indicators",
          "source": "sources", "recommendation": "recommendations", "addressee": "themes"}


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
            values = [country_code(v) for v in values]
        self._check_known(qs.model, values)
        return qs.filter(**{f"{self.field_name}__in": values}).distinct()

    def _check_known(self, model, values) -> None:
        """A value no record could have (?country=zz, ?substance=unicorn) is a 400 naming it, not an empty list."""
        *path, attribute = self.field_name.split("__")
        if not path:
            return
        related = model
        for part in path:
            related = related._meta.get_field(part).related_model
        known = set(related._default_manager.filter(**{f"{attribute}__in": values}).values_list(attribute, flat=True))
        unknown = [v for v in values if v not in known]
        if unknown:
            parent = getattr(self, "parent", None)
            name = next((k for k, f in (parent.filters.items() if parent else []) if f is self), path[0])
            what = path[-1].rstrip("s")
            raise exceptions.ValidationError({name: (
                f"Unknown {what} value(s): {', '.join(unknown)}. "
                f"See /api/v1/{_LISTS.get(what, what + 's')}/ for the accepted {attribute} values.")})


class BoundedIsoDateTimeField(filters.IsoDateTimeFilter.field_class):
    """An ISO 8601 time the database can compare: 0001-01-01T00:00:00+01:00 is valid ISO 8601 but lies before
    year 1 in UTC and overflowed the query."""

    def clean(self, value):
        parsed = super().clean(value)
        if parsed is not None:
            try:
                parsed.astimezone(UTC)
            except (OverflowError, ValueError) as error:
                raise DjangoValidationError("The time is out of range.", code="invalid") from error
            if not (1 <= parsed.year <= 9998):
                raise DjangoValidationError("The time is out of range.", code="invalid")
        return parsed


class BoundedIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class SyncFilterSet(filters.FilterSet):
    updated_since = BoundedIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte",
                                             help_text="Only records changed at or after this ISO 8601 time.")


class AsOfFilterSet(SyncFilterSet):
    as_of = filters.DateFilter(method="filter_as_of", help_text="What was in force on this date (YYYY-MM-DD).")

    def filter_as_of(self, queryset, name, value):
        return queryset.in_force(value)


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only endpoint with CSV and conditional requests; anonymous answers are stored per data version.

    The data changes only when an editor saves, so `countries.http.StoredResponseMiddleware` serves an answer
    again until the next change bumps the version.
    """

    pagination_class = Pagination
    content_negotiation_class = FormatFirstNegotiation
    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]


    def finalize_response(self, request, response, *args, **kwargs):
        response = json_errors(super().finalize_response(request, response, *args, **kwargs))
        version = getattr(request, "_data_version", None)
        if version is not None and request.method in ("GET", "HEAD") and response.status_code == 200:
            response["ETag"] = quote_etag(data_etag(request, variant=request.accepted_renderer.format))
            response["Last-Modified"] = http_date(version.changed_at.timestamp())
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
            response.storable = request.user.is_anonymous
            response.known_params = self.known_query_params()
        return response

    def known_query_params(self) -> frozenset[str]:
        """The parameters that change an answer: the filters, paging and format; others do not make a stored answer."""
        filterset = getattr(self, "filterset_class", None)
        names = set(filterset.base_filters) if filterset is not None else set()
        paging = self.paginator
        if paging is not None:
            names |= {paging.page_query_param, paging.page_size_query_param}
        return frozenset(names | {api_settings.URL_FORMAT_OVERRIDE})

    def _conditional(self, request, handler, *args, **kwargs):
        answer = conditional_answer(request, variant=request.accepted_renderer.format)
        if answer is not None:
            return Response(status=answer.status_code)
        return handler(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        return self._conditional(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._conditional(request, super().retrieve, *args, **kwargs)


DEFAULT_RENDERERS = api_settings.DEFAULT_RENDERER_CLASSES


class CountryCodeField(serializers.SlugRelatedField):
    """A country by its ISO alpha-2 code, in either case."""

    def __init__(self, **kwargs):
        from countries.models import Country

        super().__init__(slug_field="iso2", queryset=Country.objects.all(), **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(country_code(data) if isinstance(data, str) else data)


class EditorWritePermission(permissions.BasePermission):
    """Anyone reads; only editors write, and only records of their organisation's countries."""

    message = "Only editors may change records, and only those of their organisation's countries."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        ids = review.editable_country_ids(request.user)
        return ids is None or bool(ids)

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or review.can_edit(request.user, obj)


def write_serializer(model, **fields):
    """A plain serializer for writing one kind of fact: related records by code, slug or id."""
    meta = type("Meta", (), {"model": model, "exclude": ["created_at", "updated_at", "published", "source_row"]})
    return type(f"{model.__name__}WriteSerializer", (serializers.ModelSerializer,),
                {"Meta": meta, "country": CountryCodeField(), **fields})


class WriteMixin:
    """Create, change and delete for editors, through the same review and history as the admin.

    A publisher's write takes effect at once (201/200/204). Any other editor's change to a public record is kept for
    review and answered 202 with the change request; a new record is created unpublished.
    """

    write_serializer_class = None
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_permissions(self):
        return [*super().get_permissions(), EditorWritePermission()]

    def get_queryset(self):
        if self.request.method in permissions.SAFE_METHODS:
            return super().get_queryset()
        model = self.write_serializer_class.Meta.model
        return review.scope(model._default_manager.all(), self.request.user)

    def get_serializer_class(self):
        if self.request.method in permissions.SAFE_METHODS:
            return super().get_serializer_class()
        return self.write_serializer_class

    def _save(self, serializer, instance):
        data = dict(serializer.validated_data)
        m2m = {f.name: data.pop(f.name) for f in instance._meta.many_to_many if f.name in data}
        for name, value in data.items():
            setattr(instance, name, value)
        if not review.can_edit(self.request.user, instance):
            raise exceptions.PermissionDenied(EditorWritePermission.message)
        try:
            instance.full_clean()
            return review.save(self.request.user, instance, m2m)
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from error

    def _answer(self, instance, change, created=False):
        if change is not None and change.action != change.Action.CREATE:
            return Response({"detail": "The change is waiting for review.", "change_request": change.pk,
                             "status": change.status}, status=202)
        instance.refresh_from_db()
        data = super().get_serializer_class()(instance, context=self.get_serializer_context()).data
        return Response(data, status=201 if created else 200)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.Meta.model()
        change = self._save(serializer, instance)
        return self._answer(instance, change, created=True)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        change = self._save(serializer, instance)
        return self._answer(instance, change)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        change = review.delete(request.user, self.get_object())
        if change is not None:
            return Response({"detail": "The deletion is waiting for review.", "change_request": change.pk,
                             "status": change.status}, status=202)
        return Response(status=204)


class WriteViewSet(WriteMixin, ReadViewSet, viewsets.ModelViewSet):
    """A read endpoint that editors may also write to."""
