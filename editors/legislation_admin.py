from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from editors.countries_admin import FactAdmin
from editors.resources import LawResource, SanctionResource, ThresholdResource
from editors.scoping import CountryFilterForEditors, ReviewedAdminMixin, SpreadsheetMixin
from legislation.models import Alternative, Article, Law, Sanction, Substance, Threshold


@admin.register(Substance)
class SubstanceAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "name_ru", "slug", "category", "un_schedule"]
    list_filter = ["category"]
    search_fields = ["name_en", "name_ru", "synonyms", "slug"]


@admin.register(Alternative)
class AlternativeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ru", "slug"]
    search_fields = ["name_en", "name_ru"]


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0


class ThresholdInline(admin.TabularInline):
    model = Threshold
    extra = 0
    fields = ["substance", "tier", "term", "amount", "amount_in", "unit", "basis", "kind", "valid_from", "valid_to"]
    autocomplete_fields = ["substance"]


class SanctionInline(admin.TabularInline):
    model = Sanction
    extra = 0
    fields = ["offence", "liability", "band_from", "band_to", "fine_min", "fine_max", "fine_unit", "prison_months_max"]


@admin.register(Law)
class LawAdmin(SpreadsheetMixin, FactAdmin):
    resource_classes = [LawResource]
    list_display = ["title_en", "country", "kind", "status", "valid_from", "valid_to", "published"]
    list_filter = ["status", "kind", *FactAdmin.list_filter, CountryFilterForEditors]
    list_select_related = ["country"]
    search_fields = ["title_en", "title_original", "reference"]
    autocomplete_fields = ["country", *FactAdmin.autocomplete_fields]
    inlines = [ArticleInline, ThresholdInline, SanctionInline]


@admin.register(Article)
class ArticleAdmin(ReviewedAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "law", "title"]
    list_select_related = ["law"]
    search_fields = ["number", "title", "law__title_en"]
    autocomplete_fields = ["law"]


@admin.register(Threshold)
class ThresholdAdmin(SpreadsheetMixin, FactAdmin):
    resource_classes = [ThresholdResource]
    list_display = ["country", "substance", "tier", "term", "amount_display", "basis", "kind", "valid_from", "valid_to", "disputed"]
    list_filter = ["kind", "tier", "basis", *FactAdmin.list_filter, "substance", CountryFilterForEditors]
    list_select_related = ["country", "substance"]
    search_fields = ["country__name_en", "substance__name_en", "term", "amount_as_stated"]
    autocomplete_fields = ["country", "substance", "law", "article", *FactAdmin.autocomplete_fields]


@admin.register(Sanction)
class SanctionAdmin(SpreadsheetMixin, FactAdmin):
    resource_classes = [SanctionResource]
    list_display = ["country", "offence", "liability", "band_from", "band_to", "fine_display", "prison_display", "kind", "disputed"]
    list_filter = ["offence", "liability", "kind", *FactAdmin.list_filter, CountryFilterForEditors]
    list_select_related = ["country"]
    search_fields = ["country__name_en", "offence_detail", "penalty_summary", "article_as_stated"]
    autocomplete_fields = ["country", "substance", "law", "article", *FactAdmin.autocomplete_fields]
    filter_horizontal = ["alternatives"]
