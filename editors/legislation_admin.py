from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from editors.countries_admin import (
    DISPUTE_FIELDSET,
    FACT_HELP,
    FACT_LABELS,
    RECORD_FIELDSET,
    VALIDITY_FIELDSET,
    FactAdmin,
)
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
    fieldsets = [
        (None, {"fields": ["country", "title_en", "title_original", "title_ru", "original_language", "kind",
                           ("reference", "reference_ru"), "url"]}),
        (_("Status and dates"), {"fields": ["status", ("adopted_on", "adopted_precision"), ("valid_from", "valid_from_precision"),
                                             ("amended_on", "amended_precision"), ("valid_to", "valid_to_precision")]}),
        (_("Summary and sources"), {"fields": ["summary_en", "summary_ru", "citations"]}),
        DISPUTE_FIELDSET, RECORD_FIELDSET,
    ]
    field_labels = {
        **FACT_LABELS, "title_en": _("title (English)"), "title_original": _("title (original language)"),
        "title_ru": _("title (Russian)"), "original_language": _("original language"), "kind": _("kind of act"),
        "reference": _("reference number"), "reference_ru": _("reference number (Russian)"), "url": _("link to the text"), "status": _("status"),
        "adopted_on": _("adopted on"), "adopted_precision": _("how precise that date is"),
        "amended_on": _("latest amendment"), "amended_precision": _("how precise that date is"),
        "valid_from": _("in force from"), "valid_to": _("repealed on"), "summary_en": _("summary (English)"),
        "summary_ru": _("summary (Russian)"),
    }
    field_help = {
        **FACT_HELP,
        "title_en": _("How PolicyHub names the act in English; unique within the country."),
        "title_original": _("The act's title in its own language, as officially published."),
        "title_ru": _("The title in Russian, when the act is in another language."),
        "original_language": _("Code of the language the act is written in, e.g. ru, uk, ro, ka."),
        "reference": _("The act's official number, e.g. No. 2341-III."),
        "url": _("Preferably the official legal portal."),
        "status": _("In force, draft (not yet law) or repealed. A repealed act needs the date it was repealed."),
        "valid_from": _("The day the act entered into force."),
        "valid_to": _("The first day the act no longer applies; only for a repealed act."),
        "summary_en": _("What the act means for people who use drugs, in one or two sentences."),
    }


@admin.register(Article)
class ArticleAdmin(ReviewedAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "law", "title"]
    list_select_related = ["law__country"]
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
    # In the order an editor reads a threshold off the law: what, which tier, how much, where it is written, when.
    fieldsets = [
        (None, {"fields": ["country", "substance", ("substance_form", "substance_form_ru")]}),
        (_("Tier and the law's own term"), {"fields": ["tier", "term", ("term_en", "term_ru")]}),
        (_("Amount and unit"), {"fields": [("amount", "amount_max"), "amount_in", "amount_as_stated", "unit",
                                           ("counted_item", "counted_item_ru"), "basis"]}),
        (_("Law, article and sources"), {"fields": ["law", "article", "kind", "citations"]}),
        VALIDITY_FIELDSET, DISPUTE_FIELDSET, RECORD_FIELDSET,
    ]
    field_labels = {
        **FACT_LABELS, "substance": _("substance"), "substance_form": _("form of the substance"),
        "substance_form_ru": _("form (Russian)"), "tier": _("tier"), "term": _("the law's own term"),
        "term_en": _("term in English"), "term_ru": _("term in Russian"), "amount": _("amount"),
        "amount_max": _("upper end of a range"), "amount_in": _("is the amount itself past the line?"),
        "amount_as_stated": _("amount as the source writes it"), "unit": _("unit"), "counted_item": _("what is counted"),
        "counted_item_ru": _("what is counted (Russian)"), "basis": _("what is weighed"), "law": _("law"),
        "article": _("article"), "kind": _("kind of rule"),
    }
    field_help = {
        **FACT_HELP,
        "substance": _("The controlled substance this line is drawn for."),
        "substance_form": _("Only where the law tells forms apart, e.g. dried, fresh, resin."),
        "tier": _("Which line this is: the first the law draws (small), the second (large) or the third (especially large)."),
        "term": _("The law's own words for this tier, in the law's language, e.g. «значительный размер»."),
        "term_en": _("The term rendered into English."),
        "term_ru": _("The term rendered into Russian, when the law is in another language."),
        "amount": _("The figure the law sets, as a number; for a range, its lower end."),
        "amount_max": _("Only when the law gives a range, e.g. 0.5–2 g: the upper end."),
        "amount_in": _("“More than 0.5 g” and “up to 0.5 g” leave 0.5 g below the line; “from 0.5 g” puts it above."),
        "amount_as_stated": _("The source's own notation, e.g. “0,5 г”; required when the source gives no figure."),
        "unit": _("Grams, milligrams, millilitres, or counted units such as plants or tablets."),
        "counted_item": _("For counted units: what is counted, worded to agree with this line's amount (1 plant, "
                          "16 plants)."),
        "basis": _("Whether the whole mixture seized is weighed, or only the pure active substance."),
        "law": _("The act that sets this threshold; only your country's acts are offered."),
        "article": _("The article of that act; choose the law first."),
        "kind": _("Statutory and case-law rules make the country's threshold table; court-made limits, examples and "
                  "proposals are shown apart from it."),
    }

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        return obj.amount_display


