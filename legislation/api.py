
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, views
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from countries.api import CitationSerializer, FactFields
from countries.apibase import (
    AsOfFilterSet,
    CommaFilter,
    CSVRenderer,
    ReadViewSet,
    SyncFilterSet,
    WriteViewSet,
    json_errors,
    split_codes,
    write_serializer,
)
from countries.models import Country, country_codes

from .models import Alternative, Basis, FactKind, Law, Sanction, Substance, Threshold, Tier, read_amount, read_unit
from .selectors import consequences, law_queryset, sanction_queryset, threshold_queryset

TIER_SLUGS = {"small": Tier.SMALL, "large": Tier.LARGE, "especially_large": Tier.ESPECIALLY_LARGE}


class SubstanceSerializer(serializers.ModelSerializer):
    synonyms = serializers.ListField(source="synonym_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = Substance
        fields = ["slug", "name_en", "name_ru", "synonyms", "category", "un_schedule", "updated_at"]


class SubstanceFilter(SyncFilterSet):
    category = filters.ChoiceFilter(choices=Substance.Category.choices)

    class Meta:
        model = Substance
        fields = []


class SubstanceViewSet(ReadViewSet):
    queryset = Substance.objects.order_by("order", "slug")
    serializer_class = SubstanceSerializer
    lookup_field = "slug"
    filterset_class = SubstanceFilter


class LawSerializer(FactFields):
    articles = serializers.SlugRelatedField(many=True, read_only=True, slug_field="number")

    class Meta:
        model = Law
        fields = ["id", "country", "title_en", "title_ru", "title_original", "original_language", "kind", "reference",
                  "reference_ru", "adopted_on", "amended_on", "amended_precision", "status", "url", "summary_en", "summary_ru", "articles", *FactFields.fact_fields]


class LawFilter(AsOfFilterSet):
    country = CommaFilter(field_name="country__iso2", upper=True)
    kind = filters.MultipleChoiceFilter(choices=Law.Kind.choices)
    status = filters.MultipleChoiceFilter(choices=Law.Status.choices)

    class Meta:
        model = Law
        fields = []


class LawViewSet(WriteViewSet):
    queryset = law_queryset().order_by("country__iso2", "title_en", "pk")
    write_serializer_class = write_serializer(Law)
    serializer_class = LawSerializer
    filterset_class = LawFilter


class ThresholdSerializer(FactFields):
    substance = serializers.CharField(source="substance.slug")
    tier = serializers.SerializerMethodField()
    tier_rank = serializers.IntegerField(source="tier")
    law = serializers.CharField(source="public_law.title_en", default=None, allow_null=True)
    article = serializers.CharField(source="public_article.number", default=None, allow_null=True)

    class Meta:
        model = Threshold
        fields = ["id", "country", "substance", "substance_form", "substance_form_ru", "tier", "tier_rank", "term", "term_en",
                  "term_ru", "amount", "amount_max", "amount_in", "amount_as_stated", "unit", "counted_item", "counted_item_ru",
                  "basis", "kind", "law", "article",
                  *FactFields.fact_fields]

    def get_tier(self, obj) -> str:
        return {v: k for k, v in TIER_SLUGS.items()}[obj.tier]


class TierFilter(filters.CharFilter):
    def filter(self, qs, value):
        if not value:
            return qs
        ranks = []
        for item in split_codes(value):
            if item not in TIER_SLUGS:
                raise ValidationError({"tier": f"Unknown tier {item!r}; use small, large or especially_large."})
            ranks.append(TIER_SLUGS[item])
        return qs.filter(tier__in=ranks)


class ThresholdFilter(AsOfFilterSet):
    country = CommaFilter(field_name="country__iso2", upper=True)
    substance = CommaFilter(field_name="substance__slug")
    tier = TierFilter(help_text="small, large or especially_large; comma-separated.")
    basis = filters.MultipleChoiceFilter(choices=Basis.choices)
    kind = filters.MultipleChoiceFilter(choices=FactKind.choices)
    disputed = filters.BooleanFilter()

    class Meta:
        model = Threshold
        fields = []


class ThresholdViewSet(WriteViewSet):
    queryset = threshold_queryset().order_by("country__iso2", "substance__order", "tier", "pk")
    write_serializer_class = write_serializer(
        Threshold, substance=serializers.SlugRelatedField(slug_field="slug", queryset=Substance.objects.all()))
    serializer_class = ThresholdSerializer
    filterset_class = ThresholdFilter


class SanctionSerializer(FactFields):
    substance = serializers.CharField(source="substance.slug", default=None, allow_null=True)
    law = serializers.CharField(source="public_law.title_en", default=None, allow_null=True)
    article = serializers.CharField(source="public_article.number", default=None, allow_null=True)
    alternatives = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Sanction
        fields = ["id", "country", "offence", "offence_detail", "offence_detail_ru", "condition", "condition_detail_en",
                  "condition_detail_ru", "substance", "band_from", "band_to", "kind", "liability",
                  "law", "article", "article_as_stated", "fine_min", "fine_max", "fine_unit", "fine_unit_ru", "detention_days_max",
                  "prison_months_min", "prison_months_max", "community_work_hours_max", "alternatives",
                  "alternatives_note", "alternatives_note_ru", "penalty_summary", "penalty_summary_ru",
                  *FactFields.fact_fields]


class SanctionFilter(AsOfFilterSet):
    country = CommaFilter(field_name="country__iso2", upper=True)
    offence = filters.MultipleChoiceFilter(choices=Sanction.Offence.choices)
    liability = filters.MultipleChoiceFilter(choices=Sanction.Liability.choices)
    kind = filters.MultipleChoiceFilter(choices=FactKind.choices)
    disputed = filters.BooleanFilter()

    class Meta:
        model = Sanction
        fields = []


class SanctionViewSet(WriteViewSet):
    queryset = sanction_queryset().order_by("country__iso2", "offence", "band_from", "pk")
    write_serializer_class = write_serializer(
        Sanction,
        substance=serializers.SlugRelatedField(slug_field="slug", queryset=Substance.objects.all(), required=False,
                                               allow_null=True),
        alternatives=serializers.SlugRelatedField(slug_field="slug", queryset=Alternative.objects.all(), many=True,
                                                  required=False),
    )
    serializer_class = SanctionSerializer
    filterset_class = SanctionFilter


class ConsequenceLineSerializer(serializers.Serializer):
    tier = serializers.IntegerField()
    term = serializers.CharField(help_text="The law's own words.")
    term_en = serializers.CharField()
    term_ru = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    unit = serializers.CharField()
    basis = serializers.CharField()
    amount_in = serializers.CharField()
    disputed = serializers.BooleanField()
    law = serializers.CharField(source="public_law.title_en", default=None, allow_null=True)
    law_reference = serializers.CharField(source="public_law.reference", default=None, allow_null=True)


class ConsequenceSerializer(serializers.Serializer):
    country = serializers.CharField(source="country.iso2")
    question = serializers.SerializerMethodField()
    on = serializers.DateField(help_text="The date the answer describes.")
    status = serializers.ChoiceField(
        choices=["ok", "any_amount", "courts_decide", "no_table", "unit_mismatch", "upper_unknown"],
        help_text="ok; any_amount: the law punishes any amount alike; courts_decide: the law sets no figures and "
                  "courts weigh the amount; no_table: no line for the substance; "
                  "unit_mismatch: the table counts doses, pills or plants; upper_unknown: past a line whose next "
                  "line is not known, so the band and the maximum penalty cannot be told.",
    )
    band = serializers.IntegerField(allow_null=True)
    band_high = serializers.IntegerField(allow_null=True)
    liability = serializers.CharField(allow_null=True, help_text="First offence; null where the data cannot tell.")
    liability_min = serializers.CharField(allow_null=True)
    prison_months_max = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    disputed = serializers.BooleanField()
    low_reliability = serializers.BooleanField()
    news_based = serializers.BooleanField(help_text="Part of the answer rests on news or a law firm's page (grade C).")
    grades = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField(), help_text="What PolicyHub lacks to answer fully.")
    lines = ConsequenceLineSerializer(many=True)
    sanctions = SanctionSerializer(many=True, help_text="First offence.")
    repeat_sanctions = SanctionSerializer(many=True, help_text="What applies instead on a repeat offence.")
    citations = CitationSerializer(many=True)

    def get_question(self, obj) -> str:
        return "adult, first offence, possession for personal use without intent to supply, no aggravating circumstance"


