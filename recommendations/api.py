from django.db.models import Prefetch, Q
from django_filters import rest_framework as filters
from rest_framework import serializers

from countries.api import FactFields
from legislation.selectors import citations_prefetch
from policyhub.api import CommaFilter, ReadViewSet, SyncFilterSet, WriteViewSet, write_serializer

from .models import Addressee, Progress, Recommendation, Theme
from .views import search_recommendations


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name_en", "name_ru", "order"]


class ThemeViewSet(ReadViewSet):
    queryset = Theme.objects.order_by("order")
    serializer_class = ThemeSerializer
    lookup_field = "slug"


class RecommendationSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.slug")
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    addressees = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    countries = serializers.SlugRelatedField(many=True, read_only=True, slug_field="iso2")

    class Meta:
        model = Recommendation
        fields = ["id", "source", "label", "order", "section", "text", "summary_en", "summary_ru", "themes", "addressees",
                  "countries", "updated_at"]


class RecommendationFilter(SyncFilterSet):
    source = CommaFilter(field_name="source__slug")
    theme = CommaFilter(field_name="themes__slug")
    addressee = CommaFilter(field_name="addressees__slug")
    country = filters.CharFilter(method="filter_country", help_text="Named in the recommendation or with progress recorded.")
    search = filters.CharFilter(method="filter_search", help_text="Full text (PostgreSQL) or words (SQLite).")

    class Meta:
        model = Recommendation
        fields = []

    def filter_country(self, queryset, name, value):
        codes = [c.strip().upper() for c in value.split(",") if c.strip()]
        # Only published progress counts: an editor's draft must not change what the public gets.
        return queryset.filter(
            Q(countries__iso2__in=codes) | Q(progress__country__iso2__in=codes, progress__published=True)
        ).distinct()

    def filter_search(self, queryset, name, value):
        return search_recommendations(queryset, value.strip())


class RecommendationViewSet(ReadViewSet):
    queryset = Recommendation.objects.select_related("source").prefetch_related(
        "themes", "addressees", "countries"
    ).order_by("source__slug", "order")
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter


class ProgressSerializer(FactFields):
    recommendation = serializers.IntegerField(source="recommendation_id")

    class Meta:
        model = Progress
        fields = ["id", "recommendation", "country", "status", "as_of", "as_of_precision", "evidence", *FactFields.fact_fields]


class ProgressFilter(SyncFilterSet):
    country = CommaFilter(field_name="country__iso2", upper=True)
    # Bounded to the id range: a larger number overflows SQLite's 64-bit integer and fails the query.
    recommendation = filters.NumberFilter(field_name="recommendation_id", min_value=1, max_value=2**63 - 1)
    status = filters.MultipleChoiceFilter(choices=Progress.Status.choices)

    class Meta:
        model = Progress
        fields = []


class ProgressViewSet(WriteViewSet):
    queryset = Progress.objects.published().select_related("country").prefetch_related(citations_prefetch()).order_by("pk")
    serializer_class = ProgressSerializer
    write_serializer_class = write_serializer(Progress)
    filterset_class = ProgressFilter


_ = Addressee, Prefetch
