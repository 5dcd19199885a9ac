"""NGO organisations, the countries their editors may change, changes waiting for review, and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from countries.models import Country


class Organization(models.Model):
    """An NGO whose members keep the records of its countries current."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="organizations")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="organizations")
    can_publish = models.BooleanField(
        _("trusted to publish"), default=False,
        help_text=_("Its editors' changes go public at once instead of waiting for a moderator."),
    )
    history = HistoricalRecords(m2m_fields=[countries, members])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class ChangeRequest(models.Model):
    """An editor's change to a published record, kept aside until a moderator publishes or rejects it."""

    class Action(models.TextChoices):
        CREATE = "create", _("new record")
        UPDATE = "update", _("change")
        DELETE = "delete", _("deletion")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending review")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")

    content_type = models.ForeignKey(ContentType, verbose_name=_("content type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, null=True, blank=True, related_name="change_requests",
        help_text=_("Empty for shared records (sources, recommendations), which only moderators review."),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    data = models.JSONField(_("data"), default=dict, blank=True, help_text=_("Proposed values, by field name."))
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="change_requests")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, null=True, blank=True, related_name="reviewed_changes"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        permissions = [("publish_changes", "Can publish editors' changes")]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.summary}"


class ApiToken(models.Model):
    """An API key, kept only as its SHA-256: the key itself is shown once, when it is made, and is in no backup."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("What the key is for, e.g. the partner's sync."))
    prefix = models.CharField(_("prefix"), max_length=8, editable=False, help_text=_("The key's first characters, to tell keys apart."))
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str = "") -> tuple["ApiToken", str]:
        """A new key for `user`: the stored token and the key, which is not kept anywhere."""
        key = secrets.token_hex(20)
        return cls.objects.create(user=user, name=name, prefix=key[:8], digest=cls.digest_of(key)), key


class Correction(models.Model):
    """A reader's report that a published fact is wrong, with the value and source they propose.

    It waits in the review queue of the organisation that covers the fact's country (moderators see every one); the
    reporter, if they left an address, hears the outcome.
    """

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind of fact"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    fact = GenericForeignKey("content_type", "object_id")
    fact_label = models.CharField(
        _("fact as shown"), max_length=300, help_text=_("The fact as the reader saw it, kept if the fact changes."),
    )
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("country"))
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections",
        verbose_name=_("organisation"),
        help_text=_("The organisation whose editors cover the country; empty when none does, and moderators review it."),
    )
    field = models.CharField(_("part of the fact"), max_length=40, blank=True,
                             help_text=_("The field the reader says is wrong; empty for something else."))
    problem = models.TextField(_("what is wrong"))
    proposed_value = models.CharField(_("correct value"), max_length=500)
    source = models.CharField(_("source"), max_length=1000,
                              help_text=_("A link or a document reference (act, article, date) for the correct value."))
    email = models.EmailField(_("reporter's email"), blank=True)
    language = models.CharField(_("reporter's language"), max_length=5, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why it was rejected; sent to the reporter."))
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="reviewed_corrections",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("reporter told at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("correction from a reader")
        verbose_name_plural = _("corrections from readers")
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reason=""), name="correction_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fact_label}: {self.proposed_value[:80]}"
