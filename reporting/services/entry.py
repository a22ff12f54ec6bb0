"""The entry form as one write: every figure of a secretariat's quarter saved together, then optionally submitted."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from indicators.choices import EDITABLE_STATUSES
from indicators.models import Indicator, IndicatorValue, InitiativeProgress
from initiatives.models import Initiative
from madinati.errors import Refused
from programme.models import ReportingPeriod, Secretariat
from reporting.quality import Figure, unexplained
from reporting.selectors import WHO, previous_visible_progress
from reporting.services.locks import Writer, writer_for
from reporting.services.refusals import EntryRefused, NotAllowed, RowLocked
from reporting.services.rules import ProgressInput, progress_problem, unit_error, value_fields
from reporting.services.write import claim, figure_write, save, to_submitted


@dataclass(frozen=True)
class ValueEntry:
    indicator: Indicator
    value: Decimal | None  # None: left empty (nothing to save)
    note: str
    version: int | None


@dataclass(frozen=True)
class ProgressEntry:
    initiative: Initiative
    data: ProgressInput | None  # None: left empty
    version: int | None


@dataclass
class EntryResult:
    written: int = 0
    submitted: int = 0


@transaction.atomic
def entry_save(
    *,
    by: User,
    secretariat: Secretariat,
    period: ReportingPeriod,
    values: list[ValueEntry],
    progress: list[ProgressEntry],
    submit: bool = False,
) -> EntryResult:
    """Save the whole entry form in one transaction, then optionally submit.

    The wrong user or a closed period refuses the call (:class:`NotAllowed`,
    :class:`PeriodLocked`). Any refused row (locked, stale, invalid) refuses the
    whole form: nothing is written and :class:`EntryRefused` names every row.
    ``submit`` submits every draft or returned row of the secretariat in the
    period, saved now or before; a value a data-quality check flags needs a
    note to be submitted (refused on its ``note``), while a draft never does.
    """
    writer = writer_for(by=by, secretariat=secretariat, period=period)
    result = EntryResult()
    errors: dict[tuple[str, int], Refused] = {}
    existing_values = {
        row.indicator_id: row
        for row in IndicatorValue.objects.select_related(*WHO).filter(secretariat=secretariat, period=period)
    }
    existing_progress = {
        row.initiative_id: row
        for row in InitiativeProgress.objects.select_related(*WHO).filter(secretariat=secretariat, period=period)
    }
    allowed_initiatives = set(Initiative.objects.filter(participants=secretariat).values_list("pk", flat=True))
    previous = previous_visible_progress(secretariat=secretariat, period=period)

    for entry in values:
        try:
            result.written += _save_value(writer, entry, row=existing_values.get(entry.indicator.pk))
        except Refused as exc:
            errors[("value", entry.indicator.pk)] = exc

    for entry in progress:
        try:
            if entry.initiative.pk not in allowed_initiatives:
                raise NotAllowed(_("Your secretariat does not take part in this initiative."))
            result.written += _save_progress(
                writer,
                entry,
                row=existing_progress.get(entry.initiative.pk),
                previous=previous.get(entry.initiative.pk),
            )
        except Refused as exc:
            errors[("progress", entry.initiative.pk)] = exc

    if submit:
        for key, refusal in _unexplained_flags(writer).items():
            errors.setdefault(key, refusal)
    if errors:
        raise EntryRefused(errors)
    if submit:
        result.submitted = _submit_all(writer)
    return result


def _save_value(writer: Writer, entry: ValueEntry, *, row: IndicatorValue | None) -> bool:
    if not entry.indicator.is_manual:
        raise RowLocked(_("This indicator is computed from initiative progress; it cannot be typed in."))
    if entry.value is None:
        if row is not None and row.is_editable:
            raise RowLocked(_("This figure already has a saved value; enter a value."))
        return False
    problem = unit_error(entry.value, entry.indicator.unit)
    if problem:
        raise RowLocked(problem)
    _row, written = figure_write(
        writer=writer,
        subject=entry.indicator,
        row=row,
        fields=value_fields(value=entry.value, note=entry.note),
        version=entry.version,
        submit=False,
    )
    return written


def _save_progress(
    writer: Writer, entry: ProgressEntry, *, row: InitiativeProgress | None, previous: InitiativeProgress | None
) -> bool:
    if entry.data is None:
        if row is not None and row.is_editable:
            raise RowLocked(_("This progress already has a saved percentage; enter one."))
        return False
    problem = progress_problem(data=entry.data, previous=previous)
    if problem:
        raise RowLocked(problem)
    _row, written = figure_write(
        writer=writer,
        subject=entry.initiative,
        row=row,
        fields=entry.data.fields(),
        version=entry.version,
        submit=False,
    )
    return written


def _unexplained_flags(writer: Writer) -> dict[tuple[str, int], Refused]:
    """The values about to be submitted that a data-quality check flags and no note explains (three queries)."""
    rows = list(
        IndicatorValue.objects.select_related("indicator").filter(
            secretariat=writer.secretariat, period=writer.period, workflow_status__in=EDITABLE_STATUSES
        )
    )
    figures = [Figure(r.indicator, writer.secretariat, r.period_id, r.value) for r in rows]
    reasons = unexplained(figures, [r.note for r in rows])
    return {
        ("value", r.indicator_id): RowLocked(why, field="note") for r, why in zip(rows, reasons, strict=True) if why
    }


def _submit_all(writer: Writer) -> int:
    """Submit every draft or returned value and progress row of the writer's secretariat in the period."""
    submitted = 0
    for model in (IndicatorValue, InitiativeProgress):
        rows = model.objects.filter(
            secretariat=writer.secretariat, period=writer.period, workflow_status__in=EDITABLE_STATUSES
        )
        for row in rows:
            claim(row, version=row.version, statuses=EDITABLE_STATUSES)
            to_submitted(row, by=writer.by)
            save(row, by=writer.by)
            submitted += 1
    return submitted
