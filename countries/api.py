from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, views
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from legislation.selectors import citations_prefetch
from policyhub.api import AsOfFilterSet, CommaFilter, ReadViewSet, SyncFilterSet, WriteViewSet, write_serializer

from .models import Assessment, Citation, Country, Grade, Indicator, IndicatorValue, Source, SubRegion, fact_grade

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
        fields = ["source", "source_slug", "url", "locator", "quote", "quote_language", "quote_en", "quote_ru", "described",
                  "grade", "grade_label", "low_reliability"]


class FactFields(serializers.ModelSerializer):
    """Fields every sourced fact carries."""

    country = serializers.CharField(source="country.iso2")
    citations = CitationSerializer(many=True, read_only=True)
    low_reliability = serializers.SerializerMethodField()
    grade = serializers.SerializerMethodField(help_text=GRADE_HELP + " The fact's grade is its best citation's.")
    grade_label = serializers.SerializerMethodField()

    @extend_schema_field(serializers.BooleanField)
    def get_low_reliability(self, obj) -> bool:
        citations = obj.citations.all()
        return bool(citations) and all(c.source.is_low_reliability for c in citations)

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


class StatusSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.slug")
    value = serializers.CharField(source="value.slug")
    value_label = serializers.CharField(source="value.label_en")
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["indicator", "value", "value_label", "as_of", "as_of_precision", "disputed", "citations"]


class CountrySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Country
        fields = ["iso2", "iso3", "name_en", "name_ru", "slug", "subregion", "focus_region", "summary_en", "summary_ru",
                  "url", "updated_at"]

    def get_url(self, obj) -> str:
        return reverse("country-detail", args=[obj.iso2.lower()])


class CountryDetailSerializer(CountrySerializer):
    statuses = StatusSerializer(source="current_assessments", many=True, read_only=True)
    law_count = serializers.IntegerField(read_only=True)
    threshold_count = serializers.IntegerField(read_only=True)
    sanction_count = serializers.IntegerField(read_only=True)
    recommendation_count = serializers.IntegerField(read_only=True)
    brief_url = serializers.SerializerMethodField()

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "statuses", "law_count", "threshold_count", "sanction_count",
                  "recommendation_count", "brief_url"]

    def get_brief_url(self, obj) -> str:
        return reverse("country-brief", args=[obj.iso2.lower()])


class CountryFilter(SyncFilterSet):
    subregion = filters.ChoiceFilter(choices=SubRegion.choices)
    focus_region = filters.BooleanFilter()
    search = filters.CharFilter(method="filter_search", help_text="Part of the English or Russian name, or a code.")

    class Meta:
        model = Country
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name_en__icontains=value) | Q(name_ru__icontains=value) | Q(iso2__iexact=value) | Q(iso3__iexact=value))


class CountryViewSet(ReadViewSet):
    """Countries; the detail adds the current legal-environment status and counts of facts."""

    queryset = Country.objects.order_by("name_en")
    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    lookup_field = "iso2"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_serializer_class(self):
        return CountryDetailSerializer if self.action == "retrieve" else CountrySerializer

    def get_object(self):
        code = self.kwargs["iso2"].upper()
        current = Assessment.objects.published().in_force().select_related("indicator", "value").prefetch_related(
            citations_prefetch()
        ).order_by("indicator__order", "-as_of")
        queryset = Country.objects.annotate(
            law_count=Count("laws", filter=Q(laws__published=True), distinct=True),
            threshold_count=Count("thresholds", filter=Q(thresholds__published=True), distinct=True),
            sanction_count=Count("sanctions", filter=Q(sanctions__published=True), distinct=True),
            recommendation_count=Count("recommendations", distinct=True),
        ).prefetch_related(Prefetch("assessments", queryset=current, to_attr="current_assessments"))
        try:
            return queryset.get(iso2=code)
        except Country.DoesNotExist:
            raise Http404(f"No country with the code {code}.") from None


class SearchResultSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="Title in the language asked for, with matched words in <mark>.")
    url = serializers.CharField(help_text="The record's page, in the language asked for.")
    country = serializers.CharField(source="entry.country.iso2", default=None, allow_null=True)
    excerpt = serializers.CharField(help_text="About 160 characters around the first match, HTML-escaped, "
                                              "matched words in <mark>.")


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["country", "law", "threshold", "sanction", "recommendation", "progress",
                                            "source"])
    label = serializers.CharField()
    results = SearchResultSerializer(many=True)


class SearchView(views.APIView):
    """The site search: published records matching every word of `q`, whole words with stemming in English and
    Russian, grouped by kind (at most 20 per kind)."""

    renderer_classes = ReadViewSet.renderer_classes[:1]
    content_negotiation_class = ReadViewSet.content_negotiation_class

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="Words to find (at most 200 characters)."),
            OpenApiParameter("country", OpenApiTypes.STR, description="ISO alpha-2 code of one country."),
            OpenApiParameter("type", OpenApiTypes.STR, description="One kind: country, law, threshold, sanction, "
                                                                   "recommendation, progress or source."),
        ],
        responses=SearchGroupSerializer(many=True),
    )
    def get(self, request):
        from . import search as site_search

        params = request.query_params
        kind = params.get("type") or None
        if kind and kind not in site_search.KINDS:
            raise ValidationError({"type": f"Unknown type {kind!r}; use one of {', '.join(site_search.KINDS)}."})
        country = params.get("country") or None
        if country and not Country.objects.filter(iso2=country.upper()).exists():
            raise ValidationError({"country": f"Unknown country code {country!r}."})
        try:
            groups = site_search.search(q=params.get("q", ""), country=country, kinds=[kind] if kind else None)
        except site_search.QueryError as exc:
            raise ValidationError({"q": str(exc)}) from None
        return Response(SearchGroupSerializer(groups, many=True).data)
