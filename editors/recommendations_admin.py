from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from editors import review
from editors.countries_admin import FactAdmin
from editors.scoping import CountryFilterForEditors, ReviewedAdminMixin
from recommendations.models import Addressee, Progress, Recommendation, Stance, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ru", "slug", "order"]
    search_fields = ["name_en", "name_ru"]


@admin.register(Addressee)
class AddresseeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ru", "slug", "order"]
    search_fields = ["name_en", "name_ru"]


class ProgressInline(admin.TabularInline):
    model = Progress
    extra = 0
    fields = ["country", "status", "as_of", "as_of_precision", "evidence", "published"]
    autocomplete_fields = ["country"]

    def get_queryset(self, request):
        return review.scope(super().get_queryset(request), request.user)

    def get_readonly_fields(self, request, obj=None):
        return [] if review.publishes_directly(request.user) else ["published"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = review.editable_country_ids(request.user)
        if db_field.name == "country" and ids is not None:
            kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Recommendation)
class RecommendationAdmin(ReviewedAdminMixin, SimpleHistoryAdmin):
    """Moderators keep the reports' recommendations; an editor's deletion is a change request."""

    list_display = ["label", "summary_en", "source", "section"]
    list_filter = ["source", "themes", "addressees"]
    list_select_related = ["source"]
    search_fields = ["label", "summary_en", "summary_ru", "text", "section"]
    autocomplete_fields = ["source", "countries"]
    filter_horizontal = ["themes", "addressees"]
    inlines = [ProgressInline]

    def get_readonly_fields(self, request, obj=None):
        """Editors record progress per country under a recommendation; the report's wording is not theirs to change."""
        if review.is_moderator(request.user):
            return super().get_readonly_fields(request, obj)
        return [f.name for f in self.model._meta.fields if f.name != "id"] + ["themes", "addressees", "countries"]

    def save_model(self, request, obj, form, change):
        if review.is_moderator(request.user):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if review.is_moderator(request.user):
            return super().save_related(request, form, formsets, change)
        for formset in formsets:
            formset.save(commit=False)
            for progress in formset.deleted_objects:
                review.delete(request.user, progress)
            for inline_form in formset.forms:
                if inline_form.has_changed() and inline_form not in formset.deleted_forms:
                    review.save(request.user, inline_form.instance)
        return None


class StanceInline(admin.TabularInline):
    """Which of the record's citations is the government's claim and which civil society's; kept by moderators,
    as they decide when a disagreement is shown."""

    model = Stance
    extra = 0
    autocomplete_fields = ["citation"]

    def _moderator(self, request) -> bool:
        return review.is_moderator(request.user)

    def has_add_permission(self, request, obj=None):
        return self._moderator(request)

    def has_change_permission(self, request, obj=None):
        return self._moderator(request)

    def has_delete_permission(self, request, obj=None):
        return self._moderator(request)


@admin.register(Progress)
class ProgressAdmin(FactAdmin):
    list_display = ["recommendation", "country", "status", "as_of", "published"]
    list_filter = ["status", *FactAdmin.list_filter, CountryFilterForEditors]
    list_select_related = ["recommendation__source", "country"]
    search_fields = ["recommendation__summary_en", "country__name_en", "evidence"]
    autocomplete_fields = ["recommendation", "country", *FactAdmin.autocomplete_fields]
    inlines = [StanceInline]
