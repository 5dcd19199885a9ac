"""What a reader sees of a published change to a sourced fact: what was added, removed or changed, and for a change
which public fields went from what to what.

Changes are read from the facts' simple-history records. A record is compared with the one before it for the same
fact; only fields the public sees are compared (never the editor's note or bookkeeping), and a field that has an
English and a Russian variant is compared as the reader sees it, so a Russian reader is told about a new Russian
wording and an English reader about the English one.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from countries.dates import display_date
from countries.models import Assessment, Country, reads_russian
from legislation.models import shown_article, shown_law

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
# Whole phrases, not kind + action: in Russian the verb agrees with the noun (порог изменён, санкция изменена).
HEADLINES = {
    ("threshold", ADDED): gettext_lazy("threshold added"),
    ("threshold", CHANGED): gettext_lazy("threshold changed"),
    ("threshold", REMOVED): gettext_lazy("threshold removed"),
    ("sanction", ADDED): gettext_lazy("sanction added"),
    ("sanction", CHANGED): gettext_lazy("sanction changed"),
    ("sanction", REMOVED): gettext_lazy("sanction removed"),
    ("assessment", ADDED): gettext_lazy("legal-environment value added"),
    ("assessment", CHANGED): gettext_lazy("legal-environment value changed"),
    ("assessment", REMOVED): gettext_lazy("legal-environment value removed"),
    ("law", ADDED): gettext_lazy("law added"),
    ("law", CHANGED): gettext_lazy("law changed"),
    ("law", REMOVED): gettext_lazy("law removed"),
    ("progress", ADDED): gettext_lazy("progress record added"),
    ("progress", CHANGED): gettext_lazy("progress record changed"),
    ("progress", REMOVED): gettext_lazy("progress record removed"),
}


@dataclass(frozen=True)
class Shown:
    """One public field as a reader sees it: its label, the field (or English and Russian fields), and the field
    holding a date's precision."""

    label: object
    name: str
    name_ru: str = ""
    precision: str = ""


FACT_FIELDS = [
    Shown(gettext_lazy("in force from"), "valid_from", precision="valid_from_precision"),
    Shown(gettext_lazy("no longer applies from"), "valid_to", precision="valid_to_precision"),
    Shown(gettext_lazy("disputed"), "disputed"),
    Shown(gettext_lazy("dispute"), "dispute_note"),
    Shown(gettext_lazy("note"), "note_en", "note_ru"),
]


def _tracked():
    """Each kind of fact whose changes are published: (model, key, label, related fields to load, public fields)."""
    from legislation.models import Law, Sanction, Threshold
    from recommendations.models import Progress

    return [
        (Threshold, "threshold", gettext_lazy("threshold"), ["substance", "law", "article"], [
            Shown(gettext_lazy("substance"), "substance"),
            Shown(gettext_lazy("substance form"), "substance_form", "substance_form_ru"),
            Shown(gettext_lazy("tier"), "tier"),
            Shown(gettext_lazy("the law's own term"), "term"),
            Shown(gettext_lazy("term"), "term_en", "term_ru"),
            Shown(gettext_lazy("amount"), "amount"),
            Shown(gettext_lazy("upper amount"), "amount_max"),
            Shown(gettext_lazy("the amount itself falls"), "amount_in"),
            Shown(gettext_lazy("amount as the source states it"), "amount_as_stated"),
            Shown(gettext_lazy("unit"), "unit"),
            Shown(gettext_lazy("counted item"), "counted_item", "counted_item_ru"),
            Shown(gettext_lazy("measured as"), "basis"),
            Shown(gettext_lazy("kind of rule"), "kind"),
            Shown(gettext_lazy("law"), "law"),
            Shown(gettext_lazy("article"), "article"),
            *FACT_FIELDS,
        ]),
        (Sanction, "sanction", gettext_lazy("sanction"), ["substance", "law", "article"], [
            Shown(gettext_lazy("offence"), "offence"),
            Shown(gettext_lazy("offence as described"), "offence_detail", "offence_detail_ru"),
            Shown(gettext_lazy("applies to"), "condition"),
            Shown(gettext_lazy("condition"), "condition_detail_en", "condition_detail_ru"),
            Shown(gettext_lazy("substance"), "substance"),
            Shown(gettext_lazy("from quantity band"), "band_from"),
            Shown(gettext_lazy("to quantity band"), "band_to"),
            Shown(gettext_lazy("liability"), "liability"),
            Shown(gettext_lazy("fine from"), "fine_min"),
            Shown(gettext_lazy("fine up to"), "fine_max"),
            Shown(gettext_lazy("fine unit"), "fine_unit", "fine_unit_ru"),
            Shown(gettext_lazy("administrative detention, days at most"), "detention_days_max"),
            Shown(gettext_lazy("prison, months at least"), "prison_months_min"),
            Shown(gettext_lazy("prison, months at most"), "prison_months_max"),
            Shown(gettext_lazy("community work, hours at most"), "community_work_hours_max"),
            Shown(gettext_lazy("alternatives"), "alternatives_note", "alternatives_note_ru"),
            Shown(gettext_lazy("penalty"), "penalty_summary", "penalty_summary_ru"),
            Shown(gettext_lazy("kind of rule"), "kind"),
            Shown(gettext_lazy("law"), "law"),
            Shown(gettext_lazy("article"), "article"),
            Shown(gettext_lazy("article as the source states it"), "article_as_stated"),
            *FACT_FIELDS,
        ]),
        (Assessment, "assessment", gettext_lazy("legal-environment value"), ["indicator", "value"], [
            Shown(gettext_lazy("indicator"), "indicator"),
            Shown(gettext_lazy("value"), "value"),
            Shown(gettext_lazy("as of"), "as_of", precision="as_of_precision"),
            Shown(gettext_lazy("explanation"), "evidence", "evidence_ru"),
            Shown(gettext_lazy("latest reform"), "reform"),
            Shown(gettext_lazy("reform date"), "reform_date", precision="reform_precision"),
            *FACT_FIELDS,
        ]),
        (Law, "law", gettext_lazy("law"), [], [
            Shown(gettext_lazy("title"), "title_en", "title_ru"),
            Shown(gettext_lazy("title in the original language"), "title_original"),
            Shown(gettext_lazy("kind"), "kind"),
            Shown(gettext_lazy("status"), "status"),
            Shown(gettext_lazy("reference number"), "reference", "reference_ru"),
            Shown(gettext_lazy("adopted"), "adopted_on", precision="adopted_precision"),
            Shown(gettext_lazy("latest amendment"), "amended_on", precision="amended_precision"),
            Shown(gettext_lazy("link to the text"), "url"),
            Shown(gettext_lazy("summary"), "summary_en", "summary_ru"),
            *FACT_FIELDS,
        ]),
        (Progress, "progress", gettext_lazy("progress"), ["recommendation"], [
            Shown(gettext_lazy("recommendation"), "recommendation"),
            Shown(gettext_lazy("status"), "status"),
            Shown(gettext_lazy("as of"), "as_of", precision="as_of_precision"),
            Shown(gettext_lazy("explanation"), "evidence", "evidence_ru"),
            *FACT_FIELDS,
        ]),
    ]


