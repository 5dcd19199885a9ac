from django.db.models import Count, Prefetch, Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from countries.api import FactFields
from countries.apibase import CommaFilter, ReadViewSet, SyncFilterSet, WriteViewSet, write_serializer
from countries.models import country_codes
from countries.selectors import citations_prefetch

from .models import Addressee, Progress, Recommendation, Stance, Theme
from .selectors import search_recommendations


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
    became = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="The numbered recommendation this passage became.")

    class Meta:
        model = Recommendation
        fields = ["id", "source", "kind", "reference", "label", "locator", "speaker", "became", "order", "section", "text",
                  "summary_en", "summary_ru", "themes", "addressees", "countries", "updated_at"]
        extra_kwargs = {
            "label": {"help_text": "The report's own number or letter; empty where the report prints none."},
            "locator": {"help_text": "Where the report prints no number: § section, ¶ paragraph, • list item, s sentence."},
        }


class RecommendationFilter(SyncFilterSet):
    source = CommaFilter(field_name="source__slug")
    kind = filters.MultipleChoiceFilter(choices=Recommendation.Kind.choices)
    theme = CommaFilter(field_name="themes__slug")
    addressee = CommaFilter(field_name="addressees__slug")
    country = filters.CharFilter(method="filter_country", help_text="Named in the recommendation or with progress recorded.")
    search = filters.CharFilter(method="filter_search", help_text="Full text (PostgreSQL) or words (SQLite).")

    class Meta:
        model = Recommendation
        fields = []

    def filter_country(self, queryset, name, value):
        codes = country_codes(value)
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

    @extend_schema(
        responses=inline_serializer("RecommendationCount", {
            "source": serializers.CharField(), "kind": serializers.ChoiceField(choices=Recommendation.Kind.choices),
            "count": serializers.IntegerField(),
        }, many=True),
    )
    @action(detail=False, pagination_class=None)
    def counts(self, request):
        """How many items of each kind each report holds (after the list's filters)."""
        queryset = self.filter_queryset(Recommendation.objects.all())
        rows = (
            Recommendation.objects.filter(pk__in=queryset.values("pk")).order_by("source__slug", "kind")
            .values("source__slug", "kind").annotate(count=Count("pk"))
        )
        return Response([{"source": r["source__slug"], "kind": r["kind"], "count": r["count"]} for r in rows])


class StanceSerializer(serializers.ModelSerializer):
    """One side's claim: which of the record's citations it is (its source, locator and quotation)."""

    source_slug = serializers.CharField(source="citation.source.slug")
    locator = serializers.CharField(source="citation.locator")
    locator_ru = serializers.CharField(source="citation.locator_ru", help_text="The locator in Russian.")
    quote = serializers.CharField(source="citation.quote")

    class Meta:
        model = Stance
        fields = ["side", "source_slug", "locator", "locator_ru", "quote"]


class ProgressSerializer(FactFields):
    recommendation = serializers.IntegerField(source="recommendation_id")
    stances = StanceSerializer(
        many=True, read_only=True,
        help_text="Where government and civil society disagree: which citation is whose claim.",
    )

    class Meta:
        model = Progress
        fields = ["id", "recommendation", "country", "status", "as_of", "as_of_precision", "evidence", "evidence_ru",
                  "disagreement_en", "disagreement_ru", "stances", *FactFields.fact_fields]
        extra_kwargs = {
            "disagreement_en": {"help_text": "What the government and civil society disagree on; empty where they do not."},
        }


class ProgressFilter(SyncFilterSet):
    country = CommaFilter(field_name="country__iso2", upper=True)
    # Bounded to the id range: a larger number overflows SQLite's 64-bit integer and fails the query.
    recommendation = filters.NumberFilter(field_name="recommendation_id", min_value=1, max_value=2**63 - 1)
    status = filters.MultipleChoiceFilter(choices=Progress.Status.choices)

    class Meta:
        model = Progress
        fields = []


class ProgressViewSet(WriteViewSet):
    queryset = Progress.objects.published().select_related("country").prefetch_related(
        citations_prefetch(), Prefetch("stances", queryset=Stance.objects.select_related("citation__source").order_by("side", "pk")),
    ).order_by("pk")
    serializer_class = ProgressSerializer
    write_serializer_class = write_serializer(Progress)
    filterset_class = ProgressFilter


_ = Addressee
