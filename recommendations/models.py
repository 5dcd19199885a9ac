"""Recommendations of the regional meetings and how far each country has taken them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from countries.dates import Precision, display_date
from countries.models import Citation, Country, Fact, LabelledModel, Source, translated


class Theme(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return translated(self, "name")


class Addressee(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return translated(self, "name")


class Recommendation(LabelledModel):
    """One passage of a report: its wording, where it stands, and what kind of passage it is."""

    class Kind(models.TextChoices):
        # Listed in the order a report's items are shown: the report's own recommendations first.
        RECOMMENDATION = "recommendation", _("recommendation")
        CONCLUSION = "conclusion", _("conclusion or outcome")
        CRITICAL_ISSUE = "critical_issue", _("critical issue")
        WORKSHOP_PROPOSAL = "workshop_proposal", _("workshop proposal")
        SPEAKER_PROPOSAL = "speaker_proposal", _("speaker's proposal")

    class Reference(models.TextChoices):
        LABEL = "label", _("the report's own number")
        LOCATOR = "locator", _("locator")

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="recommendations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RECOMMENDATION)
    reference = models.CharField(_("reference"),
        max_length=10, choices=Reference.choices, default=Reference.LABEL,
        help_text=_("Whether the item is cited by the report's own number or, where the report prints none, by a locator."),
    )
    label = models.CharField(_("label"),
        max_length=40, blank=True, help_text=_("Only what the report itself prints: a number, a letter, a heading's number."),
    )
    locator = models.CharField(_("locator"),
        max_length=80, blank=True,
        help_text=_("Where the report prints no number: section, paragraph, list item and sentence, e.g. “§4.1 ¶3 •2”."),
    )
    speaker = models.CharField(_("speaker"), max_length=200, blank=True, help_text=_("For a speaker's proposal: who said it."))
    became = models.ForeignKey(
        "self", verbose_name=_("became"), null=True, blank=True, on_delete=models.SET_NULL, related_name="origins",
        help_text=_("The report's numbered recommendation this passage became."),
    )
    order = models.PositiveIntegerField(_("order"))
    section = models.CharField(_("section"), max_length=300, help_text=_("The report's section the wording stands in."))
    text = models.TextField(_("the report's wording"), help_text=_("Word for word; a cut is marked “[...]”."))
    summary_en = models.CharField(_("summary (English)"), max_length=300)
    summary_ru = models.CharField(_("summary (Russian)"), max_length=300, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="recommendations")
    addressees = models.ManyToManyField(Addressee, verbose_name=_("addressees"), blank=True, related_name="recommendations")
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="recommendations")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    history = HistoricalRecords(m2m_fields=[themes, addressees, countries])

    class Meta:
        ordering = ["source", "order"]
        verbose_name = _("recommendation")
        verbose_name_plural = pgettext_lazy("model name", "recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "label"], condition=~models.Q(label=""), name="recommendation_label_unique_per_source",
            ),
            models.UniqueConstraint(
                fields=["source", "locator"], condition=~models.Q(locator=""), name="recommendation_locator_unique_per_source",
            ),
            models.UniqueConstraint(fields=["source", "order"], name="recommendation_order_unique_per_source"),
            models.CheckConstraint(
                condition=(models.Q(reference="label") & ~models.Q(label="") & models.Q(locator=""))
                | (models.Q(reference="locator") & models.Q(label="") & ~models.Q(locator="")),
                name="recommendation_label_or_locator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.slug} {self.citation_key}"

    @property
    def citation_key(self) -> str:
        """The report's own number, or the locator where the report prints none."""
        return self.label if self.reference == self.Reference.LABEL else self.locator

    @property
    def summary(self) -> str:
        return translated(self, "summary")

    def clean(self):
        if not self.text.strip():
            raise ValidationError({"text": _("The report's wording is required.")})
        if self.reference == self.Reference.LABEL and (not self.label or self.locator):
            raise ValidationError({"label": _("Give the report's own number, and no locator.")})
        if self.reference == self.Reference.LOCATOR and (not self.locator or self.label):
            raise ValidationError({"locator": _("Give a locator, and no label: the report prints no number here.")})
        if self.became_id and (self.became_id == self.pk or self.became.source_id != self.source_id):
            raise ValidationError({"became": _("A passage can only become a recommendation of the same report.")})


