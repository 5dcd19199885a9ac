"""The profile page, the API's country detail and the PDF brief show the same facts, for every focus country."""

import pytest
from django.test import Client
from django.test.signals import template_rendered

from countries.models import Country
from profiles.briefs import brief_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]


def _shown(profile) -> dict:
    return {
        "statuses": {(i.slug, a.value.slug) for i, a in profile.known_indicators},
        "laws": {law.pk for law in profile.laws},
        "thresholds": {t.pk for t in profile.thresholds},
        "sanctions": {s.pk for s in [*profile.sanctions, *profile.proposals]},
        "progress": {p.pk for p in profile.progress},
    }


def _api(data) -> dict:
    return {
        "statuses": {(s["indicator"], s["value"]) for s in data["statuses"]},
        **{kind: set(ids) for kind, ids in data["facts"].items()},
    }


def _brief_profile(iso2: str):
    seen = []

    def capture(sender, template, context, **kwargs):
        if template.name == "briefs/brief.html":
            seen.append(context["profile"])

    template_rendered.connect(capture)
    try:
        brief_html(iso2=iso2)
    finally:
        template_rendered.disconnect(capture)
    return seen[0]


def test_page_api_and_brief_show_the_same_facts():
    client = Client()
    checked = 0
    for country in Country.objects.focus():
        code = country.iso2.lower()
        page = _shown(client.get(f"/countries/{code}/").context["profile"])
        api = _api(client.get(f"/api/v1/countries/{code}/").json())
        brief = _shown(_brief_profile(country.iso2))
        assert page == api, f"{country.iso2}: the API differs from the page"
        assert page == brief, f"{country.iso2}: the brief differs from the page"
        checked += bool(page["laws"] or page["thresholds"] or page["statuses"])
    assert checked >= 25, "the comparison ran over countries with facts"


def test_the_api_leaves_out_draft_and_repealed_laws_as_the_page_does():
    client = Client()
    for country in Country.objects.focus():
        data = client.get(f"/api/v1/countries/{country.iso2.lower()}/").json()
        shown = country.laws.filter(pk__in=data["facts"]["laws"])
        assert not shown.filter(status="draft").exists()
        assert data["law_count"] == len(data["facts"]["laws"])


def test_the_briefs_asks_put_the_worst_gaps_first():
    """Page 1's recommendations are those the country is furthest from, in the profile's worst-first order."""
    from profiles.briefs import key_recommendations
    from profiles.selectors import country_profile
    from recommendations.selectors import STATUS_RANK

    for iso2 in ("UA", "KZ", "GE"):
        profile = country_profile(iso2=iso2)
        asks = key_recommendations(profile=profile)
        ranks = [STATUS_RANK[r.latest.status] for r in asks if r.latest]
        assert ranks == sorted(ranks) and ranks, iso2
        assert [r.pk for r in asks if r.latest] == [p.recommendation_id for p in profile.progress][:len(ranks)], iso2
        assert STATUS_RANK[asks[0].latest.status] == min(STATUS_RANK[p.status] for p in profile.progress), iso2
