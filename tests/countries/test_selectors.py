"""Every fact's citations loaded together for a page (countries.selectors.attach_citations)."""

import pytest

from countries.selectors import attach_citations
from legislation.models import Law, Threshold
from recommendations.models import Recommendation, Stance
from tests.factories import (
    AssessmentFactory,
    CitationFactory,
    LawFactory,
    ProgressFactory,
    RecommendationFactory,
    SourceFactory,
    StanceFactory,
    ThresholdFactory,
)


@pytest.mark.django_db
def test_each_fact_gets_its_own_citations_in_order_with_one_object_per_source(django_assert_num_queries):
    report = SourceFactory()
    first, second, other = CitationFactory(source=report), CitationFactory(source=report), CitationFactory()
    threshold = ThresholdFactory(citations=[second, first])
    law = LawFactory(citations=[other, first])
    uncited = ThresholdFactory(citations=[])
    assessment = AssessmentFactory()
    facts = [Threshold.objects.get(pk=threshold.pk), Law.objects.get(pk=law.pk), Threshold.objects.get(pk=uncited.pk),
             type(assessment).objects.get(pk=assessment.pk)]

    with django_assert_num_queries(3):  # which citations each fact has, the citations, their sources
        attach_citations(facts)
    with django_assert_num_queries(0):
        cited = [[c.pk for c in fact.citations.all()] for fact in facts]
        sources = {id(c.source) for fact in facts[:2] for c in fact.citations.all() if c.source_id == report.pk}

    assert cited[0] == [first.pk, second.pk]  # in the order they were recorded, as a prefetch gives them
    assert cited[1] == sorted([other.pk, first.pk])
    assert cited[2] == []
    assert cited[3] == [c.pk for c in assessment.citations.order_by("pk")] and cited[3]
    assert len(sources) == 1  # one report, one object, however many facts cite it
    assert [[c.pk for c in fact.cited] for fact in facts] == cited  # the same lists, without a related manager


@pytest.mark.django_db
def test_records_pointing_at_a_citation_or_a_source_get_theirs_from_the_same_load(django_assert_num_queries):
    report, meeting = SourceFactory(), SourceFactory()
    quoted = CitationFactory(source=report)
    threshold = Threshold.objects.get(pk=ThresholdFactory(citations=[quoted]).pk)
    stance = StanceFactory(progress=ProgressFactory(citations=[quoted]), citation=quoted)
    stance = Stance.objects.get(pk=stance.pk)
    recommendation = Recommendation.objects.get(pk=RecommendationFactory(source=meeting).pk)

    with django_assert_num_queries(3):
        attach_citations([threshold], quoting=[stance], sourced=[recommendation])
    with django_assert_num_queries(0):
        assert stance.citation is threshold.cited[0] and stance.citation.source.pk == report.pk
        assert recommendation.source.pk == meeting.pk and recommendation.source.title == meeting.title


@pytest.mark.django_db
def test_no_facts_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        attach_citations([])
