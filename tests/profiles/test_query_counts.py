"""Pinned query counts: every public page, API list and detail, and admin changelist runs exactly this many queries
with the bundled data (the tests with ten times the data show the counts do not grow)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["/", "/countries/", "/countries/ua/", "/countries/ru/?amount=1&unit=g&substance=heroin",
         "/compare/?substance=heroin&amount=1&unit=g", "/changes/", "/changes/feed/", "/recommendations/",
         "/sources/regional-dialogue-2021/", "/coverage/", "/about/", "/search/?q=methadone"]
API = ["countries", "substances", "themes", "indicators", "laws", "thresholds", "sanctions", "assessments", "sources",
       "recommendations", "progress"]
API_PATHS = [f"/api/v1/{name}/" for name in API] + [
    "/api/v1/countries/ua/", "/api/v1/consequences/?substance=heroin&amount=1", "/api/v1/search/?q=methadone"]

PINNED_PAGES = {}
PINNED_API = {}
PINNED_ADMIN = {}


def _count(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_public_pages_run_a_pinned_number_of_queries_in_both_languages(client):
    counts = {path: _count(client, path) for path in PAGES}
    counts |= {f"/ru{path}": _count(client, f"/ru{path}") for path in PAGES}
    assert counts == PINNED_PAGES


def test_api_lists_and_details_run_a_pinned_number_of_queries(client):
    assert {path: _count(client, path) for path in API_PATHS} == PINNED_API


def test_admin_changelists_run_a_pinned_number_of_queries(admin_client):
    paths = sorted(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
                   for model in apps.get_models() if admin.site.is_registered(model))
    assert {path: _count(admin_client, path) for path in paths} == PINNED_ADMIN
