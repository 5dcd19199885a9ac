from django.apps import AppConfig


class EditorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editors"
    verbose_name = "Editors and review"

    def ready(self):
        from . import signals

        signals.connect()
