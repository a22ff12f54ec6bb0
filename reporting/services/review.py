"""Review: a ministry reviewer approves submitted figures or returns them with a reason.

A value and a progress row are reviewed alike; the reviewer's ``version``
guards against approving a figure that changed since the queue was read.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action
from audit.services import record
from indicators.choices import WorkflowStatus
from madinati.text import NOTE_MAX_LENGTH, user_text
from reporting.services.locks import check_reviewer
from reporting.services.refusals import RowLocked
from reporting.services.write import Figure, claim, save

#: A reviewer's reason for returning a figure: a few sentences, kept in the row and its history.
REASON_MAX_LENGTH = NOTE_MAX_LENGTH


@transaction.atomic
def row_approve(*, row: Figure, by: User, version: int | None = None) -> None:
    """submitted → approved (a value or a progress row)."""
    check_reviewer(by)
    claim(row, version=version, statuses=[WorkflowStatus.SUBMITTED])
    row.workflow_status = WorkflowStatus.APPROVED
    row.reviewed_by, row.reviewed_at = by, timezone.now()
    row.return_reason = ""
    save(row, by=by)
    record(action=Action.FIGURE_APPROVED, user=by, obj=row)


@transaction.atomic
def row_return(*, row: Figure, by: User, reason: str, version: int | None = None) -> None:
    """submitted → returned, with the reviewer's reason (required; kept in the history)."""
    check_reviewer(by)
    reason = user_text(reason, field="reason", max_length=REASON_MAX_LENGTH)
    if not reason:
        raise RowLocked(_("Give the reason for returning it, so the secretariat knows what to fix."), field="reason")
    claim(row, version=version, statuses=[WorkflowStatus.SUBMITTED])
    row.workflow_status = WorkflowStatus.RETURNED
    row.reviewed_by, row.reviewed_at = by, timezone.now()
    row.return_reason = reason
    save(row, by=by, reason=reason)
    record(action=Action.FIGURE_RETURNED, user=by, obj=row, detail={"reason": reason[:500]})


@transaction.atomic
def rows_approve(*, rows: list[tuple[Figure, int | None]], by: User) -> int:
    """Approve several ``(row, version)`` at once: all or none (a refused row refuses the batch)."""
    check_reviewer(by)
    for row, version in rows:
        row_approve(row=row, by=by, version=version)
    return len(rows)
