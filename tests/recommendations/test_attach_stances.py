"""A progress record's stances loaded for a page, their citations with the page's others (recommendations.selectors.
attach_stances, countries.selectors.attach_citations)."""

import pytest

from countries.selectors import attach_citations
from recommendations.models import Progress, Stance
from recommendations.selectors import attach_stances
from tests.factories import CitationFactory, ProgressFactory, StanceFactory

pytestmark = pytest.mark.django_db


def _disagreeing() -> Progress:
    government, civil_society = CitationFactory(quote="The ban protects health."), CitationFactory(quote="The ban punishes.")
    record = ProgressFactory(citations=[government, civil_society], disagreement_en="They disagree on the ban.",
                             disagreement_ru="Они расходятся во мнениях о запрете.")
    StanceFactory(progress=record, citation=civil_society, side=Stance.Side.CIVIL_SOCIETY)
    StanceFactory(progress=record, citation=government, side=Stance.Side.GOVERNMENT)
    return record


def test_stances_of_a_disagreeing_record_with_their_citations_and_sources(django_assert_num_queries):
    disagreeing, agreeing = _disagreeing(), ProgressFactory()
    records = list(Progress.objects.filter(pk__in=[disagreeing.pk, agreeing.pk]).order_by("pk"))

    with django_assert_num_queries(4):  # the stances; then the records' citations, the citations, their sources
        attach_citations(records, quoting=attach_stances(records))
    with django_assert_num_queries(0):
        sides = records[0].sides()
        quoted = [(label, [(c.quote, c.source.title) for c in citations]) for label, citations in sides]
        assert records[1].sides() == [] and list(records[1].stances.all()) == []

    expected = Progress.objects.get(pk=disagreeing.pk).sides()
    assert quoted == [(label, [(c.quote, c.source.title) for c in citations]) for label, citations in expected]
    assert [label for label, _ in quoted] == ["government", "civil society"]


def test_no_query_for_stances_when_no_record_states_a_disagreement(django_assert_num_queries):
    records = [ProgressFactory(), ProgressFactory()]
    with django_assert_num_queries(0):
        assert attach_stances(records) == []
        assert [list(record.stances.all()) for record in records] == [[], []]
