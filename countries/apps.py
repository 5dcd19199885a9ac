from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


def _bump(sender, instance=None, **kwargs):
    """Any edit to the knowledge base: a new data version, and the briefs that may show it marked stale."""
    if kwargs.get("raw"):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    from .briefs import mark_stale
    from .models import DataVersion

    DataVersion.bump()
    mark_stale(instance)


class CountriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "countries"

    def ready(self):
        from django.apps import apps

        for model in apps.get_models():
            if model._meta.app_label not in {"countries", "legislation", "recommendations"}:
                continue
            if model.__name__ in {"DataVersion", "Brief", "SearchEntry"} or model.__name__.startswith("Historical"):
                continue
            post_save.connect(_bump, sender=model, dispatch_uid=f"bump-save-{model._meta.label}")
            post_delete.connect(_bump, sender=model, dispatch_uid=f"bump-delete-{model._meta.label}")
            for field in model._meta.many_to_many:
                m2m_changed.connect(_bump, sender=field.remote_field.through, dispatch_uid=f"bump-m2m-{field}")
        from .search import connect_signals

        connect_signals()
