"""Partners' webhooks through the API: register, list, remove, and read each one's delivery log."""

import json

from django.conf import settings
from django.db.models import Count, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, mixins, permissions, renderers, serializers, viewsets
from rest_framework.decorators import action

from countries.apibase import Pagination
from countries.models import Country

from . import network
from .models import Delivery, Webhook

SIGNING = (
    "Each published change is POSTed as JSON to every active webhook that wants its country. The header "
    "`X-PolicyHub-Signature: sha256=<hex>` is the HMAC-SHA256 of the raw body with the webhook's `secret` (returned "
    "once, when the webhook is registered); compare it in constant time before trusting the body. "
    "`X-PolicyHub-Delivery` names the delivery (the same on every attempt) and `X-PolicyHub-Event` the event "
    "(`fact.added`, `fact.changed`, `fact.removed`). Answer 2xx within a few seconds; any other answer or none is "
    "tried again after 1, 2, 4, ... minutes, and a webhook whose deliveries fail for good 10 times in a row is "
    "disabled (register it again once the receiver works). Only http and https addresses on the public internet "
    "are accepted."
)


class CountryCodes(serializers.SlugRelatedField):
    def to_internal_value(self, data):
        return super().to_internal_value(data.upper() if isinstance(data, str) else data)


class WebhookSerializer(serializers.ModelSerializer):
    countries = CountryCodes(many=True, slug_field="iso2", queryset=Country.objects.all(), required=False,
                             help_text="ISO alpha-2 codes; empty or left out: changes in every country.")
    deliveries_failed = serializers.IntegerField(read_only=True, default=0,
                                                 help_text="Deliveries that failed for good.")

    class Meta:
        model = Webhook
        fields = ["id", "url", "countries", "active", "consecutive_failures", "disabled_at", "created_at",
                  "deliveries_failed"]
        read_only_fields = ["active", "consecutive_failures", "disabled_at", "created_at"]

    def validate_url(self, value: str) -> str:
        try:
            network.resolve(value)
        except network.UnsafeAddress as error:
            raise serializers.ValidationError(str(error)) from error
        return value


class NewWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text="Keep it: it is shown only in this answer.")

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class DeliverySerializer(serializers.ModelSerializer):
    payload = serializers.SerializerMethodField(help_text="The JSON body that was sent.")

    class Meta:
        model = Delivery
        fields = ["delivery_id", "event", "status", "attempts", "response_status", "error", "created_at",
                  "last_attempt_at", "next_attempt_at", "delivered_at", "payload"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_payload(self, delivery) -> dict:
        return json.loads(delivery.body)


@extend_schema_view(
    list=extend_schema(summary="Your webhooks", description=SIGNING),
    create=extend_schema(summary="Register a webhook", description=SIGNING,
                         responses={201: NewWebhookSerializer}),
    retrieve=extend_schema(summary="One of your webhooks"),
    destroy=extend_schema(summary="Remove a webhook and its delivery log"),
)
class WebhookViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """A partner's webhooks: each account sees and changes only its own (`Authorization: Token <key>`)."""

    queryset = Webhook.objects.none()  # each request sees its own account's webhooks (get_queryset)
    serializer_class = WebhookSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination
    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is made with no user
            return Webhook.objects.none()
        return (Webhook.objects.filter(owner=self.request.user).prefetch_related("countries")
                .annotate(deliveries_failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED))).order_by("-created_at", "-pk"))

    def get_serializer_class(self):
        return NewWebhookSerializer if self.action == "create" else WebhookSerializer

    def perform_create(self, serializer):
        if Webhook.objects.filter(owner=self.request.user).count() >= settings.WEBHOOKS_PER_ACCOUNT:
            raise exceptions.ValidationError(
                {"detail": f"An account may register at most {settings.WEBHOOKS_PER_ACCOUNT} webhooks; remove one first."})
        serializer.save(owner=self.request.user)

    @extend_schema(summary="A webhook's delivery log", description="Newest first: each change sent, and how its "
                   "attempts went.", responses={200: DeliverySerializer(many=True),
                                                404: OpenApiResponse(description="Not one of your webhooks.")})
    @action(detail=True, methods=["get"], serializer_class=DeliverySerializer)
    def deliveries(self, request, pk=None):
        webhook = Webhook.objects.filter(owner=request.user, pk=pk).first()
        if webhook is None:
            raise exceptions.NotFound("No webhook of yours has this id.")
        page = self.paginate_queryset(Delivery.objects.filter(webhook=webhook).order_by("-created_at", "-pk"))
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)
