"""Every change is kept; an editor can revert a record and bring back deleted ones."""
from decimal import Decimal

import pytest
from django.urls import reverse

from editors import review
from editors.models import ChangeRequest
from legislation.models import Threshold
from tests.factories import ArticleFactory, SubstanceFactory, ThresholdFactory, bundled_country

from .conftest import admin_form_data


def snapshot(queryset):
    rows = {}
    for obj in queryset.prefetch_related("citations"):
        values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        values["citations"] = sorted(c.pk for c in obj.citations.all())
        rows[obj.pk] = values
    return rows


def test_deleting_and_restoring_a_countrys_thresholds_gives_back_exactly_what_was_there(client, moderator):
    ua = bundled_country("UA")
    for tier in (1, 2, 3):
        ThresholdFactory(country=ua, law__country=ua, tier=tier, amount=Decimal(tier * 10))
    cannabis = SubstanceFactory(slug="cannabis", name_en="Cannabis")
    article = ArticleFactory(law__country=ua)
    ThresholdFactory(country=ua, substance=cannabis, law=article.law, article=article, amount=None,
                     amount_as_stated="5 g dry weight", citations=[])
    ThresholdFactory(country=bundled_country("MD"))  # another country's, which stays
    thresholds = Threshold.objects.filter(country__iso2="UA")
    before = snapshot(thresholds)
    assert len(before) > 3 and any(row["citations"] for row in before.values())

    client.force_login(moderator)
    changelist = reverse("admin:legislation_threshold_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": list(before), "post": "yes"})
    assert not thresholds.exists()
    assert Threshold.objects.filter(country__iso2="MD").exists()

    deleted_page = client.get(reverse("admin:editors_deleted"))
    records = [r for _, label, group in deleted_page.context["groups"] if label == "legislation.threshold" for r in group]
    assert {r.id for r in records} == set(before)
    for record in records:
        response = client.post(reverse("admin:editors_deleted"),
                               {"model": "legislation.threshold", "history_id": record.history_id})
        assert response.status_code == 302

    after = snapshot(Threshold.objects.filter(country__iso2="UA"))
    for row in [*before.values(), *after.values()]:
        row.pop("updated_at")
    differing = {pk: {k: (v, after[pk][k]) for k, v in row.items() if after[pk][k] != v} for pk, row in before.items()}
    assert not any(differing.values()), differing


def test_an_editor_restores_only_their_countries(client, editor_md, moderator):
    threshold = ThresholdFactory(country=bundled_country("UA"))
    pk = threshold.pk
    review.delete(moderator, threshold)
    record = Threshold.history.filter(id=pk, history_type="-").get()
    client.force_login(editor_md)
    page = client.get(reverse("admin:editors_deleted"))
    assert not page.context["groups"]
    response = client.post(reverse("admin:editors_deleted"),
                           {"model": "legislation.threshold", "history_id": record.history_id})
    assert response.status_code == 403
    assert not Threshold.objects.filter(pk=pk).exists()


def test_history_records_who_changed_what(client, trusted_ua):
    threshold = ThresholdFactory(country=bundled_country("UA"))
    old_term = threshold.term
    client.force_login(trusted_ua)
    url = reverse("admin:legislation_threshold_change", args=[threshold.pk])
    data = admin_form_data(client.get(url))
    data["term"] = "edited term"
    client.post(url, data)
    latest = threshold.history.latest()
    assert latest.history_user == trusted_ua
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("term", old_term, "edited term")]
    history_page = client.get(reverse("admin:legislation_threshold_history", args=[threshold.pk]))
    assert history_page.status_code == 200 and "ua-trusted" in history_page.content.decode()


def test_reverting_to_an_earlier_version(client, trusted_ua):
    threshold = ThresholdFactory(country=bundled_country("UA"))
    original_term = threshold.term
    first_version = threshold.history.earliest()
    threshold.term = "a mistaken edit"
    threshold.save()
    client.force_login(trusted_ua)
    url = reverse("admin:legislation_threshold_simple_history", args=[threshold.pk, first_version.history_id])
    data = admin_form_data(client.get(url))
    assert data["term"] == original_term
    assert client.post(url, data).status_code == 302
    threshold.refresh_from_db()
    assert threshold.term == original_term


def test_an_editor_cannot_see_another_countrys_history(client, editor_md):
    threshold = ThresholdFactory(country=bundled_country("UA"))
    client.force_login(editor_md)
    assert client.get(reverse("admin:legislation_threshold_history", args=[threshold.pk])).status_code == 403


@pytest.mark.parametrize("field", ["term", "amount_as_stated"])
def test_an_editors_revert_of_a_published_record_waits_for_review(client, editor_ua, field):
    threshold = ThresholdFactory(country=bundled_country("UA"), published=True)
    first_version = threshold.history.earliest()
    setattr(threshold, field, "edited")
    threshold.save()
    client.force_login(editor_ua)
    url = reverse("admin:legislation_threshold_simple_history", args=[threshold.pk, first_version.history_id])
    client.post(url, admin_form_data(client.get(url)))
    threshold.refresh_from_db()
    assert getattr(threshold, field) == "edited"
    change = ChangeRequest.objects.get(object_id=threshold.pk)
    assert change.data[field] == getattr(first_version, field)
