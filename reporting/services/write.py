"""The one write of a figure: an indicator value or an initiative progress row, by the same rules.

* the writer was checked (:class:`~reporting.services.locks.Writer`: the
  secretariat's officer, the period open for it);
* only rows in ``draft`` or ``returned`` change; saving a returned row makes it a draft again;
* every write carries the ``version`` it was read at and claims the row with a
  compare-and-swap ``UPDATE … WHERE version = v``: a second editor working from an
  older version is refused and told the newer figure, never silently overwritten;
* every write is a ``save()``, so django-simple-history keeps who, when, old → new,
  with the reviewer's reason as the change reason of a return;
* a write that leaves the row a draft moves the drafts version, not the data version
  (:func:`madinati.dataversion.drafts_only`): the row was ``draft`` or ``returned``
  before and is a draft after, and neither counts in any figure (DESIGN §4 rule 1),
  so the cached scorecards and pages stay warm while officers type.

These are steps of the services in ``entry``, ``review`` and ``imports``, which
hold the transaction; called outside one, they refuse to run.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from indicators.choices import EDITABLE_STATUSES, WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress
from initiatives.models import Initiative
from madinati import dataversion
from madinati.numbers import format_number
from reporting.selectors import WHO
from reporting.services.locks import Writer, display_name, format_moment, row_lock_reason
from reporting.services.refusals import RowLocked, StaleVersion

Figure = IndicatorValue | InitiativeProgress
#: The field naming what a row is about, per kind of figure.
SUBJECT = {IndicatorValue: "indicator", InitiativeProgress: "initiative"}


def _in_transaction() -> None:
    # The compare-and-swap UPDATE holds the row until the caller's transaction ends.
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("A figure is written inside a service's transaction.")


def _describe(row: Figure) -> str:
    if isinstance(row, IndicatorValue):
        return format_number(row.value)
    return f"{format_number(row.percent_complete)}%"


def _stale_message(current: Figure) -> str:
    who = display_name(current.updated_by) or display_name(current.reviewed_by) or _("someone else")
    status = WorkflowStatus(current.workflow_status).label
    return _(
        "%(user)s saved this figure at %(when)s: it is now %(value)s (%(status)s). "
        "Your change was not saved; check the newer figure and save again."
    ) % {"user": who, "when": format_moment(current.updated_at), "value": _describe(current), "status": status}


def claim(row: Figure, *, version: int | None, statuses: Iterable[str]) -> None:
    """Compare-and-swap: bump ``version`` only if nobody saved the row since ``version`` was read.

    ``version=None`` trusts the row as loaded. The UPDATE also takes the row
    lock (PostgreSQL) or the write lock (SQLite) for the rest of the
    transaction, so the following ``save()`` is safe.
    """
    _in_transaction()
    model = type(row)
    statuses = list(statuses)
    read = row.version if version is None else version
    claimed = model.objects.filter(pk=row.pk, version=read, workflow_status__in=statuses).update(
        version=F("version") + 1
    )
    if claimed != 1:
        current = model.objects.select_related(*WHO).get(pk=row.pk)
        if (version is None or current.version == version) and current.workflow_status not in statuses:
            raise RowLocked(row_lock_reason(current) or _stale_message(current))
        raise StaleVersion(_stale_message(current), current=current)
    row.version = read + 1


def save(row: Figure, *, by: User, reason: str = "") -> None:
    """``save()`` with the history's who (and why, for a return)."""
    row.updated_by = by
    row._history_user = by
    if reason:
        row._change_reason = reason
    row.save()


def to_submitted(row: Figure, *, by: User) -> None:
    row.workflow_status = WorkflowStatus.SUBMITTED
    row.submitted_by = by
    row.submitted_at = timezone.now()
    row.return_reason = ""


def _create(model: type[Figure], *, by: User, key: dict, fields: dict) -> Figure:
    """Insert a new row; a concurrent insert of the same key is a stale edit, not a 500."""
    row = model(**key, **fields, created_by=by, updated_by=by, version=1)
    row._history_user = by
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        current = model.objects.select_related(*WHO).get(**key)
        raise StaleVersion(_stale_message(current), current=current) from None
    return row


def _counted(*, submit: bool) -> AbstractContextManager:
    """Where the statements of a figure write are counted: the data version for a submit, else the drafts version.

    Without ``submit`` every statement below writes only the one row, and only while it is ``draft`` or
    ``returned`` (the INSERT of a new draft; the compare-and-swap ``UPDATE … WHERE workflow_status IN
    (draft, returned)``, which holds the row for the ``save()`` that leaves it a draft), plus its history
    row, whose table no figure reads and which is not watched. No visible row changes, so no cached figure
    can: the writes are invisible. A submit makes the row count, and moves the data version.
    """
    return nullcontext() if submit else dataversion.drafts_only()


def figure_write(
    *,
    writer: Writer,
    subject: Indicator | Initiative,
    row: Figure | None,
    fields: dict,
    version: int | None,
    submit: bool,
) -> tuple[Figure, bool]:
    """Create or change the figure of ``writer``'s secretariat and period about ``subject``; ``(row, written)``.

    ``row`` is the existing row (with ``selectors.WHO`` loaded), ``None`` when there is
    none; ``version`` the version the user read (``None``: they saw no row).
    ``fields`` are the columns to set, already checked against the rules.
    Same content: no write (unless ``submit`` has a draft to submit). A
    returned row becomes a draft again; ``submit`` submits it instead.
    """
    _in_transaction()
    model = IndicatorValue if isinstance(subject, Indicator) else InitiativeProgress
    by = writer.by
    if row is None:
        if version is not None:
            raise StaleVersion(_("This figure was deleted after you opened the page; reload it."), current=None)
        submitted = {"workflow_status": WorkflowStatus.SUBMITTED, "submitted_by": by, "submitted_at": timezone.now()}
        key = {SUBJECT[model]: subject, "secretariat": writer.secretariat, "period": writer.period}
        with _counted(submit=submit):
            created = _create(model, by=by, key=key, fields={**fields, **(submitted if submit else {})})
        return created, True
    if version is None:
        # The user saw an empty field, but the row exists now: someone else created it.
        raise StaleVersion(_stale_message(row), current=row)
    unchanged = all(getattr(row, name) == value for name, value in fields.items())
    if unchanged and not (submit and row.is_editable):
        return row, False
    lock = row_lock_reason(row)
    if lock and row.version == version:
        raise RowLocked(lock)
    with _counted(submit=submit):
        claim(row, version=version, statuses=EDITABLE_STATUSES)
        for name, value in fields.items():
            setattr(row, name, value)
        if submit:
            to_submitted(row, by=by)
        else:
            row.workflow_status = WorkflowStatus.DRAFT
        save(row, by=by)
    return row, True
