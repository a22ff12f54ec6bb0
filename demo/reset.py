"""``seed_demo --reset``: delete every row marked as demo data, and nothing else, so the seed can start again.

Every model with an ``is_demo`` field is swept, the apps above first (meetings before registers before
figures before the structure), so a demo row is deleted before the demo rows it refers to. Django's
deletion collector says what each delete would also delete or change; when that touches a row that is
not demo data (a real figure entered against a demo indicator, a real risk on a demo initiative), the
reset refuses and names it, and the transaction leaves everything as it was. Secretariats, periods and
users are never demo data here: the seventeen secretariats are real, and people keep their accounts.
"""

from collections import Counter

from django.apps import apps
from django.db import router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector


class ResetRefused(Exception):
    """Some data that is not demo data depends on demo rows; nothing was deleted."""


def demo_models() -> list:
    """Models with an ``is_demo`` field, the apps that depend on others first (INSTALLED_APPS reversed)."""
    found = [
        model
        for model in apps.get_models()
        if any(field.name == "is_demo" for field in model._meta.concrete_fields) and not model._meta.proxy
    ]
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(found, key=lambda model: -order[model._meta.app_label])


def _describe(model, rows) -> str:
    return f"{model._meta.label} {', '.join(str(getattr(row, 'pk', row)) for row in list(rows)[:5])}"


def _not_demo(model, rows) -> list:
    """The rows among ``rows`` (instances) that carry ``is_demo`` and are not demo data."""
    if not any(field.name == "is_demo" for field in model._meta.concrete_fields):
        return []
    return [row for row in rows if not row.is_demo]


def _check(collector: Collector) -> None:
    """Refuse when the collected deletion deletes or changes a row that is not demo data."""
    problems = []
    for model, rows in collector.data.items():
        if real := _not_demo(model, rows):
            problems.append(_describe(model, real))
    for queryset in collector.fast_deletes:
        model = queryset.model
        if any(field.name == "is_demo" for field in model._meta.concrete_fields):
            real = queryset.filter(is_demo=False)
            if real.exists():
                problems.append(_describe(model, real[:5]))
    for (_field, _value), targets in collector.field_updates.items():
        for target in targets:
            rows = list(target) if hasattr(target, "model") else [target]
            model = target.model if hasattr(target, "model") else type(target)
            if real := _not_demo(model, rows):
                problems.append(_describe(model, real))
    if problems:
        raise ResetRefused(
            "These rows are not demo data but depend on demo rows, so the reset would change or delete them: "
            + "; ".join(problems)
            + ". Nothing was deleted."
        )


def _history_model(model):
    history = getattr(model, "history", None)
    return getattr(history, "model", None) if history is not None else None


#: Frozen snapshots are never deleted (PostgreSQL refuses it); the seed finds the demo's and reuses it.
KEPT = {"meetings.Snapshot"}


def _delete_demo_rows(model, deleted: Counter) -> bool:
    """Delete ``model``'s demo rows; False when demo rows of another model still refer to them (try later)."""
    queryset = model._default_manager.filter(is_demo=True)
    if not queryset.exists():
        return True
    collector = Collector(using=router.db_for_write(model))
    try:
        collector.collect(queryset)
    except ProtectedError as error:
        # Demo rows, or rows without a mark of their own (an attendee goes with its meeting): later, once
        # the rows above them are gone.
        if all(getattr(row, "is_demo", True) for row in error.protected_objects):
            return False
        protected = sorted({_describe(type(row), [row]) for row in error.protected_objects if not row.is_demo})
        raise ResetRefused(
            f"Rows that are not demo data refer to demo {model._meta.verbose_name_plural}: "
            f"{'; '.join(protected[:5])}. Nothing was deleted."
        ) from None
    _check(collector)
    collected = {m: [row.pk for row in rows] for m, rows in collector.data.items()}
    deleted.update(collector.delete()[1])
    for collected_model, ids in collected.items():
        history = _history_model(collected_model)
        if history is not None:
            # The change history of rows that no longer exist, the reset's own deletions included.
            deleted[history._meta.label] += history.objects.filter(id__in=ids).delete()[0]
    return True


@transaction.atomic
def reset_demo() -> Counter:
    """Delete the demo rows of every model (and their change history); returns rows deleted per model label."""
    deleted: Counter = Counter()
    pending = [model for model in demo_models() if model._meta.label not in KEPT]
    while pending:
        waiting = [model for model in pending if not _delete_demo_rows(model, deleted)]
        if len(waiting) == len(pending):
            names = ", ".join(model._meta.label for model in waiting)
            raise ResetRefused(f"Rows that are not demo data still refer to demo rows of {names}. Nothing was deleted.")
        pending = waiting
    return +deleted
