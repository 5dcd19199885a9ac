import pytest
from django.db import IntegrityError, transaction

from recommendations.models import Recommendation
from tests.factories import ProgressFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_recommendation_label_unique_within_its_report():
    existing = RecommendationFactory(reference=Recommendation.Reference.LABEL, label="4.2", locator="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(source=existing.source, label=existing.label, order=9999, section="x", text="x", summary_en="x")


def test_progress_records_status_for_a_country_with_history():
    progress = ProgressFactory()
    progress.status = "implemented"
    progress.save()
    history = progress.history.order_by("history_date")
    assert (history.first().status, history.last().status) == ("in_progress", "implemented")
    assert progress.citations.count() == 1
