"""What the composition app keeps for itself: the rendered PDF briefs and the site search's index."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from countries.models import Country, LabelledModel, translated


def brief_upload_to(instance, filename: str) -> str:
    return f"briefs/{instance.country.iso2.lower()}/{filename}"


class Brief(LabelledModel):
    """The newest rendered PDF brief for one country in one language, and the state of its next render."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        RENDERING = "rendering", _("rendering")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="briefs")
    language = models.CharField(_("language"), max_length=5, choices=[("en", "English"), ("ru", "Русский")], default="en")
    file = models.FileField(_("file"), upload_to=brief_upload_to, blank=True, help_text=_("The newest good PDF; kept when a render fails."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    stale = models.BooleanField(_("stale"), default=True, help_text=_("The data changed since the file was rendered."))
    error = models.TextField(_("error"), blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True, help_text=_("Hash of the data the file was made from."))
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration ms"), null=True, blank=True)
    render_started_at = models.DateTimeField(_("render started at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["country__name_en", "language"]
        db_table = "countries_brief"  # created by the core app before the brief moved here
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        constraints = [models.UniqueConstraint(fields=["country", "language"], name="brief_unique_per_language")]

    def __str__(self) -> str:
        return f"{self.country.name_en} ({self.language})"

    @property
    def is_current(self) -> bool:
        return bool(self.file) and not self.stale and self.status == self.Status.READY


class SearchEntry(models.Model):
    """One published record as the site search sees it: its text in both languages, stemmed, and where it lives.

    Kept current on every save and delete of the records it indexes (profiles.search), rebuilt by the seed.
    `stems` holds the stemmed words of both languages between spaces, so a whole-word match is a substring match
    on any database; on PostgreSQL `vector` holds the same text for full-text search in Russian and English.
    """

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveIntegerField(_("object id"))
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    url = models.CharField(_("URL"), max_length=300)
    stems = models.TextField(_("stems"), blank=True)
    vector = SearchVectorField(_("search vector"), null=True, editable=False)

    class Meta:
        db_table = "countries_searchentry"  # created by the core app before the search moved here
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title_en}"

    @property
    def title(self) -> str:
        return translated(self, "title")
