"""/history/value/<pk>/ and /history/progress/<pk>/: who changed a figure, when, old → new, with the reasons."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, InitiativeProgress
from madinati.numbers import format_number
from reporting.selectors import history_records, visible_figure

VALUE_FIELDS = ("value", "note")
PROGRESS_FIELDS = ("percent_complete", "quantity_achieved", "status", "narrative")


def _show(model, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "as_tuple"):
        return format_number(value)
    return str(value)


def _entries(model, records: list, fields: tuple[str, ...], *, sees_drafts: bool) -> list[dict]:
    """One entry per visible record, newest first: the fields that changed and the workflow transition."""
    entries, before = [], None
    for record in records:
        if not sees_drafts and record.workflow_status == WorkflowStatus.DRAFT:
            # A secretariat's drafts are its own until submitted, in the history too.
            continue
        changes = [
            {
                "label": model._meta.get_field(name).verbose_name,
                "old": _show(model, name, getattr(before, name)) if before else "—",
                "new": _show(model, name, getattr(record, name)),
            }
            for name in fields
            if (before is None and getattr(record, name) not in (None, ""))
            or (before is not None and getattr(before, name) != getattr(record, name))
        ]
        transition = None
        if before is None or before.workflow_status != record.workflow_status:
            transition = {
                "old": WorkflowStatus(before.workflow_status).label if before else None,
                "new": WorkflowStatus(record.workflow_status).label,
            }
        entries.append(
            {
                "record": record,
                "who": record.history_user,
                "when": record.history_date,
                "kind": record.get_history_type_display(),
                "changes": changes,
                "transition": transition,
                "reason": record.history_change_reason or "",
            }
        )
        before = record
    entries.reverse()
    return entries


def _history(request, model, pk: int, fields: tuple[str, ...]):
    user = request.user
    row = visible_figure(user=user, model=model, pk=pk)
    if row is None:
        raise Http404
    sees_drafts = user.is_programme_admin or (user.is_officer and user.secretariat_id == row.secretariat_id)
    entries = _entries(model, history_records(row), fields, sees_drafts=sees_drafts)
    return render(
        request,
        "history/history.html",
        {"row": row, "entries": entries, "is_value": model is IndicatorValue, "hidden_drafts": not sees_drafts},
    )


def value_history(request, pk: int):
    return _history(request, IndicatorValue, pk, VALUE_FIELDS)


def progress_history(request, pk: int):
    return _history(request, InitiativeProgress, pk, PROGRESS_FIELDS)