class ConsequenceView(views.APIView):
    """What an amount of a substance leads to in each country: band, liability and sanctions, with citations."""

    renderer_classes = ReadViewSet.renderer_classes
    content_negotiation_class = ReadViewSet.content_negotiation_class

    def finalize_response(self, request, response, *args, **kwargs):
        return json_errors(super().finalize_response(request, response, *args, **kwargs))

    @extend_schema(
        parameters=[
            OpenApiParameter("substance", OpenApiTypes.STR, required=True, description="Substance slug, e.g. heroin."),
            OpenApiParameter("amount", OpenApiTypes.DECIMAL, required=True, description="A positive amount."),
            OpenApiParameter("unit", OpenApiTypes.STR, enum=["g", "mg"], description="g (default) or mg."),
            OpenApiParameter("country", OpenApiTypes.STR, description="ISO alpha-2 codes, comma-separated; default: the focus region."),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="The law as it stood on this date."),
        ],
        responses=ConsequenceSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        errors = {}
        substance = Substance.objects.filter(slug=params.get("substance", "")).first()
        if substance is None:
            errors["substance"] = "Give a known substance slug, e.g. ?substance=heroin (see /api/v1/substances/)."
        try:
            amount = read_amount(params.get("amount", ""))
        except ValueError as error:
            errors["amount"] = f"{error} Example: ?amount=1."
            amount = None
        unit = params.get("unit", "g")
        try:
            read_unit(unit)
        except ValueError as error:
            errors["unit"] = f"{error} Use g or mg."
        on = timezone.localdate()
        if params.get("as_of"):
            try:
                from datetime import date

                on = date.fromisoformat(params["as_of"])
            except ValueError:
                errors["as_of"] = "Use a date as YYYY-MM-DD."
        countries = Country.objects.focus()
        if params.get("country"):
            codes = country_codes(params["country"])
            countries = Country.objects.filter(iso2__in=codes)
            missing = sorted(set(codes) - set(countries.values_list("iso2", flat=True)))
            if missing:
                errors["country"] = f"Unknown country code(s): {', '.join(missing)}."
        if errors:
            raise ValidationError(errors)
        results = consequences(substance=substance, amount=amount, unit=unit, countries=list(countries.order_by("iso2")), on=on)
        return Response(ConsequenceSerializer(results, many=True).data)


CSV = CSVRenderer
