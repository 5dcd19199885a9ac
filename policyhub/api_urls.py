from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from alerts.api import WebhookViewSet
from countries.api import AssessmentViewSet, IndicatorViewSet, SourceViewSet
from legislation.api import ConsequenceView, LawViewSet, SanctionViewSet, SubstanceViewSet, ThresholdViewSet
from profiles.api import CountryViewSet, SearchView
from recommendations.api import ProgressViewSet, RecommendationViewSet, ThemeViewSet
from releases.api import ReleaseViewSet

router = DefaultRouter()
router.register("countries", CountryViewSet, basename="api-country")
router.register("substances", SubstanceViewSet, basename="api-substance")
router.register("themes", ThemeViewSet, basename="api-theme")
router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("laws", LawViewSet, basename="api-law")
router.register("thresholds", ThresholdViewSet, basename="api-threshold")
router.register("sanctions", SanctionViewSet, basename="api-sanction")
router.register("assessments", AssessmentViewSet, basename="api-assessment")
router.register("sources", SourceViewSet, basename="api-source")
router.register("recommendations", RecommendationViewSet, basename="api-recommendation")
router.register("progress", ProgressViewSet, basename="api-progress")
router.register("releases", ReleaseViewSet, basename="api-release")
router.register("webhooks", WebhookViewSet, basename="api-webhook")

urlpatterns = [
    path("consequences/", ConsequenceView.as_view(), name="consequences"),
    path("search/", SearchView.as_view(), name="api-search"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, so the page needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
         name="api-docs"),
    *router.urls,
]
