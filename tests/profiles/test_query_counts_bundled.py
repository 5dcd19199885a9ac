"""Pinned query counts: every public page, API list and detail, and admin changelist runs exactly this many queries
with the bundled data (the tests with ten times the data show the counts do not grow)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bundled_data")]

PAGES = ["/", "/countries/", "/countries/ua/", "/countries/ru/?amount=1&unit=g&substance=heroin",
         "/compare/?substance=heroin&amount=1&unit=g", "/changes/", "/changes/feed/", "/recommendations/",
         "/sources/regional-dialogue-2021/", "/coverage/", "/about/", "/search/?q=methadone"]
API = ["countries", "substances", "themes", "indicators", "laws", "thresholds", "sanctions", "assessments", "sources",
       "recommendations", "progress"]
API_PATHS = [f"/api/v1/{name}/" for name in API] + [
    "/api/v1/countries/ua/", "/api/v1/consequences/?substance=heroin&amount=1", "/api/v1/search/?q=methadone"]

# The same in Russian under /ru/.
PINNED_PAGES = {
    "/": 32,
    "/countries/": 5,
    "/countries/ua/": 16,
    "/countries/ru/?amount=1&unit=g&substance=heroin": 24,
    "/compare/?substance=heroin&amount=1&unit=g": 14,
    "/changes/": 23,
    "/changes/feed/": 21,
    "/recommendations/": 14,
    "/sources/regional-dialogue-2021/": 13,
    "/coverage/": 28,
    "/about/": 3,
    "/search/?q=methadone": 4,
}
PINNED_API = {
    "/api/v1/countries/": 3,
    "/api/v1/substances/": 3,
    "/api/v1/themes/": 3,
    "/api/v1/indicators/": 4,
    "/api/v1/laws/": 5,
    "/api/v1/thresholds/": 4,
    "/api/v1/sanctions/": 5,
    "/api/v1/assessments/": 4,
    "/api/v1/sources/": 3,
    "/api/v1/recommendations/": 6,
    "/api/v1/progress/": 5,
    "/api/v1/countries/ua/": 14,
    "/api/v1/consequences/?substance=heroin&amount=1": 9,
    "/api/v1/search/?q=methadone": 2,
}
PINNED_ADMIN = {
    "/admin/alerts/delivery/": 6,
    "/admin/alerts/subscription/": 5,
    "/admin/alerts/webhook/": 5,
    "/admin/auth/group/": 5,
    "/admin/auth/user/": 6,
    "/admin/axes/accessattempt/": 8,
    "/admin/axes/accessfailurelog/": 8,
    "/admin/axes/accesslog/": 8,
    "/admin/countries/assessment/": 8,
    "/admin/profiles/brief/": 5,
    "/admin/countries/citation/": 6,
    "/admin/countries/country/": 5,
    "/admin/countries/indicator/": 5,
    "/admin/countries/source/": 5,
    "/admin/editors/apitoken/": 5,
    "/admin/editors/changerequest/": 6,
    "/admin/editors/correction/": 7,
    "/admin/editors/organization/": 5,
    "/admin/legislation/alternative/": 5,
    "/admin/legislation/article/": 5,
    "/admin/legislation/law/": 6,
    "/admin/legislation/sanction/": 6,
    "/admin/legislation/substance/": 5,
    "/admin/legislation/threshold/": 7,
    "/admin/recommendations/addressee/": 5,
    "/admin/recommendations/progress/": 6,
    "/admin/recommendations/recommendation/": 8,
    "/admin/recommendations/theme/": 5,
}


def _count(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_public_pages_run_a_pinned_number_of_queries_in_both_languages(client):
    assert {path: _count(client, path) for path in PAGES} == PINNED_PAGES
    assert {path: _count(client, f"/ru{path}") for path in PAGES} == PINNED_PAGES


def test_api_lists_and_details_run_a_pinned_number_of_queries(client):
    assert {path: _count(client, path) for path in API_PATHS} == PINNED_API


def test_admin_changelists_run_a_pinned_number_of_queries(admin_client):
    paths = sorted(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
                   for model in apps.get_models() if admin.site.is_registered(model))
    assert {path: _count(admin_client, path) for path in paths} == PINNED_ADMIN
