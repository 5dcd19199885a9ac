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

    name = models.CharField(max_length=200, unique=True)
    countries = models.ManyToManyField(Country, blank=True, related_name="organizations")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="organizations")
    can_publish = models.BooleanField(
        _("trusted to publish"), default=False,
        help_text=_("Its editors' changes go public at once instead of waiting for a moderator."),
    )
    history = HistoricalRecords(m2m_fields=[countries, members])

    class Meta:
        ordering = ["name"]

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

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, null=True, blank=True, related_name="change_requests",
        help_text=_("Empty for shared records (sources, recommendations), which only moderators review."),
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    data = models.JSONField(default=dict, blank=True, help_text=_("Proposed values, by field name."))
    summary = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="change_requests")
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="reviewed_changes"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("publish_changes", "Can publish editors' changes")]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.summary}"


class ApiToken(models.Model):
    """An API key, kept only as its SHA-256: the key itself is shown once, when it is made, and is in no backup."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, help_text=_("What the key is for, e.g. the partner's sync."))
    prefix = models.CharField(max_length=8, editable=False, help_text=_("The key's first characters, to tell keys apart."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

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
