"""Walks every registered admin model and every API write endpoint as an editor of another country and as an editor
not trusted to publish: no write may land without review or outside the editor's countries."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, reverse

from alerts.models import Delivery, Subscription, Webhook
from countries.apibase import WriteMixin
from editors.models import ApiToken, ChangeRequest, Correction
from editors.review import country_path, is_shared
from legislation.models import Alternative, Law
from policyhub.api_urls import router
from profiles.models import Brief
from recommendations.models import Addressee, Theme
from tests import factories

from .conftest import admin_form_data
from .test_api_writes import client_for

ADMIN_MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


def sample(model):
    """A record the walk tries to change: Ukraine's where the model has a country, else the first one."""
    queryset = model._default_manager.order_by("pk")
    if not is_shared(model):
        found = queryset.filter(**{country_path(model): factories.bundled_country("UA")}).first()
        if found is not None:
            return found
    return queryset.first()


@pytest.fixture
def records(db):
    """One record of every kind of data the walk can try to change, Ukraine's where it has a country."""
    ukraine = factories.bundled_country("UA")
    law = factories.LawFactory(country=ukraine)
    article = factories.ArticleFactory(law=law)
    factories.ThresholdFactory(country=ukraine, law=law, article=article)
    sanction = factories.SanctionFactory(country=ukraine, law=law, article=article)
    sanction.alternatives.add(Alternative.objects.create(slug="treatment", name_en="Treatment", name_ru="Лечение"))
    factories.AssessmentFactory(country=ukraine)
    recommendation = factories.RecommendationFactory()
    recommendation.themes.add(Theme.objects.create(slug="health", name_en="Health", name_ru="Здоровье"))
    recommendation.addressees.add(Addressee.objects.create(slug="government", name_en="Government",
                                                           name_ru="Правительство"))
    factories.StanceFactory(progress=factories.ProgressFactory(recommendation=recommendation, country=ukraine))
    # The records around the data: readers' subscriptions, a partner's webhook and its deliveries, a partner's key,
    # a change waiting for review, a reader's correction, a rendered brief and the sign-in logs.
    partner = get_user_model().objects.create_user("partner", password="a long partner passphrase")
    Subscription.objects.create(email="reader@example.org", country=ukraine)
    webhook = Webhook.objects.create(owner=partner, url="https://partner.example.org/hook")
    webhook.countries.add(ukraine)
    Delivery.objects.create(webhook=webhook, event="data.changed", body="{}")
    ApiToken.issue(user=partner, name="sync")
    ChangeRequest.objects.create(content_type=ContentType.objects.get_for_model(Law), object_id=law.pk, country=ukraine,
                                 action=ChangeRequest.Action.UPDATE, data={"title_en": "Proposed"}, summary="Retitle",
                                 author=partner)
    Correction.objects.create(content_type=ContentType.objects.get_for_model(Law), object_id=law.pk, country=ukraine,
                              problem="The title is wrong.", proposed_value="Another title", source="The act itself")
    Brief.objects.create(country=ukraine, language="en", status=Brief.Status.READY, stale=False)
    AccessAttempt.objects.create(username="partner", ip_address="192.0.2.1", user_agent="walk", failures_since_start=1)
    AccessLog.objects.create(username="partner", ip_address="192.0.2.1", user_agent="walk")
    AccessFailureLog.objects.create(username="partner", ip_address="192.0.2.1", user_agent="walk")


def state(obj):
    row = type(obj)._default_manager.filter(pk=obj.pk).first()
    return None if row is None else model_to_dict(row)


def altered(data: dict, form) -> dict | None:
    """The same form with one free-text field changed, or None if there is none to change."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        model_field = getattr(form._meta.model, "_meta", None) and next(
            (f for f in form._meta.model._meta.fields if f.name == name), None)
        if isinstance(model_field, (models.CharField, models.TextField)) and not isinstance(model_field, models.SlugField) \
                and not model_field.choices and key in data and not field.disabled:
            return {**data, key: (data[key] or "") + " (walk)"}
    return None


@pytest.mark.parametrize("who", ["editor_md", "editor_ua"])
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_no_admin_write_lands_without_review(records, client, request, who, model):
    user = request.getfixturevalue(who)
    obj = sample(model)
    client.force_login(user)
    info = (model._meta.app_label, model._meta.model_name)
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code in (200, 302, 403)
    if obj is None:
        return
    before = state(obj)
    change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    page = client.get(change)
    assert page.status_code in (200, 302, 403)
    if page.status_code == 200 and page.context and "adminform" in page.context:
        data = altered(admin_form_data(page), page.context["adminform"].form)
        if data is not None:
            assert client.post(change, data).status_code in (200, 302, 403)
    try:
        delete = reverse("admin:{}_{}_delete".format(*info), args=[obj.pk])
    except NoReverseMatch:
        delete = None
    if delete:
        assert client.post(delete, {"post": "yes"}).status_code in (200, 302, 403)
    assert state(obj) == before, f"{who} changed {model._meta.label} #{obj.pk} without review"


FACTORIES = {factories.Progress: factories.ProgressFactory, factories.Law: factories.LawFactory,
             factories.Threshold: factories.ThresholdFactory, factories.Sanction: factories.SanctionFactory,
             factories.Assessment: factories.AssessmentFactory}
WRITE_ROUTES = [(prefix, viewset) for prefix, viewset, _ in router.registry if issubclass(viewset, WriteMixin)]


@pytest.mark.parametrize("who", ["editor_md", "editor_ua"])
@pytest.mark.parametrize("prefix, viewset", WRITE_ROUTES, ids=[p for p, _ in WRITE_ROUTES])
def test_no_api_write_lands_without_review(db, request, who, prefix, viewset):
    user = request.getfixturevalue(who)
    model = viewset.write_serializer_class.Meta.model
    obj = model.objects.filter(country__iso2="UA", published=True).order_by("pk").first()
    if obj is None:
        obj = FACTORIES[model](country=factories.bundled_country("UA"))
    before = state(obj)
    api = client_for(user)
    changed = api.patch(f"/api/v1/{prefix}/{obj.pk}/", {"note": "changed by the walk"}, format="json")
    deleted = api.delete(f"/api/v1/{prefix}/{obj.pk}/")
    expected = 404 if who == "editor_md" else 202  # out of scope: not found; in scope, untrusted: kept for review
    assert (changed.status_code, deleted.status_code) == (expected, expected)
    assert state(obj) == before
