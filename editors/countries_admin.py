from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from countries.models import Assessment, Citation, Country, Indicator, IndicatorValue, Source
from editors.resources import AssessmentResource
from editors.scoping import (
    CountryAutocompleteForEditors,
    CountryFilterForEditors,
    ReviewedAdminMixin,
    SpreadsheetMixin,
)
from profiles.models import Brief

# What every sourced fact's form says about the fields all facts share (FactAdmin.field_labels, field_help).
FACT_LABELS = {
    "country": _("country"),
    "citations": _("sources"),
    "valid_from": _("in force from"),
    "valid_from_precision": _("how precise that date is"),
    "valid_to": _("in force until"),
    "valid_to_precision": _("how precise that date is"),
    "published": _("published"),
    "disputed": _("disputed"),
    "dispute_note": _("what the sources disagree on"),
    "dispute_group": _("dispute group"),
    "note_en": _("public note (English)"),
    "note_ru": _("public note (Russian)"),
    "note": _("editor's note"),
}
FACT_HELP = {
    "citations": _("The passages of sources that state this fact. A published fact needs at least one."),
    "valid_from": _("The first day the rule applies. Leave empty when the sources do not say."),
    "valid_from_precision": _("How exactly the date is known: the day, the month, the year only, or roughly."),
    "valid_to": _("The first day it no longer applies. Empty while it still applies."),
    "valid_to_precision": _("How exactly the date is known: the day, the month, the year only, or roughly."),
    "published": _("Only published facts are shown to the public."),
    "disputed": _("Tick when sources disagree: the public page shows the fact as disputed until it is resolved."),
    "dispute_note": _("What the sources disagree on, and which source says what."),
    "dispute_group": _("Facts that contradict each other share this key, so each one shows the other."),
    "note_en": _("A caveat readers need, shown with the fact."),
    "note_ru": _("The same caveat in Russian."),
    "note": _("For editors only: never shown to the public."),
}
VALIDITY_FIELDSET = (_("When it applies"), {"fields": [("valid_from", "valid_from_precision"), ("valid_to", "valid_to_precision")]})
DISPUTE_FIELDSET = (_("Dispute and notes"), {"fields": ["disputed", "dispute_note", "dispute_group", "note_en", "note_ru", "note"]})
RECORD_FIELDSET = (_("Record"), {"fields": ["published", "source_row", "created_at", "updated_at"], "classes": ["collapse"]})


class FactAdmin(ReviewedAdminMixin, SimpleHistoryAdmin):
    """Shared set-up for sourced facts: country scope and review for editors, citations picked by search."""

    autocomplete_fields = ["citations"]
    list_filter = ["published", "disputed"]
    readonly_fields = ["source_row", "created_at", "updated_at"]
    field_labels = FACT_LABELS
    field_help = FACT_HELP


@admin.register(Country)
class CountryAdmin(CountryAutocompleteForEditors, SimpleHistoryAdmin):
    list_display = ["name_en", "name_ru", "iso2", "iso3", "subregion", "focus_region"]
    list_filter = ["focus_region", "subregion"]
    search_fields = ["name_en", "name_ru", "iso2", "iso3"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Source)
class SourceAdmin(ReviewedAdminMixin, SimpleHistoryAdmin):
    """Sources are shared: an editor's change or deletion waits for a moderator (see editors.review)."""

    list_display = ["title", "kind", "grade", "publisher", "date"]
    list_filter = ["grade", "kind"]
    readonly_fields = ["grade"]
    fields = ["title", "title_en", "slug", "kind", "grade", "grade_override", "grade_reason", "url", "document",
              "publisher", "date", "date_precision", "undated_reason", "date_end", "organisers", "place", "note"]
    search_fields = ["title", "publisher", "url", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Citation)
class CitationAdmin(ReviewedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "country", "locator", "locator_ru", "described_on", "described_precision"]
    list_filter = ["source__reliability", "source__kind", CountryFilterForEditors]
    list_select_related = ["source", "country"]
    search_fields = ["source__title", "source__url", "locator", "locator_ru", "quote"]
    autocomplete_fields = ["source", "country"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name_en", "slug", "order", "is_main"]
    search_fields = ["name_en", "name_ru", "slug"]
    inlines = [IndicatorValueInline]


class IndicatorValueFilter(admin.RelatedFieldListFilter):
    """The values to filter by, each named with its indicator, in one query."""

    def field_choices(self, field, request, model_admin):
        values = IndicatorValue.objects.select_related("indicator").order_by("indicator__name_en", "rank")
        return [(value.pk, str(value)) for value in values]


@admin.register(Assessment)
class AssessmentAdmin(SpreadsheetMixin, FactAdmin):
    resource_classes = [AssessmentResource]
    list_display = ["country", "indicator", "value", "as_of", "published", "disputed"]
    list_filter = ["indicator", ("value", IndicatorValueFilter), *FactAdmin.list_filter, CountryFilterForEditors]
    list_select_related = ["country", "indicator", "value__indicator"]
    search_fields = ["country__name_en", "evidence"]
    autocomplete_fields = ["country", "indicator", *FactAdmin.autocomplete_fields]
    fieldsets = [
        (None, {"fields": ["country", "indicator", "value", ("as_of", "as_of_precision"), "evidence", "evidence_ru"]}),
        (_("Latest reform"), {"fields": ["reform", ("reform_date", "reform_precision")]}),
        (_("Sources"), {"fields": ["citations"]}),
        VALIDITY_FIELDSET, DISPUTE_FIELDSET, RECORD_FIELDSET,
    ]
    field_labels = {**FACT_LABELS, "indicator": _("indicator"), "value": _("value"), "as_of": _("as of"),
                    "as_of_precision": _("how precise that date is"), "reform_date": _("date of the reform"),
                    "reform_precision": _("how precise that date is")}
    field_help = {**FACT_HELP,
                  "indicator": _("The aspect of the legal environment, e.g. whether possession for personal use is a crime."),
                  "value": _("The country's position on that indicator; it must be one of the indicator's own values."),
                  "as_of": _("The date the sources describe the situation on."),
                  "evidence": _("One or two sentences a reader can check against the sources.")}


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ["country", "language", "status", "stale", "rendered_at", "duration_ms", "attempts", "error"]
    list_filter = ["status", "stale", "language"]
    list_select_related = ["country"]
    search_fields = ["country__name_en"]
    readonly_fields = [f.name for f in Brief._meta.fields]
    actions = ["rerender"]

    @admin.action(description="Re-render the selected briefs")
    def rerender(self, request, queryset):
        from profiles.tasks import render_brief_task

        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(stale=True)
        for pk in ids:
            render_brief_task.delay(pk, True)
        self.message_user(request, f"{len(ids)} brief(s) queued for rendering.")
