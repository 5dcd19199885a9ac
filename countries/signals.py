"""Every edit to the knowledge base makes a new data version. Each app names the models it keeps with `track`."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from .models import DataVersion

# Sent after the data version moved on, with the edited record as `instance`: what is built from the data listens.
data_changed = Signal()


def _bump(sender, instance=None, **kwargs):
    if kwargs.get("raw"):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    DataVersion.bump()
    data_changed.send(sender=sender, instance=instance)


def track(*models) -> None:
    """Make every save, delete and many-to-many change of these models a new data version."""
    for model in models:
        post_save.connect(_bump, sender=model, dispatch_uid=f"bump-save-{model._meta.label}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"bump-delete-{model._meta.label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(_bump, sender=field.remote_field.through, dispatch_uid=f"bump-m2m-{field}")
