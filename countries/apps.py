from django.apps import AppConfig


class CountriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "countries"

    def ready(self):
        from .models import Assessment, Citation, Country, Indicator, IndicatorValue, Source
        from .signals import track

        track(Country, Source, Citation, Indicator, IndicatorValue, Assessment)
