"""Writes through the API: token authentication, country scope, review and history."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from countries.models import Assessment, Indicator
from editors.models import ApiToken, ChangeRequest
from legislation.models import Law, Substance, Threshold
from tests.factories import (
    CitationFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    SubstanceFactory,
    ThresholdFactory,
    bundled_country,
)


def client_for(user=None):
    cache.clear()
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user=user)[1]}")
    return client


def new_threshold(iso2="UA"):
    citation = CitationFactory(country=bundled_country(iso2))
    SubstanceFactory(slug="heroin", name_en="Heroin", name_ru="Героин", category=Substance.Category.OPIOID)
    return {"country": iso2.lower(), "substance": "heroin", "tier": 1, "term": "small (API)", "amount": "0.25",
            "unit": "g", "basis": "mixture", "kind": "statutory", "amount_in": "below", "citations": [citation.pk]}


@pytest.fixture
def ua_threshold(db):
    return ThresholdFactory(published=True)  # in Ukraine


def test_anonymous_writes_get_401(db, ua_threshold):
    anonymous = client_for()
    assert anonymous.post("/api/v1/thresholds/", new_threshold(), format="json").status_code == 401
    assert anonymous.patch(f"/api/v1/thresholds/{ua_threshold.pk}/", {"term": "x"}, format="json").status_code == 401
    assert anonymous.delete(f"/api/v1/thresholds/{ua_threshold.pk}/").status_code == 401


def test_a_partner_account_reads_but_gets_403_on_writes(partner, ua_threshold):
    api = client_for(partner)
    assert api.get("/api/v1/thresholds/", {"country": "UA"}).status_code == 200
    response = api.post("/api/v1/thresholds/", new_threshold(), format="json")
    assert response.status_code == 403 and "editors" in response.json()["detail"]


def test_an_editor_of_another_country_gets_403(editor_md, ua_threshold):
    api = client_for(editor_md)
    assert api.post("/api/v1/thresholds/", new_threshold("UA"), format="json").status_code == 403
    assert api.patch(f"/api/v1/thresholds/{ua_threshold.pk}/", {"term": "x"}, format="json").status_code == 404
    ua_threshold.refresh_from_db()
    assert ua_threshold.term != "x"


def test_a_trusted_editor_writes_directly_with_history(trusted_ua, ua_threshold):
    api = client_for(trusted_ua)
    created = api.post("/api/v1/thresholds/", new_threshold(), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["country"] == "UA" and body["term"] == "small (API)" and body["citations"]
    threshold = Threshold.objects.get(pk=body["id"])
    assert threshold.published and threshold.history.latest().history_user == trusted_ua

    changed = api.patch(f"/api/v1/thresholds/{threshold.pk}/", {"term": "small (corrected)"}, format="json")
    assert changed.status_code == 200 and changed.json()["term"] == "small (corrected)"
    assert threshold.history.latest().history_user == trusted_ua
    assert client_for().get(f"/api/v1/thresholds/{threshold.pk}/").json()["term"] == "small (corrected)"

    assert api.delete(f"/api/v1/thresholds/{threshold.pk}/").status_code == 204
    assert Threshold.history.filter(id=threshold.pk, history_type="-").exists()


def test_an_editors_writes_wait_for_review(editor_ua, moderator, ua_threshold):
    api = client_for(editor_ua)
    created = api.post("/api/v1/thresholds/", new_threshold(), format="json")
    assert created.status_code == 201 and created.json()["published"] is False
    assert client_for().get(f"/api/v1/thresholds/{created.json()['id']}/").status_code == 404

    changed = api.patch(f"/api/v1/thresholds/{ua_threshold.pk}/", {"term": "proposed"}, format="json")
    assert changed.status_code == 202
    ua_threshold.refresh_from_db()
    assert ua_threshold.term != "proposed"
    assert ChangeRequest.objects.get(pk=changed.json()["change_request"]).data == {"term": "proposed"}

    deleted = api.delete(f"/api/v1/thresholds/{ua_threshold.pk}/")
    assert deleted.status_code == 202 and Threshold.objects.filter(pk=ua_threshold.pk).exists()


@pytest.mark.parametrize("change, field", [
    ({"amount": "-1"}, "amount"),
    ({"substance": "no-such-drug"}, "substance"),
    ({"country": "QQ"}, "country"),
    ({"tier": 9}, "tier"),
    ({"valid_from": "2020-13-45"}, "valid_from"),
])
def test_bad_writes_get_400_with_the_field(trusted_ua, change, field):
    response = client_for(trusted_ua).post("/api/v1/thresholds/", {**new_threshold(), **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Threshold.objects.filter(term="small (API)").exists()


def test_other_kinds_accept_writes(trusted_ua):
    api = client_for(trusted_ua)
    citation = CitationFactory(country=bundled_country("UA"))
    law = api.post("/api/v1/laws/", {"country": "UA", "title_en": "Law on an API test", "kind": "drug_law",
                                     "status": "in_force", "citations": [citation.pk]}, format="json")
    assert law.status_code == 201, law.json()
    assert Law.objects.filter(title_en="Law on an API test").exists()
    indicator = IndicatorFactory(slug="drug-use", name_en="Drug use")
    IndicatorValueFactory(indicator=indicator)
    IndicatorValueFactory(indicator=IndicatorFactory(slug="supply", name_en="Supply"))
    assessment = api.post("/api/v1/assessments/", {"country": "UA", "indicator": "drug-use",
                                                   "value": indicator.values.first().pk, "citations": [citation.pk]},
                          format="json")
    assert assessment.status_code == 201, assessment.json()
    other = Indicator.objects.get(slug="supply")
    mismatched = api.post("/api/v1/assessments/", {"country": "UA", "indicator": "drug-use",
                                                   "value": other.values.first().pk}, format="json")
    assert mismatched.status_code == 400 and "value" in mismatched.json()
    assert Assessment.objects.filter(country__iso2="UA", indicator=indicator).count() == 1
