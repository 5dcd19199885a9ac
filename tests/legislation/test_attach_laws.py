"""The profile takes each threshold's and sanction's law and article from one query for laws, not a join per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from legislation.models import Law, Sanction, Threshold, shown_article, shown_law
from legislation.selectors import attach_laws
from profiles.selectors import country_profile
from tests.factories import ArticleFactory, CountryFactory, LawFactory, SanctionFactory, ThresholdFactory

pytestmark = pytest.mark.django_db


def test_a_law_cited_by_several_facts_is_one_object_with_its_article():
    country = CountryFactory(iso2="MD")
    law = LawFactory(country=country)
    article = ArticleFactory(law=law, number="264")
    ThresholdFactory(country=country, law=law, article=article)
    SanctionFactory(country=country, law=law, article=article)
    profile = country_profile(iso2="md")
    facts = [t for row in profile.threshold_rows for t in row.facts] + profile.sanctions
    assert len(facts) == 2
    with CaptureQueriesContext(connection) as queries:
        laws = [shown_law(fact) for fact in facts]
        articles = [shown_article(fact) for fact in facts]
    assert queries.captured_queries == []
    assert laws[0] is laws[1] is profile.laws[0]
    assert [a.number for a in articles] == ["264", "264"]


def test_an_unpublished_law_is_cited_as_none_and_left_out_of_the_laws():
    country = CountryFactory(iso2="MD")
    hidden = LawFactory(country=country, published=False)
    ThresholdFactory(country=country, law=hidden)
    profile = country_profile(iso2="md")
    (threshold,) = profile.thresholds
    with CaptureQueriesContext(connection) as queries:
        assert shown_law(threshold) is None
    assert queries.captured_queries == []
    assert profile.laws == []


def test_an_article_of_another_law_costs_one_more_query_not_one_per_fact():
    country = CountryFactory(iso2="MD")
    law, other = LawFactory(country=country), LawFactory(country=country)
    stray = ArticleFactory(law=other)
    for _ in range(3):
        Threshold.objects.filter(pk=ThresholdFactory(country=country, law=law).pk).update(article=stray)
    facts = list(Threshold.objects.filter(country=country))
    with CaptureQueriesContext(connection) as queries:
        attach_laws(facts, list(Law.objects.filter(pk=law.pk).prefetch_related("articles")))
        assert {shown_article(fact).pk for fact in facts} == {stray.pk}
    assert len(queries.captured_queries) == 3  # the law, its articles, then the stray article with its law


def test_every_cited_law_must_be_given():
    sanction = SanctionFactory(law=LawFactory())
    with pytest.raises(KeyError):
        attach_laws([Sanction.objects.get(pk=sanction.pk)], [])
