"""Countries, sources and citations, and the legal-environment map (indicators and assessments)."""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

import pycountry
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.dates import Precision, display_date

# Kosovo's user-assigned code, used by the EU and the UN's own statistics, is not in ISO 3166-1.
USER_ASSIGNED_CODES = {"XK": ("XKX", "Kosovo", "Косово")}


_held_language: ContextVar[str | None] = ContextVar("held_language", default=None)


def current_language() -> str:
    """The active language's code. Inside `language_held()` it is read from a context variable: Django's own look-up
    goes through a thread- and task-aware store costing more than the rest of a label's work, and one profile page
    asks some eight hundred times."""
    return _held_language.get() or get_language() or settings.LANGUAGE_CODE


@contextmanager
def language_held():
    """Hold the active language for a block that switches no language itself (no `translation.override` inside): the
    profile's selector and its content template."""
    token = _held_language.set(get_language() or settings.LANGUAGE_CODE)
    try:
        yield
    finally:
        _held_language.reset(token)


def reads_russian() -> bool:
    """The reader's language is Russian: pages, answers, exports and briefs then show the Russian fields."""
    return current_language().startswith("ru")


def translated(obj, field: str, english: str = "") -> str:
    """The Russian variant of a content field when the page is Russian and one exists; English otherwise.
    `english` names the English field when it is not `<field>_en` (a citation's `locator` beside `locator_ru`)."""
    if reads_russian():
        value = getattr(obj, f"{field}_ru", "")
        if value:
            return value
    return getattr(obj, english or f"{field}_en", "")


class LabelledModel(models.Model):
    """Choice labels read from one dict per field and language: Django rebuilds and hashes the whole list of (lazy)
    labels on every get_FOO_display call and translates the label each time, and a profile page makes about ninety."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        by_language = field.__dict__.setdefault("choice_labels", {})
        language = current_language()
        labels = by_language.get(language)
        if labels is None:
            labels = by_language[language] = {key: force_str(label) for key, label in field.flatchoices}
        return force_str(labels.get(value, value), strings_only=True)


class SubRegion(models.TextChoices):
    BALTIC_CENTRAL = "baltic-central-europe", _("Baltic and Central Europe")
    SOUTH_EAST = "south-east-europe", _("South-East Europe")
    EASTERN = "eastern-europe", _("Eastern Europe")
    SOUTH_CAUCASUS = "south-caucasus", _("South Caucasus")
    CENTRAL_ASIA = "central-asia", _("Central Asia")
    OTHER = "other", _("Outside the region")


def country_code(value: str) -> str:
    """A country code as stored: ISO 3166-1 alpha-2 in capitals ("ua", " UA " -> "UA")."""
    return value.strip().upper()


def country_codes(value: str) -> list[str]:
    """Several codes from a comma-separated list ("ua, md" -> ["UA", "MD"]), empty items dropped."""
    return [country_code(v) for v in value.split(",") if v.strip()]


class CountryQuerySet(models.QuerySet):
    def focus(self):
        return self.filter(focus_region=True)


class Country(LabelledModel):
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    subregion = models.CharField(_("sub-region"), max_length=30, choices=SubRegion.choices)
    focus_region = models.BooleanField(_("in the EECA focus region"), default=False)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    gaps = models.JSONField(
        _("known gaps"), default=list, blank=True,
        help_text=_("What PolicyHub could not establish, and why: a list of {topic, reason_en, reason_ru}."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_upper"),
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="country_iso3_upper"),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def summary(self) -> str:
        return translated(self, "summary")

    @property
    def gap_list(self) -> list[dict]:
        """The known gaps with the reason in the reader's language."""
        russian = reads_russian()
        return [{"topic": g.get("topic", ""), "reason": (g.get("reason_ru") if russian else None) or g.get("reason_en", "")}
                for g in self.gaps or []]

    def clean(self):
        if self.iso2 in USER_ASSIGNED_CODES:
            expected = USER_ASSIGNED_CODES[self.iso2][0]
        else:
            record = pycountry.countries.get(alpha_2=self.iso2 or "")
            if record is None:
                raise ValidationError({"iso2": _("%(code)s is not an ISO 3166-1 alpha-2 code.") % {"code": self.iso2}})
            expected = record.alpha_3
        if self.iso3 != expected:
            raise ValidationError({"iso3": _("The alpha-3 code for %(iso2)s is %(iso3)s.") % {"iso2": self.iso2, "iso3": expected}})


