from django.urls import path

from bench.floor import floor
from policyhub.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("_floor/<slug:name>", floor, name="bench-floor"),
    *project_urlpatterns,
]
