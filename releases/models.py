"""Citable, numbered snapshots of the published data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """One release: its files are in media storage under `folder` and never change once written."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    date = models.DateField(_("date"))
    size = models.PositiveBigIntegerField(_("size of the zip (bytes)"))
    sha256 = models.CharField(_("SHA-256 of the zip"), max_length=64)
    files = models.JSONField(_("files"), default=list, help_text=_("The release's files, relative to its folder."))
    changelog = models.JSONField(
        _("changelog summary"), default=dict,
        help_text=_("Per table: how many records were added, removed and changed since the previous release."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("data release")
        verbose_name_plural = _("data releases")
        constraints = [models.CheckConstraint(condition=models.Q(number__gte=1), name="release_number_positive")]

    def __str__(self) -> str:
        return f"{self.number} ({self.date.isoformat()})"

    @property
    def folder(self) -> str:
        return f"releases/{self.number}"

    @property
    def zip_name(self) -> str:
        return f"policyhub-data-{self.number}.zip"
