"""What a data release holds: its tables, every field's type and meaning in English and Russian, and the rows.

Only published facts go out, with the public fields the site shows; editors' notes, review state and timestamps
stay in. A reference to something that is not published (a draft law behind a published threshold) is left empty,
so that every foreign key in the package points at a row the package holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models

from countries.dates import Precision
from countries.models import Assessment, Citation, Country, Grade, Indicator, IndicatorValue, Source, SubRegion
from legislation.models import (
    Alternative,
    Article,
    Basis,
    FactKind,
    Law,
    Sanction,
    Substance,
    Threshold,
    Tier,
    Unit,
)
from recommendations.models import Addressee, Progress, Recommendation, ReportNote, Theme


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Frictionless Table Schema type: string, integer, number, boolean, date
    en: str
    ru: str
    choices: type[models.Choices] | None = None
    fk: tuple[str, str] | None = None  # (table, field) this field refers to
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    en: str
    ru: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[dict], list[dict]]
    # Foreign keys over several fields: (fields, table, referenced fields).
    composite_fks: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = field(default=())


def _f(name, type_, en, ru, **kw) -> Field:
    return Field(name, type_, en, ru, **kw)


def _id(what_en: str, what_ru: str) -> Field:
    return _f("id", "integer", f"PolicyHub's number for the {what_en}; stable between releases.",
              f"Номер записи ({what_ru}) в PolicyHub; не меняется между выпусками.", required=True)


def _slug(what_en: str, what_ru: str) -> Field:
    return _f("slug", "string", f"Short code of the {what_en}; stable between releases.",
              f"Краткий код ({what_ru}); не меняется между выпусками.", required=True)


def _country(required: bool = True) -> Field:
    return _f("country", "string", "ISO 3166-1 alpha-2 code of the country (see countries.csv).",
              "Код страны по ISO 3166-1 alpha-2 (см. countries.csv).", fk=("countries", "iso2"), required=required)


def _names(en_what: str, ru_what: str) -> tuple[Field, Field]:
    return (
        _f("name_en", "string", f"Name of the {en_what} in English.", f"Название ({ru_what}) на английском."),
        _f("name_ru", "string", f"Name of the {en_what} in Russian.", f"Название ({ru_what}) на русском."),
    )


def _dated(name: str, en: str, ru: str) -> tuple[Field, Field]:
    precision = {"as_of": "as_of_precision", "date": "date_precision"}.get(name, name.rsplit("_", 1)[0] + "_precision")
    return (
        _f(name, "date", en + " A date known only to the month or year is stored as its first day; see the precision.",
           ru + " Дата, известная с точностью до месяца или года, записана первым днём; см. точность."),
        _f(precision, "string", f"How precisely the source gives {name}.", f"С какой точностью источник указывает {name}.",
           choices=Precision),
    )


def _link(left: str, left_ref: tuple[str, str], right: str, right_ref: tuple[str, str],
          en: tuple[str, str], ru: tuple[str, str]) -> tuple[Field, Field]:
    """The two fields of a link table, each a foreign key."""
    def kind(ref):
        return "integer" if ref[1] == "id" else "string"
    return (
        _f(left, kind(left_ref), en[0], ru[0], fk=left_ref, required=True),
        _f(right, kind(right_ref), en[1], ru[1], fk=right_ref, required=True),
    )


FACT_FIELDS = (
    _f("valid_from", "date", "First day the fact applies (for a law, the day it entered into force).",
       "Первый день, с которого факт действует (для закона — день вступления в силу)."),
    _f("valid_from_precision", "string", "How precisely the source gives valid_from.",
       "С какой точностью источник указывает valid_from.", choices=Precision),
    _f("valid_to", "date", "First day the fact no longer applies; empty while it applies.",
       "Первый день, с которого факт больше не действует; пусто, пока действует."),
    _f("valid_to_precision", "string", "How precisely the source gives valid_to.",
       "С какой точностью источник указывает valid_to.", choices=Precision),
    _f("disputed", "boolean", "Sources disagree on this fact; shown as disputed until an editor resolves it.",
       "Источники расходятся; факт показан как спорный, пока редактор не разрешит спор.", required=True),
    _f("dispute_note", "string", "What the disagreement is.", "В чём состоит расхождение."),
    _f("dispute_group", "string", "Facts that contradict each other share this key.",
       "Противоречащие друг другу факты имеют одинаковый ключ."),
    _f("note_en", "string", "A caveat readers need, in English.", "Оговорка для читателей, на английском."),
    _f("note_ru", "string", "A caveat readers need, in Russian.", "Оговорка для читателей, на русском."),
)
FACT_VALUES = ("valid_from", "valid_from_precision", "valid_to", "valid_to_precision", "disputed", "dispute_note",
               "dispute_group", "note_en", "note_ru")


# --- rows ---------------------------------------------------------------------------------------------------------

def _rows(queryset, mapping: dict[str, str]) -> list[dict]:
    """Rows of a queryset as {field: value}, reading each field from the lookup `mapping` gives (or its own name)."""
    lookups = list(dict.fromkeys(mapping.values()))
    return [{name: row[lookup] for name, lookup in mapping.items()} for row in queryset.values(*lookups)]


def _plain(*names: str) -> dict[str, str]:
    return {name: name for name in names}


def _published_laws() -> set[int]:
    return set(Law.objects.published().values_list("pk", flat=True))


def _scope(state: dict) -> dict:
    """What the release holds, worked out once: published laws and articles, and the citations facts use."""
    if "laws" not in state:
        laws = _published_laws()
        state["laws"] = laws
        state["articles"] = set(Article.objects.filter(law_id__in=laws).values_list("pk", flat=True))
        links = {}
        for name, model in FACT_MODELS.items():
            through = model.citations.through
            column = f"{model._meta.model_name}_id"
            links[name] = list(
                through.objects.filter(**{f"{model._meta.model_name}__published": True})
                .values_list(column, "citation_id")
            )
        state["citation_links"] = links
        state["citations"] = {citation for pairs in links.values() for _, citation in pairs}
        cited_sources = set(Citation.objects.filter(pk__in=state["citations"]).values_list("source_id", flat=True))
        state["sources"] = cited_sources | set(Recommendation.objects.values_list("source_id", flat=True))
    return state


def _unless_unpublished(rows: list[dict], state: dict) -> list[dict]:
    for row in rows:
        if row.get("law") is not None and row["law"] not in state["laws"]:
            row["law"] = None
        if row.get("article") is not None and row["article"] not in state["articles"]:
            row["article"] = None
    return rows


def countries_rows(state):
    return _rows(Country.objects.all(), _plain("iso2", "iso3", "name_en", "name_ru", "slug", "subregion",
                                                "focus_region", "summary_en", "summary_ru"))


def gaps_rows(state):
    rows = []
    for iso2, gaps in Country.objects.values_list("iso2", "gaps"):
        for position, gap in enumerate(gaps or [], start=1):
            rows.append({"country": iso2, "position": position, "topic": gap.get("topic", ""),
                         "reason_en": gap.get("reason_en", ""), "reason_ru": gap.get("reason_ru", "")})
    return rows


def sources_rows(state):
    _scope(state)
    return _rows(Source.objects.filter(pk__in=state["sources"]), _plain(
        "slug", "title", "title_en", "kind", "grade", "publisher", "organisers", "place", "date", "date_end",
        "date_precision", "url", "document", "undated_reason", "reliability"))


def citations_rows(state):
    _scope(state)
    return _rows(Citation.objects.filter(pk__in=state["citations"]), {
        **_plain("id", "locator", "locator_ru", "quote", "quote_language", "quote_en", "quote_ru", "described_on",
                 "described_precision"),
        "source": "source__slug", "country": "country__iso2"})


def indicators_rows(state):
    return _rows(Indicator.objects.all(), _plain("slug", "name_en", "name_ru", "description_en", "description_ru",
                                                  "order", "is_main"))


def indicator_values_rows(state):
    return _rows(IndicatorValue.objects.all(), {"indicator": "indicator__slug",
                                                **_plain("slug", "label_en", "label_ru", "rank", "colour")})


def assessments_rows(state):
    return _rows(Assessment.objects.published(), {
        **_plain("id"), "country": "country__iso2", "indicator": "indicator__slug", "value": "value__slug",
        **_plain("as_of", "as_of_precision"), "evidence_en": "evidence",
        **_plain("evidence_ru", "reform", "reform_date", "reform_precision", *FACT_VALUES)})


def substances_rows(state):
    return _rows(Substance.objects.all(), _plain("slug", "name_en", "name_ru", "synonyms", "category", "un_schedule",
                                                  "order"))


def laws_rows(state):
    return _rows(Law.objects.published(), {
        **_plain("id"), "country": "country__iso2",
        **_plain("title_en", "title_original", "title_ru", "original_language", "kind", "reference", "reference_ru",
                 "adopted_on", "adopted_precision", "amended_on", "amended_precision", "status", "url", "summary_en", "summary_ru",
                 *FACT_VALUES)})


def articles_rows(state):
    _scope(state)
    return _rows(Article.objects.filter(pk__in=state["articles"]),
                 {"id": "id", "law": "law_id", **_plain("number", "title", "title_ru", "summary")})


def thresholds_rows(state):
    _scope(state)
    return _unless_unpublished(_rows(Threshold.objects.published(), {
        **_plain("id"), "country": "country__iso2", "substance": "substance__slug",
        **_plain("substance_form", "substance_form_ru"), "law": "law_id", "article": "article_id",
        **_plain("kind", "tier", "term", "term_en", "term_ru", "amount", "amount_max", "amount_in", "amount_as_stated",
                 "unit", "counted_item", "counted_item_ru", "basis", *FACT_VALUES)}), state)


def alternatives_rows(state):
    return _rows(Alternative.objects.all(), _plain("slug", "name_en", "name_ru"))


def sanctions_rows(state):
    _scope(state)
    return _unless_unpublished(_rows(Sanction.objects.published(), {
        **_plain("id"), "country": "country__iso2",
        **_plain("offence", "offence_detail", "offence_detail_ru", "condition", "condition_detail_en",
                 "condition_detail_ru"), "substance": "substance__slug",
        **_plain("band_from", "band_to", "kind", "liability"), "law": "law_id", "article": "article_id",
        **_plain("article_as_stated", "fine_min", "fine_max", "fine_unit", "fine_unit_ru", "detention_days_max", "prison_months_min",
                 "prison_months_max", "community_work_hours_max", "alternatives_note", "alternatives_note_ru",
                 "penalty_summary", "penalty_summary_ru", *FACT_VALUES)}), state)


def sanction_alternatives_rows(state):
    through = Sanction.alternatives.through
    return _rows(through.objects.filter(sanction__published=True),
                 {"sanction": "sanction_id", "alternative": "alternative__slug"})


def themes_rows(state):
    return _rows(Theme.objects.all(), _plain("slug", "name_en", "name_ru", "order"))


def addressees_rows(state):
    return _rows(Addressee.objects.all(), _plain("slug", "name_en", "name_ru", "order"))


def recommendations_rows(state):
    return _rows(Recommendation.objects.all(), {
        **_plain("id"), "source": "source__slug",
        **_plain("kind", "reference", "label", "locator", "speaker"), "became": "became_id",
        **_plain("order", "section", "text", "summary_en", "summary_ru")})


def _recommendation_links(field_name: str, target: str, lookup: str):
    def rows(state):
        through = getattr(Recommendation, field_name).through
        return _rows(through.objects.all(), {"recommendation": "recommendation_id", target: lookup})
    return rows


def progress_rows(state):
    return _rows(Progress.objects.published(), {
        **_plain("id"), "recommendation": "recommendation_id", "country": "country__iso2",
        **_plain("status", "as_of", "as_of_precision"), "evidence_en": "evidence",
        **_plain("evidence_ru", *FACT_VALUES)})


def report_notes_rows(state):
    _scope(state)
    return _rows(ReportNote.objects.filter(source_id__in=state["sources"]),
                 {"source": "source__slug", **_plain("note_en", "note_ru", "inferred_en", "inferred_ru")})


FACT_MODELS = {"laws": Law, "thresholds": Threshold, "sanctions": Sanction, "assessments": Assessment,
               "progress": Progress}


def _citation_links(table: str):
    column = table.removesuffix("s") if table != "progress" else "progress"

    def rows(state):
        _scope(state)
        return [{column: fact, "citation": citation} for fact, citation in state["citation_links"][table]]
    return rows


# --- tables -------------------------------------------------------------------------------------------------------

def _citation_table(table: str, en_what: str, ru_what: str) -> Table:
    column = table.removesuffix("s") if table != "progress" else "progress"
    return Table(
        f"{column}_citations", f"Citations of {en_what}", f"Ссылки на источники: {ru_what}",
        _link(column, (table, "id"), "citation", ("citations", "id"),
              (f"The {en_what.rstrip('s')} (see {table}.csv).", "The citation that supports it (see citations.csv)."),
              (f"Запись ({ru_what}, см. {table}.csv).", "Ссылка, которая её подтверждает (см. citations.csv).")),
        (column, "citation"), _citation_links(table),
    )


TABLES: tuple[Table, ...] = (
    Table("countries", "Countries", "Страны", (
        _f("iso2", "string", "ISO 3166-1 alpha-2 code (XK for Kosovo, a user-assigned code).",
           "Код ISO 3166-1 alpha-2 (XK для Косово — код, назначенный пользователем).", required=True),
        _f("iso3", "string", "ISO 3166-1 alpha-3 code.", "Код ISO 3166-1 alpha-3.", required=True),
        *_names("country", "страны"),
        _slug("country", "страны"),
        _f("subregion", "string", "Sub-region the country belongs to.", "Субрегион, к которому относится страна.",
           choices=SubRegion),
        _f("focus_region", "boolean", "Whether the country is in PolicyHub's EECA focus region.",
           "Входит ли страна в основной регион PolicyHub (ВЕЦА).", required=True),
        _f("summary_en", "string", "Summary of the legal environment, in English.",
           "Краткое описание правовой среды, на английском."),
        _f("summary_ru", "string", "Summary of the legal environment, in Russian.",
           "Краткое описание правовой среды, на русском."),
    ), ("iso2",), countries_rows),
    Table("country_gaps", "Known gaps", "Известные пробелы", (
        _country(),
        _f("position", "integer", "Order of the gap in the country's list.", "Порядковый номер пробела для страны.",
           required=True),
        _f("topic", "string", "What PolicyHub could not establish.", "Что PolicyHub не удалось установить."),
        _f("reason_en", "string", "Why, in English.", "Почему, на английском."),
        _f("reason_ru", "string", "Why, in Russian.", "Почему, на русском."),
    ), ("country", "position"), gaps_rows),
    Table("sources", "Sources", "Источники", (
        _slug("source", "источника"),
        _f("title", "string", "Title as the source gives it, in its own language.",
           "Название, как его даёт источник, на языке источника.", required=True),
        _f("title_en", "string", "Title in English, when the source's own is in another language.",
           "Название на английском, если собственное название на другом языке."),
        _f("kind", "string", "What kind of document the source is; sets its evidence grade.",
           "Вид документа; определяет уровень доказательности.", choices=Source.Kind),
        _f("grade", "string", "Evidence grade of the source (see the grades in the codebook).",
           "Уровень доказательности источника (см. уровни в кодовой книге).", choices=Grade, required=True),
        _f("publisher", "string", "Who published it.", "Кто опубликовал."),
        _f("organisers", "string", "For a meeting report: who organised the meeting.",
           "Для отчёта о встрече: организаторы встречи."),
        _f("place", "string", "For a meeting report: where the meeting took place.",
           "Для отчёта о встрече: место проведения."),
        *_dated("date", "Date of the source.", "Дата источника."),
        _f("date_end", "date", "Last day, for a source that spans several days (a meeting).",
           "Последний день, если источник охватывает несколько дней (встреча)."),
        _f("url", "string", "Where the source can be read.", "Где можно прочитать источник."),
        _f("document", "string", "Where the document is kept when it has no URL.",
           "Где хранится документ, если у него нет ссылки."),
        _f("undated_reason", "string", "Why the source has no date, when it has none.",
           "Почему у источника нет даты, если её нет."),
        _f("reliability", "string", "Low when the source is known to be unreliable.",
           "Низкая, если источник известен как ненадёжный.", choices=Source.Reliability),
    ), ("slug",), sources_rows),
    Table("citations", "Citations", "Ссылки на источники", (
        _id("citation", "ссылка"),
        _f("source", "string", "The source cited (see sources.csv).", "Цитируемый источник (см. sources.csv).",
           fk=("sources", "slug"), required=True),
        _country(required=False),
        _f("locator", "string", "Page, section or article of the source.", "Страница, раздел или статья источника."),
        _f("locator_ru", "string", "The locator in Russian (PolicyHub's rendering).",
           "Страница, раздел или статья источника по-русски (перевод PolicyHub)."),
        _f("quote", "string", "The source's own words, at most 30, in its language.",
           "Слова источника, не более 30, на его языке."),
        _f("quote_language", "string", "Language of the quote (ISO 639-1).", "Язык цитаты (ISO 639-1)."),
        _f("quote_en", "string", "The quote in English (PolicyHub's rendering).",
           "Цитата на английском (перевод PolicyHub)."),
        _f("quote_ru", "string", "The quote in Russian (PolicyHub's rendering).",
           "Цитата на русском (перевод PolicyHub)."),
        *_dated("described_on", "Date of the state of affairs the source describes.",
                "Дата положения дел, которое описывает источник."),
    ), ("id",), citations_rows),
    Table("indicators", "Legal-environment indicators", "Показатели правовой среды", (
        _slug("indicator", "показателя"),
        *_names("indicator", "показателя"),
        _f("description_en", "string", "What the indicator measures, in English.", "Что измеряет показатель, на английском."),
        _f("description_ru", "string", "What the indicator measures, in Russian.", "Что измеряет показатель, на русском."),
        _f("order", "integer", "Order in which PolicyHub lists indicators.", "Порядок показателей в PolicyHub."),
        _f("is_main", "boolean", "Shown first in country lists and on the map.",
           "Показывается первым в списках стран и на карте."),
    ), ("slug",), indicators_rows),
    Table("indicator_values", "Indicator values", "Значения показателей", (
        _f("indicator", "string", "The indicator (see indicators.csv).", "Показатель (см. indicators.csv).",
           fk=("indicators", "slug"), required=True),
        _slug("value", "значения"),
        _f("label_en", "string", "Label in English.", "Подпись на английском."),
        _f("label_ru", "string", "Label in Russian.", "Подпись на русском."),
        _f("rank", "integer", "Order from the most to the least punitive.", "Порядок от наиболее к наименее карательному."),
        _f("colour", "string", "Map colour, #rrggbb.", "Цвет на карте, #rrggbb."),
    ), ("indicator", "slug"), indicator_values_rows),
    Table("assessments", "Legal-environment assessments", "Оценки правовой среды", (
        _id("assessment", "оценка"),
        _country(),
        _f("indicator", "string", "The indicator assessed (see indicators.csv).", "Оценённый показатель (см. indicators.csv).",
           fk=("indicators", "slug"), required=True),
        _f("value", "string", "The country's value on the indicator (see indicator_values.csv).",
           "Значение страны по показателю (см. indicator_values.csv).", required=True),
        *_dated("as_of", "Date the assessment describes.", "Дата, к которой относится оценка."),
        _f("evidence_en", "string", "The evidence for the value, in English.", "Обоснование значения, на английском."),
        _f("evidence_ru", "string", "The evidence for the value, in Russian.", "Обоснование значения, на русском."),
        _f("reform", "string", "The latest reform bearing on it.", "Последняя реформа, касающаяся показателя."),
        *_dated("reform_date", "Date of that reform.", "Дата этой реформы."),
        *FACT_FIELDS,
    ), ("id",), assessments_rows,
        composite_fks=((("indicator", "value"), "indicator_values", ("indicator", "slug")),)),
    Table("substances", "Substances", "Вещества", (
        _slug("substance", "вещества"),
        *_names("substance", "вещества"),
        _f("synonyms", "string", "Other names, comma-separated.", "Другие названия, через запятую."),
        _f("category", "string", "Pharmacological category.", "Фармакологическая группа.", choices=Substance.Category,
           required=True),
        _f("un_schedule", "string", "Schedule under the UN drug conventions.", "Список по конвенциям ООН о наркотиках."),
        _f("order", "integer", "Order in which PolicyHub lists substances.", "Порядок веществ в PolicyHub."),
    ), ("slug",), substances_rows),
    Table("laws", "Laws", "Законы", (
        _id("law", "закон"),
        _country(),
        _f("title_en", "string", "Title in English.", "Название на английском.", required=True),
        _f("title_original", "string", "Title in the law's own language.", "Название на языке закона."),
        _f("title_ru", "string", "Title in Russian.", "Название на русском."),
        _f("original_language", "string", "The law's own language (ISO 639-1).", "Язык закона (ISO 639-1)."),
        _f("kind", "string", "What kind of instrument it is.", "Вид нормативного акта.", choices=Law.Kind, required=True),
        _f("reference", "string", "Official reference number.", "Официальный номер."),
        _f("reference_ru", "string", "The reference in Russian, where it has words to translate.",
           "Номер по-русски, если в нём есть слова для перевода."),
        *_dated("adopted_on", "Date of adoption.", "Дата принятия."),
        *_dated("amended_on", "Date of the latest amendment.", "Дата последней поправки."),
        _f("status", "string", "Whether it is in force, a draft or repealed.", "Действует, проект или отменён.",
           choices=Law.Status, required=True),
        _f("url", "string", "Link to the text.", "Ссылка на текст."),
        _f("summary_en", "string", "What it provides, in English.", "Что он устанавливает, на английском."),
        _f("summary_ru", "string", "What it provides, in Russian.", "Что он устанавливает, на русском."),
        *FACT_FIELDS,
    ), ("id",), laws_rows),
    Table("articles", "Articles of laws", "Статьи законов", (
        _id("article", "статья"),
        _f("law", "integer", "The law (see laws.csv).", "Закон (см. laws.csv).", fk=("laws", "id"), required=True),
        _f("number", "string", "The article's number as the law gives it, e.g. 228(1).",
           "Номер статьи, как в законе, например 228(1).", required=True),
        _f("title", "string", "The article's title in English.", "Название статьи на английском."),
        _f("title_ru", "string", "The article's title in Russian.", "Название статьи на русском."),
        _f("summary", "string", "What the article provides, in English.", "Что устанавливает статья, на английском."),
    ), ("id",), articles_rows),
    Table("thresholds", "Quantity thresholds", "Пороговые количества", (
        _id("threshold", "порог"),
        _country(),
        _f("substance", "string", "The substance (see substances.csv).", "Вещество (см. substances.csv).",
           fk=("substances", "slug"), required=True),
        _f("substance_form", "string", "Form of the substance, e.g. dried or resin, in English.",
           "Форма вещества, например высушенное или смола, на английском."),
        _f("substance_form_ru", "string", "Form of the substance, in Russian.", "Форма вещества, на русском."),
        _f("law", "integer", "The law that sets it (see laws.csv); empty when not known or not published.",
           "Закон, который его устанавливает (см. laws.csv); пусто, если неизвестен или не опубликован.",
           fk=("laws", "id")),
        _f("article", "integer", "The article (see articles.csv).", "Статья (см. articles.csv).", fk=("articles", "id")),
        _f("kind", "string", "What kind of rule it is; only statutory and case-law rules make the legal table.",
           "Вид нормы; в правовую таблицу входят только нормы закона и судебной практики.", choices=FactKind,
           required=True),
        _f("tier", "integer", "Which quantity tier the line opens (1 small, 2 large, 3 especially large).",
           "Какой размер открывает граница (1 небольшой, 2 крупный, 3 особо крупный).", choices=Tier, required=True),
        _f("term", "string", "The law's own term for the tier.", "Собственный термин закона для этого размера.",
           required=True),
        _f("term_en", "string", "The term in English.", "Термин на английском."),
        _f("term_ru", "string", "The term in Russian.", "Термин на русском."),
        _f("amount", "number", "The threshold amount, in unit; empty when the source states none.",
           "Пороговое количество в единицах unit; пусто, если источник его не называет."),
        _f("amount_max", "number", "Upper end, when the law gives a range.", "Верхняя граница, если закон даёт диапазон."),
        _f("amount_in", "string", "On which side of the line the amount itself falls.",
           "По какую сторону границы попадает само количество.", choices=Threshold.Side),
        _f("amount_as_stated", "string", "The source's own notation of the amount.", "Запись количества в источнике."),
        _f("unit", "string", "Unit of the amount.", "Единица количества.", choices=Unit, required=True),
        _f("counted_item", "string", "What is counted when the unit is counted units, in English.",
           "Что считается, если единица — штуки, на английском."),
        _f("counted_item_ru", "string", "The same, in Russian.", "То же, на русском."),
        _f("basis", "string", "Whether the amount is of the whole mixture or the pure substance.",
           "Относится ли количество ко всей смеси или к чистому веществу.", choices=Basis),
        *FACT_FIELDS,
    ), ("id",), thresholds_rows),
    Table("alternatives", "Alternatives to punishment", "Альтернативы наказанию", (
        _slug("alternative", "альтернативы"),
        *_names("alternative", "альтернативы"),
    ), ("slug",), alternatives_rows),
    Table("sanctions", "Sanctions", "Санкции", (
        _id("sanction", "санкция"),
        _country(),
        _f("offence", "string", "The offence.", "Правонарушение.", choices=Sanction.Offence, required=True),
        _f("offence_detail", "string", "How the source describes the offence, in English.",
           "Как источник описывает правонарушение, на английском."),
        _f("offence_detail_ru", "string", "The same, in Russian.", "То же, на русском."),
        _f("condition", "string", "Whom the penalty applies to.", "К кому применяется наказание.",
           choices=Sanction.Condition),
        _f("condition_detail_en", "string", "The condition in the law's words, in English.",
           "Условие словами закона, на английском."),
        _f("condition_detail_ru", "string", "The same, in Russian.", "То же, на русском."),
        _f("substance", "string", "The substance; empty when it applies to every substance.",
           "Вещество; пусто, если санкция относится ко всем веществам.", fk=("substances", "slug")),
        _f("band_from", "integer", "Threshold lines crossed at the lower end (0-3); empty when no quantity is set.",
           "Сколько пороговых границ пересечено в нижнем конце (0-3); пусто, если количество не задано."),
        _f("band_to", "integer", "Threshold lines crossed at the upper end (0-3); empty for no upper limit.",
           "Сколько пороговых границ пересечено в верхнем конце (0-3); пусто, если верхнего предела нет."),
        _f("kind", "string", "What kind of rule it is.", "Вид нормы.", choices=FactKind, required=True),
        _f("liability", "string", "Kind of liability.", "Вид ответственности.", choices=Sanction.Liability,
           required=True),
        _f("law", "integer", "The law (see laws.csv); empty when not known or not published.",
           "Закон (см. laws.csv); пусто, если неизвестен или не опубликован.", fk=("laws", "id")),
        _f("article", "integer", "The article (see articles.csv).", "Статья (см. articles.csv).", fk=("articles", "id")),
        _f("article_as_stated", "string", "The article as the source names it.", "Статья, как её называет источник."),
        _f("fine_min", "number", "Smallest fine, in fine_unit.", "Наименьший штраф, в fine_unit."),
        _f("fine_max", "number", "Largest fine, in fine_unit.", "Наибольший штраф, в fine_unit."),
        _f("fine_unit", "string", "Currency code or the law's fine unit.", "Код валюты или расчётная единица закона."),
        _f("fine_unit_ru", "string", "The fine unit in Russian, where it is not a currency code.",
           "Расчётная единица штрафа по-русски, если это не код валюты."),
        _f("detention_days_max", "integer", "Administrative detention, days at most.",
           "Административный арест, не более дней."),
        _f("prison_months_min", "number", "Shortest prison term, months.", "Наименьший срок лишения свободы, месяцев."),
        _f("prison_months_max", "number", "Longest prison term, months.", "Наибольший срок лишения свободы, месяцев."),
        _f("community_work_hours_max", "integer", "Community work, hours at most.", "Обязательные работы, не более часов."),
        _f("alternatives_note", "string", "Alternatives to punishment the law allows, in English.",
           "Альтернативы наказанию, которые допускает закон, на английском."),
        _f("alternatives_note_ru", "string", "The same, in Russian.", "То же, на русском."),
        _f("penalty_summary", "string", "The penalty in one line, in English.", "Наказание одной строкой, на английском."),
        _f("penalty_summary_ru", "string", "The same, in Russian.", "То же, на русском."),
        *FACT_FIELDS,
    ), ("id",), sanctions_rows),
    Table("sanction_alternatives", "Alternatives a sanction allows", "Альтернативы, допускаемые санкцией",
          _link("sanction", ("sanctions", "id"), "alternative", ("alternatives", "slug"),
                ("The sanction (see sanctions.csv).", "An alternative it allows (see alternatives.csv)."),
                ("Санкция (см. sanctions.csv).", "Допускаемая альтернатива (см. alternatives.csv).")),
          ("sanction", "alternative"), sanction_alternatives_rows),
    Table("themes", "Themes of recommendations", "Темы рекомендаций", (
        _slug("theme", "темы"), *_names("theme", "темы"),
        _f("order", "integer", "Order in which PolicyHub lists themes.", "Порядок тем в PolicyHub."),
    ), ("slug",), themes_rows),
    Table("addressees", "Addressees of recommendations", "Адресаты рекомендаций", (
        _slug("addressee", "адресата"), *_names("addressee", "адресата"),
        _f("order", "integer", "Order in which PolicyHub lists addressees.", "Порядок адресатов в PolicyHub."),
    ), ("slug",), addressees_rows),
    Table("recommendations", "Recommendations of regional meetings", "Рекомендации региональных встреч", (
        _id("recommendation", "рекомендация"),
        _f("source", "string", "The meeting report (see sources.csv).", "Отчёт о встрече (см. sources.csv).",
           fk=("sources", "slug"), required=True),
        _f("kind", "string", "What kind of passage of the report it is.", "Какой это фрагмент отчёта.",
           choices=Recommendation.Kind, required=True),
        _f("reference", "string", "Whether it is cited by the report's own number or by a locator.",
           "Цитируется ли он по номеру отчёта или по указателю места.", choices=Recommendation.Reference,
           required=True),
        _f("label", "string", "The report's own number; empty where the report prints none.",
           "Собственный номер в отчёте; пусто, если отчёт его не даёт."),
        _f("locator", "string", "Where the report prints no number: § section, ¶ paragraph, • list item, s sentence.",
           "Если номера нет: § раздел, ¶ абзац, • пункт списка, s предложение."),
        _f("speaker", "string", "For a speaker's proposal: who said it.", "Для предложения выступающего: кто его сделал."),
        _f("became", "integer", "The report's numbered recommendation this passage became (see id).",
           "Нумерованная рекомендация отчёта, которой стал этот фрагмент (см. id).", fk=("recommendations", "id")),
        _f("order", "integer", "Position in the report.", "Место в отчёте.", required=True),
        _f("section", "string", "The report's section the wording stands in.", "Раздел отчёта, где стоит текст."),
        _f("text", "string", "The report's wording, word for word; a cut is marked [...].",
           "Текст отчёта дословно; сокращение отмечено [...].", required=True),
        _f("summary_en", "string", "Summary in English.", "Краткое изложение на английском."),
        _f("summary_ru", "string", "Summary in Russian.", "Краткое изложение на русском."),
    ), ("id",), recommendations_rows),
    Table("recommendation_themes", "Themes of each recommendation", "Темы каждой рекомендации",
          _link("recommendation", ("recommendations", "id"), "theme", ("themes", "slug"),
                ("The recommendation (see recommendations.csv).", "A theme of it (see themes.csv)."),
                ("Рекомендация (см. recommendations.csv).", "Её тема (см. themes.csv).")),
          ("recommendation", "theme"), _recommendation_links("themes", "theme", "theme__slug")),
    Table("recommendation_addressees", "Addressees of each recommendation", "Адресаты каждой рекомендации",
          _link("recommendation", ("recommendations", "id"), "addressee",
                ("addressees", "slug"),
                ("The recommendation (see recommendations.csv).", "Whom it addresses (see addressees.csv)."),
                ("Рекомендация (см. recommendations.csv).", "Кому она адресована (см. addressees.csv).")),
          ("recommendation", "addressee"), _recommendation_links("addressees", "addressee", "addressee__slug")),
    Table("recommendation_countries", "Countries each recommendation names", "Страны, названные в рекомендации",
          _link("recommendation", ("recommendations", "id"), "country",
                ("countries", "iso2"),
                ("The recommendation (see recommendations.csv).", "A country it names (see countries.csv)."),
                ("Рекомендация (см. recommendations.csv).", "Названная в ней страна (см. countries.csv).")),
          ("recommendation", "country"), _recommendation_links("countries", "country", "country__iso2")),
    Table("progress", "Progress on recommendations", "Выполнение рекомендаций", (
        _id("progress record", "запись о выполнении"),
        _f("recommendation", "integer", "The recommendation (see recommendations.csv).",
           "Рекомендация (см. recommendations.csv).", fk=("recommendations", "id"), required=True),
        _country(),
        _f("status", "string", "How far the country has taken it.", "Насколько страна её выполнила.",
           choices=Progress.Status, required=True),
        *_dated("as_of", "Date the status describes.", "Дата, к которой относится статус."),
        _f("evidence_en", "string", "The country's situation in one line, in English.",
           "Положение в стране одной строкой, на английском."),
        _f("evidence_ru", "string", "The same, in Russian.", "То же, на русском."),
        *FACT_FIELDS,
    ), ("id",), progress_rows),
    Table("report_notes", "Notes on meeting reports", "Примечания к отчётам о встречах", (
        _f("source", "string", "The meeting report (see sources.csv).", "Отчёт о встрече (см. sources.csv).",
           fk=("sources", "slug"), required=True),
        _f("note_en", "string", "What a reader must know about the text, in English.",
           "Что читателю нужно знать о тексте, на английском."),
        _f("note_ru", "string", "The same, in Russian.", "То же, на русском."),
        _f("inferred_en", "string", "Details the text does not state, what PolicyHub infers and why, in English.",
           "Сведения, которых нет в тексте, что выводит PolicyHub и на каком основании, на английском."),
        _f("inferred_ru", "string", "The same, in Russian.", "То же, на русском."),
    ), ("source",), report_notes_rows),
    _citation_table("laws", "laws", "законы"),
    _citation_table("thresholds", "thresholds", "пороги"),
    _citation_table("sanctions", "sanctions", "санкции"),
    _citation_table("assessments", "assessments", "оценки"),
    _citation_table("progress", "progress records", "выполнение рекомендаций"),
)
TABLES_BY_NAME = {table.name: table for table in TABLES}


# --- cells --------------------------------------------------------------------------------------------------------

def cell(value) -> str:
    """A value as a CSV cell: empty for none, true/false, ISO dates, decimals without trailing zeros, every line
    break as a newline."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    # One kind of line break: the CSV writer does not quote a lone carriage return, and a reader then fails.
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def sort_key(table: Table, row: dict) -> tuple:
    types = {f.name: f.type for f in table.fields}
    return tuple(int(row[name]) if types[name] == "integer" else str(row[name]) for name in table.primary_key)
