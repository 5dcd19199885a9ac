"""The API's country detail and site search: both assembled from the other apps."""

from django.db.models import Q
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, views
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from countries.api import CitationSerializer
from countries.apibase import ReadViewSet, SyncFilterSet
from countries.models import Assessment, Country, SubRegion, country_code

from . import search as site_search
from .selectors import country_profile


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


class ProfileFactsSerializer(serializers.Serializer):
    laws = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the laws in force (/api/v1/laws/).")
    thresholds = serializers.ListField(child=serializers.IntegerField(),
                                       help_text="Ids of the thresholds in force (/api/v1/thresholds/).")
    sanctions = serializers.ListField(child=serializers.IntegerField(),
                                      help_text="Ids of the sanctions in force, proposals included (/api/v1/sanctions/).")
    progress = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of progress records (/api/v1/progress/).")


class CountryDetailSerializer(CountrySerializer):
    """A country's profile: the same selector as the profile page and the PDF brief."""

    statuses = StatusSerializer(source="profile_statuses", many=True, read_only=True)
    law_count = serializers.SerializerMethodField()
    threshold_count = serializers.SerializerMethodField()
    sanction_count = serializers.SerializerMethodField()
    recommendation_count = serializers.SerializerMethodField()
    facts = serializers.SerializerMethodField()
    brief_url = serializers.SerializerMethodField()

    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "statuses", "law_count", "threshold_count", "sanction_count",
                  "recommendation_count", "facts", "brief_url"]

    def get_law_count(self, obj) -> int:
        return len(obj.profile.laws)

    def get_threshold_count(self, obj) -> int:
        return len(obj.profile.thresholds)

    def get_sanction_count(self, obj) -> int:
        return len(obj.profile.sanctions) + len(obj.profile.proposals)

    def get_recommendation_count(self, obj) -> int:
        return len(obj.profile.recommendations)

    @extend_schema_field(ProfileFactsSerializer)
    def get_facts(self, obj) -> dict:
        profile = obj.profile
        return {
            "laws": [law.pk for law in profile.laws],
            "thresholds": [t.pk for t in profile.thresholds],
            "sanctions": [s.pk for s in [*profile.sanctions, *profile.proposals]],
            "progress": [p.pk for p in profile.progress],
        }

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
        profile = country_profile(iso2=self.kwargs["iso2"])
        country = profile.country
        country.profile = profile
        country.profile_statuses = [assessment for _, assessment in profile.known_indicators]
        return country


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
        params = request.query_params
        kind = params.get("type") or None
        if kind and kind not in site_search.KINDS:
            raise ValidationError({"type": f"Unknown type {kind!r}; use one of {', '.join(site_search.KINDS)}."})
        country = params.get("country") or None
        if country and not Country.objects.filter(iso2=country_code(country)).exists():
            raise ValidationError({"country": f"Unknown country code {country!r}."})
        try:
            groups = site_search.search(q=params.get("q", ""), country=country, kinds=[kind] if kind else None)
        except site_search.QueryError as exc:
            raise ValidationError({"q": str(exc)}) from None
        return Response(SearchGroupSerializer(groups, many=True).data)
