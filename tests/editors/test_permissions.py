"""Who may see and change which records in the admin."""

import pytest
from django.urls import reverse

from countries.models import Assessment, Citation
from legislation.models import Law, Sanction, Threshold
from recommendations.models import Progress
from tests import factories

from .conftest import admin_form_data

MODELS = [Law, Threshold, Sanction, Assessment, Progress, Citation]


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


FACTORIES = {Law: factories.LawFactory, Threshold: factories.ThresholdFactory, Sanction: factories.SanctionFactory,
             Assessment: factories.AssessmentFactory, Progress: factories.ProgressFactory,
             Citation: factories.CitationFactory}


def first(model, iso2):
    """A new record of the model in the country."""
    return FACTORIES[model](country=factories.bundled_country(iso2))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_editor_sees_and_opens_only_their_countries(client, editor_ua, model):
    ua, md = first(model, "UA"), first(model, "MD")
    client.force_login(editor_ua)
    listing = client.get(changelist_url(model), {"all": ""})
    assert listing.status_code == 200
    shown = listing.context["cl"].queryset
    assert shown.filter(pk=ua.pk).exists()
    assert not shown.filter(pk=md.pk).exists()
    assert client.get(change_url(ua)).status_code == 200
    assert client.get(change_url(md)).status_code == 302  # "does not exist" for them


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_moderator_sees_every_country(client, moderator, model):
    ua, md = first(model, "UA"), first(model, "MD")
    client.force_login(moderator)
    assert client.get(change_url(ua)).status_code == 200
    assert client.get(change_url(md)).status_code == 200


def test_editor_cannot_post_to_another_countrys_record(client, editor_md, editor_ua):
    threshold = first(Threshold, "UA")
    client.force_login(editor_ua)
    data = admin_form_data(client.get(change_url(threshold)))
    data["term"] = "changed by the wrong NGO"
    client.force_login(editor_md)
    response = client.post(change_url(threshold), data)
    assert response.status_code == 302
    threshold.refresh_from_db()
    assert threshold.term != "changed by the wrong NGO"


def test_editor_can_pick_only_their_countries(client, editor_ua):
    client.force_login(editor_ua)
    response = client.get(reverse("admin:legislation_threshold_add"))
    choices = response.context["adminform"].form.fields["country"].queryset
    assert list(choices.values_list("iso2", flat=True)) == ["UA"]


def test_editor_cannot_create_a_record_for_another_country(client, editor_ua):
    client.force_login(editor_ua)
    law = first(Law, "UA")
    data = admin_form_data(client.get(change_url(law)))
    data["country"] = str(factories.bundled_country("MD").pk)
    data["title_en"] = "A law for somebody else's country"
    response = client.post(reverse("admin:legislation_law_add"), data)
    assert response.status_code == 200
    assert "country" in response.context["adminform"].form.errors
    assert not Law.objects.filter(title_en="A law for somebody else's country").exists()


def test_partner_without_staff_cannot_enter_the_admin(client, partner):
    client.force_login(partner)
    assert client.get(changelist_url(Threshold)).status_code == 302


def test_editor_cannot_manage_organisations_or_users(client, editor_ua):
    client.force_login(editor_ua)
    assert client.get(reverse("admin:editors_organization_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_admin_login_locks_out_after_repeated_failures(client, editor_ua, settings):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "ua-editor", "password": "wrong"})
    locked = client.post(url, {"username": "ua-editor", "password": "a long passphrase 42"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