class Grade(models.TextChoices):
    """How strong the evidence behind a fact is, from what its source is."""

    A = "A", _("official text")
    B = "B", _("report")
    C = "C", _("news")
    D = "D", _("unverified")


GRADE_EXPLANATIONS = {
    Grade.A: _("The legal act itself (an official portal or a legal database reproducing the official text), or a court decision."),
    Grade.B: _("A report of an intergovernmental body, a research institution, an established NGO or a government."),
    Grade.C: _("News media or a law firm's explainer; worth checking against the act."),
    Grade.D: _("Anything else on the web; PolicyHub does not publish facts that rest only on such a source."),
}


def best_grade(grades) -> str | None:
    """The strongest of some grades (A is strongest); None when there are none."""
    grades = [g for g in grades if g]
    return min(grades) if grades else None


def fact_grade(fact, citations=None) -> str | None:
    """A fact's grade is its best citation's grade (uses the prefetched citations and their sources, or `citations`
    when the caller already holds them)."""
    if fact is None:
        return None
    if not hasattr(fact, "_grade"):
        if citations is None:
            manager = getattr(fact, "citations", None)
            citations = manager.all() if manager is not None else []
        fact._grade = best_grade(c.source.grade for c in citations)
    return fact._grade


def relies_on_weak_sources(fact, citations=None) -> bool:
    """Every citation of the fact is to a weak source. An uncited fact is unsourced, not weakly sourced: check_data
    refuses it when published, and it is shown as uncited rather than weak. `citations`: the fact's, when the caller
    already holds them."""
    citations = fact.citations.all() if citations is None else citations
    return bool(citations) and all(c.source.is_low_reliability for c in citations)


def in_force(fact, on: date) -> bool:
    """Whether a fact with validity dates applied on a date (valid_to is the first day it no longer applied)."""
    return (fact.valid_from is None or fact.valid_from <= on) and (fact.valid_to is None or fact.valid_to > on)


