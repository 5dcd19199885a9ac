"""Taking a record back from the public removes it from every public surface, and drafts never change what
anonymous visitors get (issue 14, finding 12)."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from profiles.briefs import brief_html
from tests.factories import ProgressFactory, RecommendationFactory, ThresholdFactory, bundled_country

TERM = "zqxprobetier"

SURFACES = {
    "profile": lambda client, t: client.get("/countries/ua/").content.decode(),
    "profile (ru)": lambda client, t: client.get("/ru/countries/ua/").content.decode(),
    "api list": lambda client, t: client.get("/api/v1/thresholds/", {"country": "UA", "page_size": 500}).content.decode(),
    "api csv": lambda client, t: client.get("/api/v1/thresholds/", {"country": "UA", "format": "csv",
                                                                    "page_size": 500}).content.decode(),
    "api detail": lambda client, t: client.get(f"/api/v1/thresholds/{t.pk}/").content.decode(),
    "changes": lambda client, t: client.get("/changes/").content.decode(),
    "changes of the country": lambda client, t: client.get("/changes/", {"country": "UA"}).content.decode(),
    "feed": lambda client, t: client.get("/changes/feed/").content.decode(),
    "brief": lambda client, t: brief_html(iso2="UA", language="en"),
    # The search page shows the same results as the API, and repeats the query itself.
    "search": lambda client, t: client.get("/api/v1/search/", {"q": TERM}).content.decode(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES)
def test_an_unpublished_record_leaves_every_public_surface(client, surface):
    threshold = ThresholdFactory(country=bundled_country("UA"), term=TERM, amount=Decimal("0.77"))
    cache.clear()
    assert TERM in SURFACES[surface](client, threshold), "the probe must be visible while it is published"
    threshold.published = False
    threshold.save()
    cache.clear()
    assert TERM not in SURFACES[surface](client, threshold)


@pytest.mark.django_db
def test_a_draft_progress_row_does_not_put_a_recommendation_in_a_countrys_results(client):
    md = bundled_country("MD")
    ProgressFactory(country=md)  # Moldova has results of its own
    recommendation = RecommendationFactory()
    ProgressFactory(recommendation=recommendation, country=md, published=False)
    api = client.get("/api/v1/recommendations/", {"country": "MD", "page_size": 500}).json()
    assert recommendation.pk not in {row["id"] for row in api["results"]}
    page = client.get("/recommendations/", {"country": "MD"})
    assert recommendation not in list(page.context["page"].object_list)
    from recommendations.models import Progress

    Progress.objects.filter(recommendation=recommendation, country=md).update(published=True)
    cache.clear()
    api = client.get("/api/v1/recommendations/", {"country": "MD", "page_size": 500}).json()
    assert recommendation.pk in {row["id"] for row in api["results"]}


LAW_TITLE, LAW_REFERENCE, ARTICLE_NUMBER = "Zqxhidden Narcotics Act", "No. ZQX-4411", "zqx-77"
LAW_SURFACES = {
    **{name: SURFACES[name] for name in ("profile", "profile (ru)", "api list", "api csv", "api detail", "changes",
                                         "feed", "brief")},
    "profile csv": lambda client, t: client.get("/countries/ua/", {"format": "csv", "table": "thresholds"}).content.decode(),
    "profile sanctions csv": lambda client, t: client.get("/countries/ua/", {"format": "csv", "table": "sanctions"}).content.decode(),
    "api sanctions": lambda client, t: client.get("/api/v1/sanctions/", {"country": "UA", "page_size": 500}).content.decode(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("surface", LAW_SURFACES)
def test_a_published_fact_does_not_show_the_unpublished_law_it_cites(client, surface):
    from legislation.models import Law
    from tests.factories import ArticleFactory, LawFactory, SanctionFactory

    ukraine = bundled_country("UA")
    law = LawFactory(country=ukraine, title_en=LAW_TITLE, title_ru=LAW_TITLE, reference=LAW_REFERENCE)
    article = ArticleFactory(law=law, number=ARTICLE_NUMBER)
    threshold = ThresholdFactory(country=ukraine, term=TERM, amount=Decimal("0.77"), law=None)
    threshold.law, threshold.article, threshold.amount = law, article, Decimal("0.78")  # a change naming the law
    threshold.save()
    SanctionFactory(country=ukraine, law=law, article=article, penalty_summary=TERM)
    cache.clear()
    shown = LAW_SURFACES[surface](client, threshold)
    assert TERM in shown and LAW_TITLE in shown, "the probe must name its law while the law is published"
    Law.objects.filter(pk=law.pk).update(published=False)
    cache.clear()
    shown = LAW_SURFACES[surface](client, threshold)
    assert TERM in shown
    assert LAW_TITLE not in shown and LAW_REFERENCE not in shown and ARTICLE_NUMBER not in shown
