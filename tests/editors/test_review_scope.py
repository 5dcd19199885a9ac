"""Every editable record goes through the same scope and review rules, on every surface."""

from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from countries.models import Source
from editors import review
from editors.models import ChangeRequest
from editors.resources import ThresholdResource
from legislation.models import Article, Threshold
from recommendations.models import Recommendation
from tests import factories

from .conftest import admin_form_data
from .test_api_writes import client_for, new_threshold


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def md_cited_source():
    """A source only Moldova's facts cite."""
    return factories.CitationFactory(country=factories.bundled_country("MD")).source


@pytest.mark.parametrize("who", ["editor_ua", "trusted_ua"])
def test_an_editor_change_to_a_source_cited_by_another_country_is_a_change_request(db, client, request, who):
    """Finding 1: a Ukraine editor changed a source Moldova's facts cite, with no review."""
    user = request.getfixturevalue(who)
    source = md_cited_source()
    old_url, old_reliability = source.url, source.reliability
    client.force_login(user)
    data = admin_form_data(client.get(change_url(source)))
    data["url"] = "https://outside.example/"
    data["reliability"] = "standard" if old_reliability == "low" else "low"
    response = client.post(change_url(source), data, follow=True)
    assert "waiting for review" in response.content.decode()
    source.refresh_from_db()
    assert source.url == old_url and source.reliability == old_reliability
    change = ChangeRequest.objects.get(object_id=source.pk, content_type__model="source", status="pending")
    assert change.data["url"] == "https://outside.example/"


def test_an_editor_deleting_a_source_makes_a_request(client, editor_ua):
    source = factories.SourceFactory()  # uncited: the admin refuses to delete a cited one for anybody
    client.force_login(editor_ua)
    client.post(reverse("admin:countries_source_delete", args=[source.pk]), {"post": "yes"})
    assert Source.objects.filter(pk=source.pk).exists()
    assert ChangeRequest.objects.filter(object_id=source.pk, action="delete").exists()


def test_a_trusted_editor_changes_a_source_only_their_country_cites_directly(client, trusted_ua):
    source = factories.SourceFactory()
    factories.CitationFactory(source=source, country=factories.bundled_country("UA"))
    client.force_login(trusted_ua)
    data = admin_form_data(client.get(change_url(source)))
    data["title"] = "Corrected title"
    client.post(change_url(source), data)
    source.refresh_from_db()
    assert source.title == "Corrected title"


