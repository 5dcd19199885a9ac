from django.db.models import Count
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from countries.apibase import AsOfFilterSet, CommaFilter, ReadViewSet, SyncFilterSet, WriteViewSet, write_serializer

from .models import Assessment, Citation, Grade, Indicator, IndicatorValue, Source, fact_grade, relies_on_weak_sources
from .selectors import citations_prefetch

GRADE_HELP = ("Evidence grade: A official text (the act or a court decision), B report (intergovernmental, research, "
              "NGO or government), C news or a law firm's explainer, D unverified.")


class CitationSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.title")
    source_slug = serializers.CharField(source="source.slug")
    url = serializers.CharField(source="source.url")
    low_reliability = serializers.BooleanField(source="source.is_low_reliability")
    described = serializers.CharField(source="described_display")
    grade = serializers.CharField(source="source.grade", help_text=GRADE_HELP)
    grade_label = serializers.CharField(source="source.get_grade_display")

    class Meta:
        model = Citation
        fields = ["source", "source_slug", "url", "locator", "locator_ru", "quote", "quote_language", "quote_en", "quote_ru",
                  "described", "grade", "grade_label", "low_reliability"]


class FactFields(serializers.ModelSerializer):
    """Fields every sourced fact carries."""

    country = serializers.CharField(source="country.iso2")
    citations = CitationSerializer(many=True, read_only=True)
    low_reliability = serializers.SerializerMethodField()
    grade = serializers.SerializerMethodField(help_text=GRADE_HELP + " The fact's grade is its best citation's.")
    grade_label = serializers.SerializerMethodField()

    @extend_schema_field(serializers.BooleanField)
    def get_low_reliability(self, obj) -> bool:
        return relies_on_weak_sources(obj)

    @extend_schema_field(serializers.ChoiceField(choices=Grade.choices, allow_null=True))
    def get_grade(self, obj) -> str | None:
        return fact_grade(obj)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_grade_label(self, obj) -> str | None:
        grade = fact_grade(obj)
        return str(Grade(grade).label) if grade else None

    fact_fields = ["valid_from", "valid_from_precision", "valid_to", "valid_to_precision", "disputed", "dispute_group",
                   "dispute_note", "note_en", "note_ru", "grade", "grade_label", "low_reliability", "citations",
                   "published", "updated_at"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["slug", "label_en", "label_ru", "rank", "colour"]


class IndicatorSerializer(serializers.ModelSerializer):
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["slug", "name_en", "name_ru", "description_en", "description_ru", "order", "is_main", "values", "updated_at"]


class IndicatorViewSet(ReadViewSet):
    """Legal-environment indicators with their ordered values and map colours."""

    queryset = Indicator.objects.prefetch_related("values").order_by("order")
    serializer_class = IndicatorSerializer
    lookup_field = "slug"
    filterset_class = SyncFilterSet


class AssessmentSerializer(FactFields):
    indicator = serializers.CharField(source="indicator.slug")
    value = serializers.CharField(source="value.slug")
    value_label = serializers.CharField(source="value.label_en")
    colour = serializers.CharField(source="value.colour")

    class Meta:
        model = Assessment
        fields = ["id", "country", "indicator", "value", "value_label", "colour", "as_of", "as_of_precision", "evidence",
                  "evidence_ru", "reform", "reform_date", "reform_precision", *FactFields.fact_fields]


class AssessmentFilter(AsOfFilterSet):
    country = CommaFilter(field_name="country__iso2", upper=True, help_text="ISO alpha-2 codes, comma-separated.")
    indicator = CommaFilter(field_name="indicator__slug", help_text="Indicator slugs, comma-separated.")
    value = CommaFilter(field_name="value__slug")
    disputed = filters.BooleanFilter()

    class Meta:
        model = Assessment
        fields = []


class AssessmentViewSet(WriteViewSet):
    """Each country's value on each legal-environment indicator: the map as data."""

    queryset = Assessment.objects.published().select_related("country", "indicator", "value").prefetch_related(
        citations_prefetch()
    ).order_by("country__iso2", "indicator__order", "-as_of", "pk")
    serializer_class = AssessmentSerializer
    write_serializer_class = write_serializer(
        Assessment, indicator=serializers.SlugRelatedField(slug_field="slug", queryset=Indicator.objects.all()))
    filterset_class = AssessmentFilter


class SourceSerializer(serializers.ModelSerializer):
    recommendation_count = serializers.IntegerField(read_only=True)
    low_reliability = serializers.BooleanField(source="is_low_reliability", read_only=True)

    class Meta:
        model = Source
        fields = ["slug", "title", "title_en", "kind", "grade", "grade_reason", "publisher", "organisers", "place", "date",
                  "date_end", "date_precision", "undated_reason", "url", "document", "reliability", "low_reliability",
                  "recommendation_count", "updated_at"]


class SourceFilter(SyncFilterSet):
    kind = filters.ChoiceFilter(choices=Source.Kind.choices)
    reliability = filters.ChoiceFilter(choices=Source.Reliability.choices)

    class Meta:
        model = Source
        fields = []


class SourceViewSet(ReadViewSet):
    """Meeting reports and the other documents facts are taken from, with their recommendation counts."""

    queryset = Source.objects.annotate(recommendation_count=Count("recommendations")).order_by("slug")
    serializer_class = SourceSerializer
    lookup_field = "slug"
    filterset_class = SourceFilter
