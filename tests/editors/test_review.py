"""Editors' changes wait for a moderator; the public sees only published data."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from editors import review
from editors.models import ChangeRequest
from legislation.models import Threshold
from tests import factories

from .conftest import admin_form_data


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def threshold(db):
    ukraine = factories.bundled_country("UA")
    factories.ThresholdFactory(country=ukraine, tier=2, term="large", amount=Decimal("10"))  # another beside it
    return factories.ThresholdFactory(country=ukraine, amount=Decimal("0.5"))


def public_amounts(client, threshold):
    cache.clear()
    rows = client.get("/api/v1/thresholds/", {"country": "UA", "page_size": 500}).json()["results"]
    return {row["id"]: row["amount"] for row in rows}


def test_an_editors_change_waits_for_review_and_then_goes_public(client, editor_ua, moderator, threshold):
    old_amount = threshold.amount
    client.force_login(editor_ua)
    data = admin_form_data(client.get(change_url(threshold)))
    data["amount"] = str(old_amount + Decimal("0.7"))
    response = client.post(change_url(threshold), data, follow=True)
    assert "waiting for review" in response.content.decode()

    threshold.refresh_from_db()
    assert threshold.amount == old_amount
    client.logout()
    assert Decimal(public_amounts(client, threshold)[threshold.pk]) == old_amount
    change = ChangeRequest.objects.get(object_id=threshold.pk, status=ChangeRequest.Status.PENDING)
    assert change.author == editor_ua and change.action == ChangeRequest.Action.UPDATE

    client.force_login(moderator)
    page = client.get(reverse("admin:editors_changerequest_change", args=[change.pk])).content.decode()
    assert str(old_amount) in page and str(old_amount + Decimal("0.7")) in page  # published next to proposed

    client.post(reverse("admin:editors_changerequest_changelist"),
                {"action": "publish_selected", "_selected_action": [change.pk]})
    threshold.refresh_from_db()
    assert threshold.amount == old_amount + Decimal("0.7")
    latest = threshold.history.latest()
    assert latest.history_user == moderator
    assert threshold.history.filter(amount=old_amount).exists()  # the earlier value stays in the history
    client.logout()
    assert Decimal(public_amounts(client, threshold)[threshold.pk]) == old_amount + Decimal("0.7")


def test_a_new_record_by_an_editor_stays_unpublished_until_published(client, editor_ua, moderator, threshold):
    client.force_login(editor_ua)
    data = admin_form_data(client.get(change_url(threshold)))
    data["term"] = "a brand-new tier"
    response = client.post(reverse("admin:legislation_threshold_add"), data)
    assert response.status_code == 302
    created = Threshold.objects.get(term="a brand-new tier")
    assert not created.published
    client.logout()
    assert created.pk not in public_amounts(client, threshold)
    assert "a brand-new tier" not in client.get("/countries/ua/").content.decode()

    review.publish(ChangeRequest.objects.get(object_id=created.pk, action="create"), moderator)
    created.refresh_from_db()
    assert created.published
    assert created.pk in public_amounts(client, threshold)


def test_an_editor_cannot_publish_by_ticking_the_box(client, editor_ua, threshold):
    client.force_login(editor_ua)
    form = client.get(reverse("admin:legislation_threshold_add")).context["adminform"].form
    assert "published" not in form.fields


def test_a_deletion_by_an_editor_waits_for_review(client, editor_ua, moderator, threshold):
    client.force_login(editor_ua)
    delete_url = reverse("admin:legislation_threshold_delete", args=[threshold.pk])
    response = client.post(delete_url, {"post": "yes"}, follow=True)
    assert "waiting for review" in response.content.decode()
    assert Threshold.objects.filter(pk=threshold.pk).exists()
    change = ChangeRequest.objects.get(object_id=threshold.pk, action="delete")
    review.publish(change, moderator)
    assert not Threshold.objects.filter(pk=threshold.pk).exists()


def test_rejecting_a_change_leaves_the_record_as_published(editor_ua, moderator, threshold):
    old = threshold.amount
    threshold.amount = old * 10
    change = review.save(editor_ua, threshold)
    review.reject(change, moderator, "no source for this figure")
    threshold.refresh_from_db()
    assert threshold.amount == old
    change.refresh_from_db()
    assert change.status == "rejected" and change.review_note


def test_a_trusted_organisation_publishes_directly(client, trusted_ua, threshold):
    client.force_login(trusted_ua)
    data = admin_form_data(client.get(change_url(threshold)))
    data["term"] = "corrected term"
    client.post(change_url(threshold), data)
    threshold.refresh_from_db()
    assert threshold.term == "corrected term"
    assert not ChangeRequest.objects.exists()


def test_trust_in_one_organisation_does_not_publish_another_organisations_countries(client, editor_ua, threshold):
    """The Ukrainian editor also belongs to a trusted Moldovan organisation: Ukrainian changes still wait for review."""
    from editors.models import Organization

    trusted = Organization.objects.create(name="Trusted Moldovan NGO", can_publish=True)
    trusted.countries.add(factories.bundled_country("MD"))
    trusted.members.add(editor_ua)
    moldovan = factories.ThresholdFactory(country=factories.bundled_country("MD"))
    assert review.publishes_directly(editor_ua, moldovan)
    assert not review.publishes_directly(editor_ua, threshold)

    client.force_login(editor_ua)
    data = admin_form_data(client.get(change_url(threshold)))
    data["term"] = "changed by a two-organisation editor"
    client.post(change_url(threshold), data)
    threshold.refresh_from_db()
    assert threshold.term != "changed by a two-organisation editor"
    assert ChangeRequest.objects.filter(object_id=threshold.pk, status=ChangeRequest.Status.PENDING).exists()


def test_only_moderators_publish(editor_ua, threshold):
    threshold.term = "x"
    change = review.save(editor_ua, threshold)
    with pytest.raises(Exception, match="moderator"):
        review.publish(change, editor_ua)


def test_the_pending_list_shows_only_the_editors_countries(client, editor_ua, editor_md, threshold):
    threshold.term = "pending change"
    review.save(editor_ua, threshold)
    client.force_login(editor_md)
    listing = client.get(reverse("admin:editors_changerequest_changelist"))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 0
    client.force_login(editor_ua)
    assert client.get(reverse("admin:editors_changerequest_changelist")).context["cl"].result_count == 1


def test_an_editor_edits_the_indicator_grid(client, trusted_ua):
    from countries.models import Assessment, Citation, Indicator

    ukraine = factories.bundled_country("UA")
    assessed = factories.AssessmentFactory(country=ukraine)
    factories.IndicatorValueFactory(indicator=assessed.indicator, slug="criminal", label_en="Criminal offence")
    factories.IndicatorValueFactory(indicator=factories.IndicatorFactory(slug="supply", name_en="Supply"))
    factories.CitationFactory(country=factories.bundled_country("MD"))
    client.force_login(trusted_ua)
    url = reverse("admin:editors_grid")
    page = client.get(url, {"country": "UA"})
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    indicator = Indicator.objects.get(slug="drug-use")
    value = indicator.values.exclude(
        pk__in=Assessment.objects.filter(country__iso2="UA", indicator=indicator).values("value")).first()
    citation = Citation.objects.filter(country__iso2="UA").first()
    data = {}
    for row in page.context["rows"]:
        for name in row.fields:
            bound = row[name].value()
            if bound is None:
                continue
            data[row.add_prefix(name)] = [str(getattr(v, "pk", v)) for v in bound] if isinstance(bound, list) else (
                "" if bound is None else str(bound))
    data["drug-use-value"] = str(value.pk)
    data["drug-use-as_of"] = "2026-01-15"
    data["drug-use-citations"] = [str(citation.pk)]
    # A value without a citation is refused, and then nothing at all is saved.
    other = next(i for i in Indicator.objects.exclude(pk=indicator.pk))
    bad = {**data, f"{other.slug}-citations": []}
    bad[f"{other.slug}-value"] = str(other.values.first().pk)
    refused = client.post(f"{url}?country=UA", bad)
    assert refused.status_code == 200
    assert "needs a citation" in refused.content.decode()
    assert not Assessment.objects.filter(country__iso2="UA", value=value).exists()

    saved = client.post(f"{url}?country=UA", data)
    assert saved.status_code == 302, [(r.indicator.slug, r.errors) for r in saved.context["rows"] if r.errors]
    assessment = Assessment.objects.get(country__iso2="UA", value=value)
    assert list(assessment.citations.all()) == [citation]


def test_an_editor_cannot_open_another_countrys_grid(client, editor_ua):
    factories.bundled_country("MD")
    client.force_login(editor_ua)
    page = client.get(reverse("admin:editors_grid"), {"country": "MD"})
    assert page.context["country"].iso2 == "UA"
