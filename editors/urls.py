from django.urls import path

from . import views

urlpatterns = [
    path("<slug:kind>/<int:pk>/", views.report_correction, name="correction-new"),
    path("sent/", views.correction_sent, name="correction-sent"),
]