@dataclass
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass
class Change:
    when: datetime
    action: str
    kind: str
    text: str
    country: Country | None
    user: str = ""
    grade: str | None = None  # the evidence grade of the fact as it stands now
    fields: list[FieldChange] = field(default_factory=list)  # before and after of each changed public field
    change: str = ADDED  # ADDED, CHANGED or REMOVED, whatever the reader's language
    key: str = ""  # the kind of fact: threshold, sanction, assessment, law, progress
    record_id: int | None = None
    history_id: int | None = None

    @property
    def headline(self) -> str:
        """What happened, as one phrase in the reader's language ("порог изменён")."""
        return str(HEADLINES.get((self.key, self.change), f"{self.kind} {self.action}"))


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if reads_russian() else text


def _related_text(obj) -> str:
    for attribute in ("label", "title", "name", "summary"):
        text = getattr(obj, attribute, None)
        if isinstance(text, str) and text:
            return text
    if hasattr(obj, "number") and hasattr(obj, "law_id"):
        return _("art. %(number)s") % {"number": obj.number}
    return str(obj)


def _value(record, shown: Shown):
    """The raw value of a public field in a history record (the reader's language variant when there are two)."""
    if shown.name_ru:
        english, russian = getattr(record, shown.name), getattr(record, shown.name_ru)
        return russian if reads_russian() and russian else english
    model_field = record._meta.get_field(shown.name)
    if model_field.is_relation:
        # A fact's law (and so its article) is not shown while the law is unpublished.
        hidden = {"law": shown_law, "article": shown_article}.get(shown.name)
        if hidden is not None and hidden(record) is None:
            return None
        return getattr(record, model_field.attname)
    value = getattr(record, shown.name)
    if shown.precision:
        return (value, getattr(record, shown.precision)) if value else None
    return value


def _display(record, shown: Shown, value) -> str:
    if value is None:
        return "—"
    model_field = record._meta.get_field(shown.name)
    if model_field.is_relation:
        try:
            return _related_text(getattr(record, shown.name))
        except model_field.related_model.DoesNotExist:
            return f"#{value}"
    if shown.precision:
        return display_date(*value)
    if model_field.choices and not shown.name_ru:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def field_changes(before, after, shown_fields: list[Shown]) -> list[FieldChange]:
    """The public fields that differ between two history records of one fact, as the reader sees them."""
    changes = []
    for shown in shown_fields:
        old, new = _blank(_value(before, shown)), _blank(_value(after, shown))
        if old == new:
            continue
        changes.append(FieldChange(shown.name, str(shown.label), _display(before, shown, old),
                                   _display(after, shown, new)))
    return changes


