from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "countries"
    verbose_name = _("Countries")

    def ready(self):
        from .models import Assessment, Citation, Country, Indicator, IndicatorValue, Source
        from .signals import track

        track(Country, Source, Citation, Indicator, IndicatorValue, Assessment)
