from django.apps import AppConfig


class LegislationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "legislation"

    def ready(self):
        from countries.signals import track

        from .models import Alternative, Article, Law, Sanction, Substance, Threshold

        track(Substance, Law, Article, Threshold, Alternative, Sanction)