class Source(LabelledModel):
    """A document facts are taken from: a meeting report, a legal text, a country report, an article."""

    class Kind(models.TextChoices):
        MEETING_REPORT = "meeting_report", _("meeting report")
        LEGAL_TEXT = "legal_text", _("legal text")
        OFFICIAL = "official", _("official publication")
        NGO_REPORT = "ngo_report", _("NGO report")
        RESEARCH = "research", _("research or agency report")
        COURT = "court", _("court decision")
        NEWS = "news", _("news")
        LAW_FIRM = "law_firm", _("law firm or legal explainer")
        WEBSITE = "website", _("website")
        OTHER = "other", _("other")

    class Reliability(models.TextChoices):
        STANDARD = "standard", _("standard")
        LOW = "low", _("low reliability")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=500, help_text=_("As the source titles itself, in its own language."))
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    grade = models.CharField(
        _("evidence grade"), max_length=1, choices=Grade.choices, default=Grade.D, editable=False,
        help_text=_("Follows from the kind, unless an editor overrides it with a reason."),
    )
    grade_override = models.CharField(_("grade override"), max_length=1, choices=Grade.choices, blank=True)
    grade_reason = models.TextField(_("reason for the override"), blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    organisers = models.CharField(_("organisers"), max_length=500, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_end = models.DateField(_("date end"), null=True, blank=True)
    date_precision = models.CharField(_("date precision"), max_length=12, choices=Precision.choices, default=Precision.UNDATED)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    document = models.CharField(_("document"),
        max_length=300, blank=True, help_text=_("Where the document is kept when it has no URL (file name or archive reference).")
    )
    undated_reason = models.CharField(
        _("why there is no date"), max_length=300, blank=True, help_text=_("Required when the source gives no date.")
    )
    reliability = models.CharField(_("reliability"), max_length=10, choices=Reliability.choices, default=Reliability.STANDARD)
    note = models.TextField(_("editor's note (never shown to the public)"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_end__isnull=True) | Q(date__isnull=True) | Q(date_end__gte=F("date")),
                name="source_date_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        weak = self.reliability == self.Reliability.LOW
        self.grade = self.grade_override or (Grade.D if weak else KIND_GRADES.get(self.kind, Grade.D))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "grade"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.grade_override and not self.grade_reason.strip():
            raise ValidationError({"grade_reason": _("Say why the grade differs from what the kind gives.")})
        if self.date is None and not self.undated_reason.strip():
            raise ValidationError({"undated_reason": _("Give the date, or say why the source has none.")})
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("This date is in the future.")})

    @property
    def is_low_reliability(self) -> bool:
        return self.grade == Grade.D or self.reliability == self.Reliability.LOW

    @property
    def date_display(self) -> str:
        return display_date(self.date, self.date_precision)


KIND_GRADES = {
    Source.Kind.LEGAL_TEXT: Grade.A, Source.Kind.COURT: Grade.A,
    Source.Kind.RESEARCH: Grade.B, Source.Kind.NGO_REPORT: Grade.B, Source.Kind.OFFICIAL: Grade.B,
    Source.Kind.MEETING_REPORT: Grade.B,
    Source.Kind.NEWS: Grade.C, Source.Kind.LAW_FIRM: Grade.C,
    Source.Kind.WEBSITE: Grade.D, Source.Kind.OTHER: Grade.D,
}


class Citation(LabelledModel):
    """Where in a source a fact is stated, with the source's own words."""

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations")
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True, related_name="citations",
        help_text=_("The country the cited passage is about; decides which editors may change it."),
    )
    locator = models.CharField(_("page, section or article"), max_length=300, blank=True)
    locator_ru = models.CharField(_("page, section or article (Russian)"), max_length=300, blank=True)
    quote = models.TextField(_("quote"), blank=True, help_text=_("At most 30 words, in the source's own language."))
    quote_language = models.CharField(_("quote language"), max_length=10, blank=True)
    quote_en = models.TextField(_("quote in English"), blank=True)
    quote_ru = models.TextField(_("quote in Russian"), blank=True)
    described_on = models.DateField(_("date the source describes"), null=True, blank=True)
    described_precision = models.CharField(_("described precision"), max_length=12, choices=Precision.choices, default=Precision.UNDATED)
    note = models.TextField(_("editor's note (never shown to the public)"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["source__title", "locator", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self) -> str:
        return f"{self.source.title}{', ' + self.locator if self.locator else ''}"

    @property
    def described_display(self) -> str:
        return display_date(self.described_on, self.described_precision)

    @property
    def shown_locator(self) -> str:
        """The locator in the reader's language: `locator_ru` on Russian pages when there is one, else `locator`."""
        return translated(self, "locator", english="locator")


class FactQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_force(self, on: date | None = None):
        """Facts valid on a date (today by default): started on or before it, not ended by it."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gt=on))


class Fact(LabelledModel):
    """What every sourced statement shares: citations, validity, review state and dispute state."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_from_precision = models.CharField(_("valid from precision"), max_length=12, choices=Precision.choices, default=Precision.UNDATED)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("First day it no longer applies."))
    valid_to_precision = models.CharField(_("valid to precision"), max_length=12, choices=Precision.choices, default=Precision.DAY)
    published = models.BooleanField(_("published"), default=True, help_text=_("Only published facts are shown to the public."))
    disputed = models.BooleanField(_("disputed"), default=False, help_text=_("Sources disagree; shown as disputed until resolved."))
    dispute_note = models.TextField(_("dispute note"), blank=True)
    dispute_group = models.CharField(_("dispute group"),
        max_length=60, blank=True, help_text=_("Facts that contradict each other share this key, so each shows the other.")
    )
    note = models.TextField(_("editor's note (never shown to the public)"), blank=True)
    note_en = models.TextField(_("public note (English)"), blank=True, help_text=_("A caveat readers need."))
    note_ru = models.TextField(_("public note (Russian)"), blank=True)
    source_row = models.CharField(_("source row"), max_length=60, blank=True, help_text=_("The bundled data row this fact came from."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = FactQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("The validity range ends before it starts.")})

    @property
    def valid_from_display(self) -> str:
        return display_date(self.valid_from, self.valid_from_precision)

    @property
    def valid_to_display(self) -> str:
        return display_date(self.valid_to, self.valid_to_precision) if self.valid_to else ""

    @property
    def public_note(self) -> str:
        return translated(self, "note")

    @property
    def is_historical(self) -> bool:
        return self.valid_to is not None and self.valid_to <= timezone.localdate()

    @staticmethod
    def validity_constraint(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gt=F("valid_from")),
            name=name,
        )


class Indicator(models.Model):
    """A dimension of the legal environment, such as whether drug use itself is punished."""

    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_main = models.BooleanField(_("is main"), default=False, help_text=_("Shown in country lists and as a map choice first."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def description(self) -> str:
        return translated(self, "description")


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values")
    slug = models.SlugField(_("slug"))
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_ru = models.CharField(_("label (Russian)"), max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("Order from the most to the least punitive."))
    colour = models.CharField(_("colour"), max_length=7, help_text=_("Map colour, #rrggbb."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["indicator", "rank"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "slug"], name="indicator_value_slug_unique"),
            models.UniqueConstraint(fields=["indicator", "rank"], name="indicator_value_rank_unique"),
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="indicator_value_colour_hex"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.slug}: {self.label_en}"

    @property
    def label(self) -> str:
        return translated(self, "label")


class AssessmentQuerySet(FactQuerySet):
    def current(self, on: date | None = None) -> dict[tuple[int, int], "Assessment"]:
        """(country id, indicator id) -> the assessment that holds on a date (today by default): of those in force,
        the latest by as_of (undated counts as oldest), then the newest record. Evaluates the queryset."""
        return current_per_indicator(self.in_force(on), on=on or timezone.localdate())


def current_per_indicator(assessments, *, on: date) -> dict[tuple[int, int], "Assessment"]:
    """The same choice as AssessmentQuerySet.current, over assessments already loaded."""
    current = {}
    for assessment in assessments:
        if not in_force(assessment, on):
            continue
        key = (assessment.country_id, assessment.indicator_id)
        held = current.get(key)
        if held is None or (assessment.as_of or date.min, assessment.pk) > (held.as_of or date.min, held.pk):
            current[key] = assessment
    return current


class Assessment(Fact):
    """One country's value on one indicator, as of a date, with the evidence for it."""

    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="assessments")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="assessments")
    value = models.ForeignKey(IndicatorValue, verbose_name=_("value"), on_delete=models.PROTECT, related_name="assessments")
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = models.CharField(_("as of precision"), max_length=12, choices=Precision.choices, default=Precision.UNDATED)
    evidence = models.TextField(_("evidence (English)"), blank=True)
    evidence_ru = models.TextField(_("evidence (Russian)"), blank=True)
    reform = models.CharField(_("latest reform"), max_length=500, blank=True)
    reform_date = models.DateField(_("reform date"), null=True, blank=True)
    reform_precision = models.CharField(_("reform precision"), max_length=12, choices=Precision.choices, default=Precision.UNDATED)
    citations = models.ManyToManyField(Citation, verbose_name=_("citations"), blank=True, related_name="assessments")
    history = HistoricalRecords(m2m_fields=[citations])

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["country", "indicator", "-as_of"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [Fact.validity_constraint("assessment_validity_range")]

    def __str__(self) -> str:
        return f"{self.country.iso2} {self.indicator.slug}: {self.value.slug}"

    def clean(self):
        super().clean()
        if self.value_id and self.indicator_id and self.value.indicator_id != self.indicator_id:
            raise ValidationError({"value": _("This value belongs to another indicator.")})

    @property
    def as_of_display(self) -> str:
        return display_date(self.as_of, self.as_of_precision)

    @property
    def evidence_text(self) -> str:
        return translated(self, "evidence", english="evidence")

    @property
    def reform_display(self) -> str:
        return display_date(self.reform_date, self.reform_precision) if self.reform_date else ""


class DataVersion(models.Model):
    """A counter bumped by every change to the knowledge base: the key for ETags and cached responses."""

    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"data version {self.version}"

    CACHE_KEY = "data-version"
    CACHE_SECONDS = 60

    @classmethod
    def current(cls) -> "DataVersion":
        """The current version; from the shared cache when there is one (every request asks)."""
        if settings.DATA_VERSION_IN_CACHE:
            stored = cache.get(cls.CACHE_KEY)
            if stored is not None:
                return cls.from_cache(stored)
        obj = cls.objects.filter(pk=1).first() or cls(pk=1, version=0, changed_at=timezone.now())
        if settings.DATA_VERSION_IN_CACHE:
            # add, not set: a version written by a committing edit meanwhile must win over this older read.
            cache.add(cls.CACHE_KEY, (obj.version, obj.changed_at), cls.CACHE_SECONDS)
        return obj

    @classmethod
    def from_cache(cls, stored: tuple) -> "DataVersion":
        return cls(pk=1, version=stored[0], changed_at=stored[1])

    @classmethod
    def bump(cls) -> None:
        updated = cls.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now())
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": timezone.now()})
        if settings.DATA_VERSION_IN_CACHE:
            # Until the edit commits, readers in this transaction see the new version from the database and
            # others the old one; once it commits, everyone reads the new one from the cache.
            cache.delete(cls.CACHE_KEY)
            new = cls.objects.get(pk=1)
            transaction.on_commit(lambda: cache.set(cls.CACHE_KEY, (new.version, new.changed_at), cls.CACHE_SECONDS))