def _blank(value):
    """Empty text, no value and "not disputed" are all nothing to report."""
    return None if value is None or value is False or value == "" else value


def _is_public(record) -> bool:
    return record is not None and record.history_type != "-" and record.published


def describe(model, record, previous, *, spec=None) -> Change | None:
    """The change a history record makes to what the public sees, or None when it makes none (a draft saved, a
    citation added, a field the public does not see)."""
    model_, key, label, _related, shown_fields = spec or next(s for s in _tracked() if s[0] is model)
    before = previous if _is_public(previous) else None
    after = record if _is_public(record) else None
    if before is None and after is None:
        return None
    if before is None:
        action, fields = ADDED, []
    elif after is None:
        action, fields = REMOVED, []
    else:
        action, fields = CHANGED, field_changes(before, after, shown_fields)
        if not fields:
            return None
    words = {ADDED: _("added"), CHANGED: _("changed"), REMOVED: _("removed")}
    return Change(
        when=record.history_date, action=words[action], kind=str(label), text=summary(key, after or before),
        country=getattr(record, "country", None), fields=fields, change=action, key=key,
        record_id=record.id, history_id=record.history_id,
    )


def summary(key: str, r) -> str:
    """One line naming a fact, in the reader's language, from a history record."""

    def local(english: str, russian: str) -> str:
        return russian if reads_russian() and russian else english

    if key == "threshold":
        amount = r.amount_as_stated or f"{_display(r, Shown('', 'amount'), r.amount)} {r.get_unit_display()}"
        return f"{r.substance.name if r.substance else ''} ({r.term}): {amount}"
    if key == "sanction":
        return (f"{r.get_offence_display()} — {r.get_liability_display()}: "
                f"{local(r.penalty_summary, r.penalty_summary_ru) or local(r.offence_detail, r.offence_detail_ru)}")
    if key == "assessment":
        return f"{r.indicator.name if r.indicator else ''}: {r.value.label if r.value else ''}"
    if key == "law":
        return f"{local(r.title_en, r.title_ru)} ({r.get_status_display()})"
    return f"{r.recommendation.summary if r.recommendation else ''}: {r.get_status_display()}"


def with_previous(history):
    """History records annotated with the id of the same fact's record just before each (`previous_id`)."""
    earlier = history.model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    ).values("history_id")[:1]
    return history.annotate(previous_id=Subquery(earlier))


def published_changes(*, limit: int, country_ids=None, since: datetime | None = None,
                      until: datetime | None = None, key: str | None = None) -> list[Change]:
    """The latest changes the public saw, newest first, with before and after values. Three queries per kind of fact
    whatever the amount of data (records, the records before them, and the facts' grades).

    `country_ids` None means every country; `since` and `until` bound the time of the change (since excluded).
    """
    from countries.models import fact_grade
    from countries.selectors import citations_prefetch

    changes = []
    for spec in _tracked():
        model, spec_key, _label, related, _shown = spec
        if key is not None and spec_key != key:
            continue
        history = model.history.filter(published=True).select_related("country", *related).order_by("-history_date")
        # A record taken back from the public takes its earlier published versions with it.
        history = history.exclude(id__in=model.objects.filter(published=False).values("pk"))
        # So does one deleted while unpublished (its deletion record keeps the flag).
        history = history.exclude(id__in=model.history.filter(history_type="-", published=False).values("id"))
        if country_ids is not None:
            history = history.filter(country_id__in=country_ids)
        if since is not None:
            history = history.filter(history_date__gt=since)
        if until is not None:
            history = history.filter(history_date__lte=until)
        # Saves the public does not see (a citation added, a draft's edits) are dropped below, so look further back.
        window = with_previous(history)[:limit * 3]
        records = list(window)
        # Subqueries rather than lists of ids: an empty list would skip its query and make the count vary.
        previous = {r.history_id: r for r in model.history.filter(
            history_id__in=window.values("previous_id")).select_related("country", *related)}
        live = model.objects.filter(pk__in=window.values("id")).prefetch_related(citations_prefetch())
        grades = {fact.pk: fact_grade(fact) for fact in live}
        for record in records:
            change = describe(model, record, previous.get(record.previous_id), spec=spec)
            if change is not None:
                change.grade = grades.get(record.id)
                changes.append(change)
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def tracked_models() -> list:
    return [spec[0] for spec in _tracked()]


def change_of(model, history_id: int) -> Change | None:
    """The public change one history record makes, or None (for a webhook or a single-record view)."""
    spec = next(s for s in _tracked() if s[0] is model)
    related = spec[3]
    record = with_previous(model.history.filter(history_id=history_id)).select_related("country", *related).first()
    if record is None:
        return None
    previous = None
    if record.previous_id:
        previous = model.history.select_related("country", *related).filter(history_id=record.previous_id).first()
    return describe(model, record, previous, spec=spec)


def key_of(model) -> str:
    return next(s[1] for s in _tracked() if s[0] is model)
