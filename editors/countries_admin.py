from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from countries.models import Assessment, Brief, Citation, Country, Indicator, IndicatorValue, Source
from editors.resources import AssessmentResource
from editors.scoping import CountryFilterForEditors, ReviewedAdminMixin, SpreadsheetMixin


class FactAdmin(ReviewedAdminMixin, SimpleHistoryAdmin):
    """Shared set-up for sourced facts: country scope and review for editors, citations picked by search."""

    autocomplete_fields = ["citations"]
    list_filter = ["published", "disputed"]
    readonly_fields = ["source_row", "created_at", "updated_at"]


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
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
    list_display = ["__str__", "country", "locator", "described_on", "described_precision"]
    list_filter = ["source__reliability", "source__kind", CountryFilterForEditors]
    list_select_related = ["source", "country"]
    search_fields = ["source__title", "source__url", "locator", "quote"]
    autocomplete_fields = ["source", "country"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name_en", "slug", "order", "is_main"]
    search_fields = ["name_en", "name_ru", "slug"]
    inlines = [IndicatorValueInline]


@admin.register(Assessment)
class AssessmentAdmin(SpreadsheetMixin, FactAdmin):
    resource_classes = [AssessmentResource]
    list_display = ["country", "indicator", "value", "as_of", "published", "disputed"]
    list_filter = ["indicator", "value", *FactAdmin.list_filter, CountryFilterForEditors]
    list_select_related = ["country", "indicator", "value"]
    search_fields = ["country__name_en", "evidence"]
    autocomplete_fields = ["country", "indicator", *FactAdmin.autocomplete_fields]


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
