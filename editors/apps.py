from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editors"
    verbose_name = _("Editors and review")

    def ready(self):
        from countries import review as api_review
        from profiles import jinja

        from . import review, signals
        from .templatetags.corrections import correction_link

        signals.connect()
        api_review.install(review)
        jinja.install(correction_link=correction_link)
        self._replace_token_admin()

    @staticmethod
    def _replace_token_admin():
        """DRF's token admin lists every key in plain text; editors.admin has the hashed tokens instead."""
        from django.contrib import admin
        from rest_framework.authtoken.models import TokenProxy

        if admin.site.is_registered(TokenProxy):
            admin.site.unregister(TokenProxy)