class Progress(Fact):
    """How far one country has implemented one recommendation, as of a date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        PARTLY = "partly_implemented", _("partly implemented")
        IMPLEMENTED = "implemented", _("implemented")
        REVERSED = "reversed", _("reversed")

    recommendation = models.ForeignKey(Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="progress")
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = models.CharField(_("as of precision"), max_length=12, choices=Precision.choices, default=Precision.UNDATED)
    evidence = models.TextField(_("explanation (English)"), blank=True, help_text=_("One line: the country's situation."))
    evidence_ru = models.TextField(_("explanation (Russian)"), blank=True)
    citations = models.ManyToManyField(Citation, verbose_name=_("citations"), blank=True, related_name="progress")
    disagreement_en = models.TextField(
        _("what government and civil society disagree on (English)"), blank=True,
        help_text=_("One line, only where the sources state both sides; mark each side's citation under “Stances”."),
    )
    disagreement_ru = models.TextField(_("what government and civil society disagree on (Russian)"), blank=True)
    history = HistoricalRecords(m2m_fields=[citations])

    class Meta:
        ordering = ["recommendation", "country", "-as_of"]
        verbose_name = _("recommendation progress")
        verbose_name_plural = _("recommendation progress")
        constraints = [
            Fact.validity_constraint("progress_validity_range"),
            models.UniqueConstraint(fields=["recommendation", "country", "as_of"], name="progress_unique_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation} in {self.country.iso2}: {self.get_status_display()}"

    @property
    def as_of_display(self) -> str:
        return display_date(self.as_of, self.as_of_precision)

    @property
    def public_note(self) -> str:
        return translated(self, "note")

    @property
    def explanation(self) -> str:
        return translated(self, "evidence", english="evidence")

    @property
    def disagreement(self) -> str:
        return translated(self, "disagreement")

    def clean(self):
        super().clean()
        if bool(self.disagreement_en.strip()) != bool(self.disagreement_ru.strip()):
            raise ValidationError({"disagreement_ru": _("Say what the two sides disagree on in both English and Russian.")})

    def sides(self) -> list[tuple[str, list[Citation]]]:
        """Where the government and civil society disagree: each side's label and cited passages, government first.

        Empty unless the record says what they disagree on and cites both sides. Reads the prefetched `stances`
        (with their citations and sources), so a list of records costs one query for all their stances.
        """
        if not self.disagreement_en:
            return []
        by_side: dict[str, list[Citation]] = {side: [] for side in Stance.Side.values}
        for stance in self.stances.all():
            by_side[stance.side].append(stance.citation)
        if not all(by_side.values()):
            return []
        return [(Stance.Side(side).label, citations) for side, citations in by_side.items()]


class Stance(LabelledModel):
    """Whose claim one cited passage of a progress record is: the government's or civil society's.

    Recorded where the two disagree, so a reader sees both sides quoted rather than one taken as the fact.
    """

    class Side(models.TextChoices):
        GOVERNMENT = "government", _("government")
        CIVIL_SOCIETY = "civil_society", _("civil society")

    progress = models.ForeignKey(Progress, verbose_name=_("progress"), on_delete=models.CASCADE, related_name="stances")
    citation = models.ForeignKey(Citation, verbose_name=_("citation"), on_delete=models.CASCADE, related_name="stances")
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)

    class Meta:
        ordering = ["progress", "side", "citation"]
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        constraints = [
            models.UniqueConstraint(fields=["progress", "citation"], name="stance_one_side_per_citation"),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.citation}"

    def clean(self):
        if self.progress_id and self.citation_id and not self.progress.citations.filter(pk=self.citation_id).exists():
            raise ValidationError({"citation": _("Cite the passage as the record's evidence first.")})


class ReportNote(models.Model):
    """What a reader of a meeting report's page must know that the report's own details do not say.

    `note` is about the text (an attachment it refers to but lacks); `inferred` names each detail the text does not
    state, what PolicyHub infers for it and on what basis, so that an inference is never shown as the report's own.
    """

    source = models.OneToOneField(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="report_note")
    note_en = models.TextField(_("note on the text (English)"), blank=True)
    note_ru = models.TextField(_("note on the text (Russian)"), blank=True)
    inferred_en = models.TextField(_("inferred details and their basis (English)"), blank=True)
    inferred_ru = models.TextField(_("inferred details and their basis (Russian)"), blank=True)

    class Meta:
        verbose_name = _("report note")
        verbose_name_plural = _("report notes")

    def __str__(self) -> str:
        return self.source.slug

    @property
    def note(self) -> str:
        return translated(self, "note")

    @property
    def inferred(self) -> str:
        return translated(self, "inferred")
