"""Writing bundled records idempotently: match on a natural key, write only what differs."""

from dataclasses import dataclass, field

from django.db import models


@dataclass
class Tally:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, model: type[models.Model], created: bool, changed: bool) -> None:
        name = model._meta.verbose_name_plural
        if created:
            self.created[name] = self.created.get(name, 0) + 1
        elif changed:
            self.updated[name] = self.updated.get(name, 0) + 1


def upsert(model, tally: Tally, lookup: dict, values: dict, m2m: dict | None = None):
    """Create the record or bring it in line with `values`; save only when something differs."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    changed = False
    if created:
        obj = model(**lookup, **values)
        obj.save()
    else:
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed = True
        if changed:
            obj.save()
    for name, targets in (m2m or {}).items():
        manager = getattr(obj, name)
        wanted = {t.pk for t in targets}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            changed = True
    tally.count(model, created, changed)
    return obj
