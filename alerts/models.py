"""Who is told about changes: readers who follow a country by email, and partners' webhooks with their delivery log."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from countries.models import Country


class Subscription(models.Model):
    """One address following one country (or, with no country, the whole region). Nothing but the confirmation
    message is sent until the address's owner confirms."""

    email = models.EmailField(_("email"), max_length=254)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        help_text=_("Empty: every change in the region."),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    covered_until = models.DateTimeField(_("covered until"),
        null=True, blank=True, help_text=_("Changes up to this time have been considered for a digest."),
    )
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    class Meta:
        ordering = ["email", "country__name_en"]
        verbose_name = _("email subscription")
        verbose_name_plural = _("email subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "country"], name="alerts_subscription_unique"),
            models.UniqueConstraint(fields=["email"], condition=Q(country__isnull=True),
                                    name="alerts_region_subscription_unique"),
        ]
        indexes = [models.Index(fields=["confirmed_at", "last_sent_at"])]

    def __str__(self) -> str:
        return f"{self.email}: {self.country.name_en if self.country else 'region'}"


def new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """A partner's address that gets a signed POST for every published change."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    secret = models.CharField(_("secret"), max_length=64, default=new_secret, editable=False,
                              help_text=_("Signs each delivery (HMAC-SHA256); shown to the partner once."))
    countries = models.ManyToManyField(Country, verbose_name=_("countries"), blank=True, related_name="+",
                                       help_text=_("Only changes in these countries; none: every country."))
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return f"{self.url} ({self.owner})"


class Delivery(models.Model):
    """One change sent to one webhook: the exact body signed, and how its attempts went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    webhook = models.ForeignKey(Webhook, verbose_name=_("webhook"), on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=40)
    body = models.TextField(_("body"), help_text=_("The JSON sent, byte for byte, so that every attempt carries the same signature."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["webhook", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook.url}: {self.status}"
