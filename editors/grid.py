"""The legal-environment grid: one country's values on every indicator, set at once, and the map they produce."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from countries.dates import Precision
from countries.models import Assessment, Citation, Country, Indicator, IndicatorValue, country_code
from countries.selectors import map_fills

from . import review


class ValueChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label_en


class IndicatorRow(forms.Form):
    value = ValueChoice(queryset=IndicatorValue.objects.none(), required=False)
    as_of = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    as_of_precision = forms.ChoiceField(choices=Precision.choices, initial=Precision.DAY)
    evidence = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 40}))
    citations = forms.ModelMultipleChoiceField(queryset=Citation.objects.none(), required=False)

    def __init__(self, *args, indicator: Indicator, country: Country, current: Assessment | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.country, self.current = indicator, country, current
        self.fields["value"].queryset = indicator.values.all()
        self.fields["value"].label = indicator.name_en
        self.fields["citations"].queryset = Citation.objects.filter(country=country).select_related("source")

    def clean(self):
        data = super().clean()
        if data.get("value") and not data.get("citations"):
            raise ValidationError("Every value needs a citation: pick the source that states it.")
        return data

    def assessment(self) -> Assessment | None:
        """The record this row asks for, or None when it leaves the indicator as it is."""
        data = self.cleaned_data
        if not data.get("value"):
            return None
        assessment = self.current or Assessment(country=self.country, indicator=self.indicator)
        assessment.value = data["value"]
        assessment.as_of = data["as_of"]
        assessment.as_of_precision = data["as_of_precision"] if data["as_of"] else Precision.UNDATED
        assessment.evidence = data["evidence"]
        return assessment


def _current(country: Country) -> dict[int, Assessment]:
    current = Assessment.objects.filter(country=country).prefetch_related("citations").current()
    return {indicator_id: assessment for (_, indicator_id), assessment in current.items()}


def grid_view(request):
    ids = review.editable_country_ids(request.user)
    countries = Country.objects.focus() if ids is None else Country.objects.filter(pk__in=ids)
    countries = list(countries.order_by("name_en"))
    country = next((c for c in countries if c.iso2 == country_code(request.GET.get("country", ""))), None)
    country = country or (countries[0] if countries else None)
    if country is None:
        raise PermissionDenied("Your organisation has no countries to edit.")
    indicators = list(Indicator.objects.prefetch_related("values"))
    current = _current(country)
    rows = []
    for indicator in indicators:
        existing = current.get(indicator.pk)
        initial = {}
        if existing:
            initial = {"value": existing.value_id, "as_of": existing.as_of, "as_of_precision": existing.as_of_precision,
                       "evidence": existing.evidence, "citations": list(existing.citations.all())}
        rows.append(IndicatorRow(request.POST or None, prefix=indicator.slug, initial=initial, indicator=indicator,
                                 country=country, current=existing))
    if request.method == "POST":
        if all(row.is_valid() for row in rows):
            changed = 0
            with transaction.atomic():
                for row in rows:
                    if not row.has_changed():
                        continue
                    assessment = row.assessment()
                    if assessment is None:
                        continue
                    assessment.full_clean()
                    review.save(request.user, assessment, {"citations": row.cleaned_data["citations"]})
                    changed += 1
            note = "" if review.publishes_directly(request.user) else " They wait for a moderator before the public sees them."
            messages.success(request, f"{changed} indicator value(s) saved for {country.name_en}.{note}")
            return HttpResponseRedirect(f"{reverse('admin:editors_grid')}?country={country.iso2}")
        messages.error(request, "Nothing was saved: please correct the errors below.")
    chosen = next((i for i in indicators if i.slug == request.GET.get("indicator")), None) or (
        indicators[0] if indicators else None)
    fills = map_fills(indicator=chosen, url_for=lambda c: f"{reverse('admin:editors_grid')}?country={c.iso2}") if chosen else {}
    values = _current_values(countries)
    table = [(c, [(i, values.get((c.pk, i.pk))) for i in indicators]) for c in countries]
    context = {
        "title": f"Legal environment: {country.name_en}",
        "countries": countries, "country": country, "rows": rows, "indicators": indicators, "indicator": chosen,
        "fills": fills, "table": table,
    }
    return TemplateResponse(request, "admin/editors/grid.html", {**admin.site.each_context(request), **context})


def _current_values(countries) -> dict[tuple[int, int], IndicatorValue]:
    current = Assessment.objects.published().filter(country__in=countries).select_related("value").current()
    return {key: assessment.value for key, assessment in current.items()}
