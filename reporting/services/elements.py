"""An officer's visual-distortion elements for one quarter, saved together; the initiative's progress follows.

The same rules as every figure of the workflow (:mod:`reporting.services.locks`):
only the secretariat's officer, only while the period is open for it. The
elements belong with the initiative's progress row of the quarter, so once that
row is submitted or approved they are locked with it. After the save, the
progress row (a draft) takes treated ÷ targeted as its percent complete and the
treated count as its quantity, through the one write of a figure
(:func:`reporting.services.write.figure_write`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from indicators.models import InitiativeProgress, ReportedStatus
from initiatives.elements import secretariat_tally
from initiatives.models import DistortionElement, ElementRecord, ElementUnit, Initiative, Participation
from madinati.errors import Refused
from madinati.text import NOTE_MAX_LENGTH
from programme.models import ReportingPeriod, Secretariat
from reporting.selectors import WHO, previous_visible_progress
from reporting.services.locks import row_lock_reason, writer_for
from reporting.services.refusals import NotAllowed, RowLocked
from reporting.services.rules import ProgressInput, progress_problem
from reporting.services.write import figure_write

NOT_TARGETED, TARGETED, TREATED = "", "targeted", "treated"


@dataclass(frozen=True)
class ElementEntry:
    element: DistortionElement
    state: str  # NOT_TARGETED (no record), TARGETED or TREATED
    quantity: Decimal | None = None
    unit: str = ""
    note: str = ""


@dataclass
class ElementsResult:
    written: int = 0
    percent: Decimal | None = None  # the progress derived from the elements, when any is targeted


class ElementsRefused(Refused):
    """Some elements were refused; nothing was written. ``errors`` maps an element's id to its refusal."""

    def __init__(self, errors: dict[int, Refused]):
        super().__init__("; ".join(e.message for e in errors.values()))
        self.errors = errors


def _problem(entry: ElementEntry, initiative: Initiative) -> str | None:
    if entry.element.initiative_id != initiative.pk:
        return _("This element does not belong to this initiative.")
    if entry.state not in (NOT_TARGETED, TARGETED, TREATED):
        return _("Choose whether the element is targeted or treated.")
    if entry.state == NOT_TARGETED and (entry.quantity is not None or entry.note.strip()):
        return _("Mark the element as targeted or treated to give a quantity or a note.")
    if entry.quantity is not None and entry.quantity < 0:
        return _("The quantity cannot be negative.")
    if entry.unit and entry.unit not in ElementUnit.values:
        return _("Choose a unit from the list.")
    if entry.quantity is not None and not entry.unit:
        return _("Give the unit of the quantity.")
    if len(entry.note) > NOTE_MAX_LENGTH:
        return _("The note is longer than %(max)d characters.") % {"max": NOTE_MAX_LENGTH}
    return None


@transaction.atomic
def elements_save(
    *,
    by: User,
    secretariat: Secretariat,
    period: ReportingPeriod,
    initiative: Initiative,
    entries: list[ElementEntry],
) -> ElementsResult:
    """Save the quarter's element records of ``secretariat`` on ``initiative``, then derive its progress.

    Refuses the wrong user or a closed period (:class:`NotAllowed`, :class:`PeriodLocked`),
    an initiative the secretariat does not take part in, a locked progress row,
    and any wrong element (:class:`ElementsRefused`, naming each); nothing is written then.
    """
    writer = writer_for(by=by, secretariat=secretariat, period=period)
    if not Participation.objects.filter(initiative=initiative, secretariat=secretariat).exists():
        raise NotAllowed(_("Your secretariat does not take part in this initiative."), field="initiative")
    progress = (
        InitiativeProgress.objects.select_related(*WHO)
        .filter(initiative=initiative, secretariat=secretariat, period=period)
        .first()
    )
    lock = row_lock_reason(progress)
    if lock:
        raise RowLocked(
            _("The elements go with the initiative's progress of the quarter: %(reason)s") % {"reason": lock}
        )
    errors = {e.element.pk: RowLocked(p) for e in entries if (p := _problem(e, initiative))}
    if errors:
        raise ElementsRefused(errors)
    existing = {
        r.element_id: r
        for r in ElementRecord.objects.filter(secretariat=secretariat, period=period, element__initiative=initiative)
    }
    result = ElementsResult()
    for entry in entries:
        result.written += _write(entry, existing.get(entry.element.pk), secretariat=secretariat, period=period, by=by)
    tally = secretariat_tally(initiative=initiative, secretariat=secretariat, period=period)
    result.percent = tally.percent
    if tally.percent is not None:
        data = ProgressInput(
            percent_complete=tally.percent,
            quantity_achieved=Decimal(tally.treated),
            status=progress.status if progress else ReportedStatus.ON_TRACK,
            narrative=progress.narrative if progress else "",
        )
        previous = previous_visible_progress(secretariat=secretariat, period=period).get(initiative.pk)
        problem = progress_problem(data=data, previous=previous)
        if problem:
            raise RowLocked(problem, field="progress")
        figure_write(
            writer=writer,
            subject=initiative,
            row=progress,
            fields=data.fields(),
            version=progress.version if progress else None,
            submit=False,
        )
    return result


def _write(entry: ElementEntry, record: ElementRecord | None, *, secretariat, period, by) -> int:
    """Create, change or delete one record (each a ``save()`` or ``delete()``, so the history keeps it)."""
    if entry.state == NOT_TARGETED:
        if record is None:
            return 0
        record._history_user = by
        record.delete()
        return 1
    fields = {
        "treated": entry.state == TREATED,
        "quantity": entry.quantity,
        "unit": entry.unit if entry.quantity is not None else "",
        "note": entry.note.strip(),
    }
    if record is None:
        record = ElementRecord(secretariat=secretariat, period=period, element=entry.element)
    elif all(getattr(record, name) == value for name, value in fields.items()):
        return 0
    for name, value in fields.items():
        setattr(record, name, value)
    record.updated_by = by
    record._history_user = by
    record.save()
    return 1
