from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recommendations"

    def ready(self):
        from countries.signals import track

        from .models import Addressee, Progress, Recommendation, ReportNote, Theme

        track(Theme, Addressee, Recommendation, Progress, ReportNote)
