"""Rules every save must keep, whoever writes (admin, API, import, shell): a record's law and citations are its own
country's or region-wide. The admin, the API and the import report the same rule as a form or 400 error first."""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, pre_save

from . import review

CHECKED = ["legislation.Law", "legislation.Threshold", "legislation.Sanction", "countries.Assessment",
           "recommendations.Progress"]


def _check_law(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures and backups load as they were saved
        return
    errors = review.reference_errors(instance)
    if errors:
        raise ValidationError(errors)


def _check_citations(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "pre_add" or reverse or not pk_set:
        return
    errors = review.reference_errors(instance, {"citations": list(pk_set)})
    if errors:
        raise ValidationError(errors)


def connect() -> None:
    from django.apps import apps

    for label in CHECKED:
        model = apps.get_model(label)
        pre_save.connect(_check_law, sender=model, dispatch_uid=f"references-{label}")
        through = model._meta.get_field("citations").remote_field.through
        m2m_changed.connect(_check_citations, sender=through, dispatch_uid=f"citations-{label}")
