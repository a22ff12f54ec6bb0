"""Helpers for ``seed_demo``: write only what differs, so a second run changes nothing."""

from django.db import models


def upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, bool]:
    """Create, or update the fields that differ; never save an unchanged row.

    Returns ``(obj, written)``. Saving an unchanged row would add a history
    entry and move ``updated_at``, and a second seed must leave no trace.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, False
    for name in changed:
        setattr(obj, name, values[name])
    obj.save()
    return obj, True
