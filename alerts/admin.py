from django.contrib import admin

from .models import Delivery, Subscription, Webhook


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "country", "language", "confirmed_at", "last_sent_at"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmation_sent_at", "confirmed_at", "covered_until", "last_sent_at"]
    autocomplete_fields = ["country"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "owner", "active", "consecutive_failures", "created_at"]
    list_filter = ["active"]
    list_select_related = ["owner"]
    search_fields = ["url", "owner__username"]
    readonly_fields = ["owner", "created_at", "consecutive_failures", "disabled_at"]
    filter_horizontal = ["countries"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "webhook", "status", "attempts", "response_status"]
    list_filter = ["status", "event"]
    list_select_related = ["webhook"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False
