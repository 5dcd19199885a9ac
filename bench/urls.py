from django.urls import path

from bench.floor import floor
from policyhub.urls import handler404  # noqa: F401  (the project's 404 answers)
from policyhub.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("_floor/<slug:name>", floor, name="bench-floor"),
    *project_urlpatterns,
]