def test_an_editor_cannot_delete_a_recommendation_and_cannot_crash_the_add_page(client, editor_ua, moderator):
    """Finding 2: an editor deleted a recommendation (132 -> 131), and adding one crashed."""
    recommendation, _ = factories.RecommendationFactory(), factories.RecommendationFactory()
    count = Recommendation.objects.count()
    client.force_login(editor_ua)
    assert client.get(reverse("admin:recommendations_recommendation_add")).status_code == 403
    client.post(reverse("admin:recommendations_recommendation_delete", args=[recommendation.pk]), {"post": "yes"})
    changelist = reverse("admin:recommendations_recommendation_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [recommendation.pk], "post": "yes"})
    assert Recommendation.objects.count() == count
    change = ChangeRequest.objects.filter(object_id=recommendation.pk, action="delete").first()
    assert change is not None
    assert review.publish(change, moderator)
    assert Recommendation.objects.count() == count - 1


def test_a_draft_changed_after_review_publishes_what_the_moderator_saw(editor_ua, moderator):
    """Finding 3: the moderator approved "benign draft" and the public got "SWAPPED AFTER REVIEW", 300."""
    api = client_for(editor_ua)
    created = api.post("/api/v1/thresholds/", {**new_threshold(), "term": "benign draft"}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    first = ChangeRequest.objects.get(object_id=pk, action="create", status="pending")
    assert first.data["term"] == "benign draft"

    swapped = api.patch(f"/api/v1/thresholds/{pk}/", {"term": "SWAPPED AFTER REVIEW", "amount": "300"}, format="json")
    assert swapped.status_code in (200, 202)
    assert not review.publish(first, moderator)  # superseded: the moderator looked at the older version
    assert not Threshold.objects.get(pk=pk).published

    second = ChangeRequest.objects.get(object_id=pk, action="create", status="pending")
    assert second.data["term"] == "SWAPPED AFTER REVIEW"
    # The draft moves again after the second request was made; publishing writes the request's values.
    Threshold.objects.filter(pk=pk).update(term="sneaked in", amount=Decimal("999"))
    assert review.publish(second, moderator)
    published = Threshold.objects.get(pk=pk)
    assert published.published and published.term == "SWAPPED AFTER REVIEW" and published.amount == Decimal("300")


def test_a_new_article_by_an_editor_waits_for_review(client, editor_ua, moderator):
    """Finding 12: new articles had no review and showed on profiles at once."""
    law = factories.LawFactory(country=factories.bundled_country("UA"))
    client.force_login(editor_ua)
    response = client.post(reverse("admin:legislation_article_add"), {"law": law.pk, "number": "999-ter",
                                                                      "title": "Unreviewed"})
    assert response.status_code == 302
    assert not Article.objects.filter(number="999-ter").exists()
    client.logout()
    assert "999-ter" not in client.get("/countries/ua/").content.decode()
    change = ChangeRequest.objects.get(action="create", content_type__model="article", status="pending")
    assert review.publish(change, moderator)
    assert Article.objects.get(number="999-ter").law == law


def test_records_cite_only_their_own_countrys_law_and_citations(trusted_ua, editor_ua):
    """Finding 13: a UA threshold pointing at Moldova's law and citations was accepted."""
    md_law = factories.LawFactory(country=factories.bundled_country("MD"))
    md_citation = md_law.citations.get()
    api = client_for(trusted_ua)
    response = api.post("/api/v1/thresholds/", {**new_threshold(), "law": md_law.pk}, format="json")
    assert response.status_code == 400 and "law" in response.json()
    response = api.post("/api/v1/thresholds/", {**new_threshold(), "citations": [md_citation.pk]}, format="json")
    assert response.status_code == 400 and "citations" in response.json()
    ua_threshold = factories.ThresholdFactory(country=factories.bundled_country("UA"))
    response = api.patch(f"/api/v1/thresholds/{ua_threshold.pk}/", {"citations": [md_citation.pk]}, format="json")
    assert response.status_code == 400
    assert not ua_threshold.citations.filter(pk=md_citation.pk).exists()

    # The model refuses it whoever writes.
    with pytest.raises(ValidationError), transaction.atomic():
        ua_threshold.citations.add(md_citation)
    ua_threshold.law = md_law
    with pytest.raises(ValidationError), transaction.atomic():
        ua_threshold.save()
    ua_threshold.refresh_from_db()

    # The import reports the row.
    resource = ThresholdResource(user=trusted_ua)
    exported = tablib.Dataset().load(resource.export(Threshold.objects.filter(pk=ua_threshold.pk)).csv, format="csv")
    exported_row = dict(zip(exported.headers, exported[0], strict=True))
    exported_row["citations"] = str(md_citation.pk)
    bad = tablib.Dataset(headers=exported.headers)
    bad.append([exported_row[h] for h in exported.headers])
    result = ThresholdResource(user=trusted_ua).import_data(bad, dry_run=False)
    assert result.has_validation_errors()
    assert not ua_threshold.citations.filter(pk=md_citation.pk).exists()


def test_admin_form_refuses_another_countrys_citations(client, trusted_ua):
    threshold = factories.ThresholdFactory(country=factories.bundled_country("UA"))
    md_citation = factories.CitationFactory(country=factories.bundled_country("MD"))
    client.force_login(trusted_ua)
    data = admin_form_data(client.get(change_url(threshold)))
    data["citations"] = [str(md_citation.pk)]
    response = client.post(change_url(threshold), data)
    # The editor's choice list holds only their countries' citations, so the form refuses it as no choice of theirs.
    assert response.status_code == 200
    assert f"{md_citation.pk} is not one of the available choices" in response.content.decode()
    assert not threshold.citations.filter(pk=md_citation.pk).exists()


def test_restoring_a_deleted_article_as_an_untrusted_editor_waits_for_review(editor_ua, moderator):
    law = factories.LawFactory(country=factories.bundled_country("UA"))
    article = Article.objects.create(law=law, number="restore-probe")
    article.delete()
    record = Article.history.filter(number="restore-probe", history_type="-").get()
    review.restore(record, editor_ua)
    assert not Article.objects.filter(number="restore-probe").exists()
    change = ChangeRequest.objects.get(action="create", content_type__model="article", status="pending")
    assert review.publish(change, moderator)
    assert Article.objects.filter(number="restore-probe", law=law).exists()
