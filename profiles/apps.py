from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "profiles"
    verbose_name = _("Country profiles")

    def ready(self):
        from countries.signals import data_changed

        from .search import connect_signals

        data_changed.connect(_mark_stale, dispatch_uid="briefs-mark-stale")
        connect_signals()


def _mark_stale(sender, instance=None, **kwargs):

    from .briefs import mark_stale

    mark_stale(instance)
