from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from countries.signals import track

        from .models import Addressee, Progress, Recommendation, ReportNote, Theme

        track(Theme, Addressee, Recommendation, Progress, ReportNote)
