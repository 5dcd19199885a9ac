from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views import defaults
from django.views.i18n import set_language

from countries.health import healthz
from profiles import recommendation_views
from profiles import views as country_views
from releases import views as release_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("policyhub.api_urls")),
]

urlpatterns += i18n_patterns(
    # /admin/ in English, /ru/admin/ in Russian.
    path("admin/", admin.site.urls),
    path("", country_views.home, name="home"),
    path("countries/", country_views.country_list, name="country-list"),
    path("countries/<str:iso2>/", country_views.country_detail, name="country-detail"),
    path("countries/<str:iso2>/brief.pdf", country_views.country_brief, name="country-brief"),
    path("compare/", country_views.compare, name="compare"),
    path("changes/", country_views.changes, name="changes"),
    path("changes/feed/", country_views.ChangesFeed(), name="changes-feed"),
    path("coverage/", country_views.coverage, name="coverage"),
    path("about/", country_views.about, name="about"),
    path("search/", country_views.search, name="search"),
    path("", include("alerts.urls")),
    path("recommendations/", recommendation_views.recommendation_list, name="recommendation-list"),
    path("recommendations/<int:pk>/", recommendation_views.recommendation_detail, name="recommendation-detail"),
    path("sources/<slug:slug>/", recommendation_views.source_detail, name="source-detail"),
    path("data/", release_views.data, name="data"),
    path("data/<int:number>/<path:name>", release_views.release_download, name="release-file"),
    path("corrections/", include("editors.urls")),
    prefix_default_language=False,
)


def not_found(request, exception):
    """Under /api/ a partner's client gets JSON, like every other API error; elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Nothing at this address; see /api/v1/docs/ for the endpoints."}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = not_found
