from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from countries.admin import FactAdmin

from .models import Addressee, Progress, Recommendation, Theme


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


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["label", "summary_en", "source", "section"]
    list_filter = ["source", "themes", "addressees"]
    list_select_related = ["source"]
    search_fields = ["label", "summary_en", "summary_ru", "text", "section"]
    autocomplete_fields = ["source", "countries"]
    filter_horizontal = ["themes", "addressees"]
    inlines = [ProgressInline]


@admin.register(Progress)
class ProgressAdmin(FactAdmin):
    list_display = ["recommendation", "country", "status", "as_of", "published"]
    list_filter = ["status", *FactAdmin.list_filter, "country"]
    list_select_related = ["recommendation__source", "country"]
    search_fields = ["recommendation__summary_en", "country__name_en", "evidence"]
    autocomplete_fields = ["recommendation", "country", *FactAdmin.autocomplete_fields]
