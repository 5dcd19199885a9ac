from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "legislation"
    verbose_name = _("Legislation")

    def ready(self):
        from countries.signals import track

        from .models import Alternative, Article, Law, Sanction, Substance, Threshold

        track(Substance, Law, Article, Threshold, Alternative, Sanction)
