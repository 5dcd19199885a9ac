"""Every history record of a sourced fact may be a published change a webhook wants: once the editor's transaction
has committed, a task decides (so the save never waits for a partner's server)."""

from django.db import transaction
from simple_history.signals import post_create_historical_record


def _announce(sender, instance, history_instance, **kwargs):
    label, history_id = instance._meta.label, history_instance.history_id

    def queue():
        from .tasks import announce_change

        announce_change.delay(label, history_id)

    # robust: a broker that is down is logged; the editor's save has already happened and stays.
    transaction.on_commit(queue, robust=True)


def connect() -> None:
    from profiles.changes import tracked_models

    for model in tracked_models():
        post_create_historical_record.connect(_announce, sender=model.history.model,
                                              dispatch_uid=f"alerts-announce-{model._meta.label}")
