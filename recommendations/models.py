"""Recommendations of the regional meetings and how far each country has taken them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.models import Citation, Country, Fact, Source, translated
from policyhub.dates import Precision, display_date


class Theme(models.Model):
    slug = models.SlugField(unique=True)
    name_en = models.CharField(max_length=120)
    name_ru = models.CharField(max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name_en"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return translated(self, "name")


class Addressee(models.Model):
    slug = models.SlugField(unique=True)
    name_en = models.CharField(max_length=120)
    name_ru = models.CharField(max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name_en"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return translated(self, "name")


class Recommendation(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="recommendations")
    label = models.CharField(max_length=40, help_text=_("As the report numbers or letters it."))
    order = models.PositiveIntegerField()
    section = models.CharField(max_length=300, help_text=_("The report's section the wording stands in."))
    text = models.TextField(_("the report's wording"))
    summary_en = models.CharField(_("summary (English)"), max_length=300)
    summary_ru = models.CharField(_("summary (Russian)"), max_length=300, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    addressees = models.ManyToManyField(Addressee, blank=True, related_name="recommendations")
    countries = models.ManyToManyField(Country, blank=True, related_name="recommendations")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords(m2m_fields=[themes, addressees, countries])

    class Meta:
        ordering = ["source", "order"]
        constraints = [
            models.UniqueConstraint(fields=["source", "label"], name="recommendation_label_unique_per_source"),
            models.UniqueConstraint(fields=["source", "order"], name="recommendation_order_unique_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.source.slug} {self.label}"

    @property
    def summary(self) -> str:
        return translated(self, "summary")

    def clean(self):
        if not self.text.strip():
            raise ValidationError({"text": _("The report's wording is required.")})


class Progress(Fact):
    """How far one country has implemented one recommendation, as of a date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        PARTLY = "partly_implemented", _("partly implemented")
        IMPLEMENTED = "implemented", _("implemented")
        REVERSED = "reversed", _("reversed")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="progress")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=20, choices=Status.choices)
    as_of = models.DateField(null=True, blank=True)
    as_of_precision = models.CharField(max_length=12, choices=Precision.choices, default=Precision.UNDATED)
    evidence = models.TextField(blank=True)
    citations = models.ManyToManyField(Citation, blank=True, related_name="progress")
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