@admin.register(Sanction)
class SanctionAdmin(SpreadsheetMixin, FactAdmin):
    resource_classes = [SanctionResource]
    list_display = ["country", "offence", "liability", "band_from", "band_to", "fine_display", "prison_display", "kind", "disputed"]
    list_filter = ["offence", "liability", "kind", *FactAdmin.list_filter, CountryFilterForEditors]
    list_select_related = ["country"]
    search_fields = ["country__name_en", "offence_detail", "penalty_summary", "article_as_stated"]
    autocomplete_fields = ["country", "substance", "law", "article", *FactAdmin.autocomplete_fields]
    filter_horizontal = ["alternatives"]
    # The offence and whom it concerns, the penalty, where the law says so, then when it applies.
    fieldsets = [
        (None, {"fields": ["country", "offence", ("offence_detail", "offence_detail_ru"), "condition",
                           ("condition_detail_en", "condition_detail_ru"), "substance", ("band_from", "band_to")]}),
        (_("Penalty"), {"fields": ["liability", ("fine_min", "fine_max", "fine_unit", "fine_unit_ru"), "detention_days_max",
                                   ("prison_months_min", "prison_months_max"), "community_work_hours_max",
                                   ("penalty_summary", "penalty_summary_ru"), "alternatives",
                                   ("alternatives_note", "alternatives_note_ru")]}),
        (_("Law, article and sources"), {"fields": ["law", "article", "article_as_stated", "kind", "citations"]}),
        VALIDITY_FIELDSET, DISPUTE_FIELDSET, RECORD_FIELDSET,
    ]
    field_labels = {
        **FACT_LABELS, "offence": _("offence"), "offence_detail": _("offence as the source describes it"),
        "offence_detail_ru": _("offence as described (Russian)"), "condition": _("applies to"),
        "substance": _("substance"), "band_from": _("from quantity band"), "band_to": _("to quantity band"),
        "liability": _("liability"), "fine_min": _("lowest fine"), "fine_max": _("highest fine"),
        "fine_unit": _("fine unit"), "fine_unit_ru": _("fine unit (Russian)"), "prison_months_min": _("shortest prison term, months"),
        "prison_months_max": _("longest prison term, months"), "community_work_hours_max": _("community work, hours at most"),
        "penalty_summary": _("penalty in one line"), "penalty_summary_ru": _("penalty in one line (Russian)"),
        "alternatives": _("alternatives to punishment"), "alternatives_note": _("alternatives as described"),
        "alternatives_note_ru": _("alternatives as described (Russian)"), "law": _("law"), "article": _("article"),
        "article_as_stated": _("article as the source cites it"), "kind": _("kind of rule"),
    }
    field_help = {
        **FACT_HELP,
        "offence": _("What the person did, in the categories PolicyHub compares across countries."),
        "liability": _("Criminal or administrative; “none” when the act is not punished."),
        "fine_min": _("In the fine unit; leave empty when the law sets no lower limit."),
        "fine_max": _("In the fine unit; leave empty when the law sets no fine."),
        "prison_months_max": _("Months; a year is 12."),
        "penalty_summary": _("The penalty as readers see it in the country's sanctions table."),
        "alternatives": _("What the law allows instead of punishment: treatment, education, diversion and the like."),
        "law": _("The act that sets this sanction; only your country's acts are offered."),
        "article": _("The article of that act; choose the law first."),
        "article_as_stated": _("The article as the source cites it, when it is not among the law's articles."),
        "kind": _("Statutory and case-law rules make the country's sanctions table; proposals are shown apart as not law."),
    }

    @admin.display(description=_("fine"), ordering="fine_max")
    def fine_display(self, obj):
        return obj.fine_display

    @admin.display(description=_("prison term"), ordering="prison_months_max")
    def prison_display(self, obj):
        return obj.prison_display
