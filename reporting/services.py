"""Writes of the quarterly workflow: entry, submission, review and import (DESIGN §3 workflow).

Every write goes through here, so the rules hold for the pages, the spreadsheet
import and the API alike:

* only an officer of the secretariat writes its figures (``can_write_secretariat``);
* only while the period is open for that secretariat (dates, early close,
  reopening, extension);
* only rows in ``draft`` or ``returned``; saving a returned row makes it a draft again;
* every write carries the ``version`` it was read at and claims the row with a
  compare-and-swap ``UPDATE … WHERE version = v``: a second editor working from an
  older version is refused and told the newer figure, never silently overwritten;
* every write is a ``save()`` so django-simple-history keeps who, when, old → new,
  with the reviewer's reason as the change reason of a return.

Refusals raise :class:`WorkflowRefused` (or a subclass) with a message already
translated into the active language.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_write_secretariat
from indicators.choices import EDITABLE_STATUSES, VISIBLE_STATUSES, WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, ReportedStatus, Unit
from initiatives.models import Initiative
from madinati.numbers import NotANumber, format_number, parse_number
from programme.models import PeriodExtension, PeriodState, ReportingPeriod, Secretariat

# --------------------------------------------------------------------------- refusals


class WorkflowRefused(Exception):
    """A write the rules forbid; ``str(exc)`` is the translated reason."""

    forbidden = False

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowRefused):
    """The user may not write this secretariat's figures (HTTP 403)."""

    forbidden = True


class PeriodLocked(WorkflowRefused):
    """The period is not open for this secretariat."""


class RowLocked(WorkflowRefused):
    """The row is submitted or approved, or not in the state the action needs."""


class StaleVersion(WorkflowRefused):
    """Someone saved the row after the user read it; ``current`` is the newer row."""

    def __init__(self, message: str, *, current):
        super().__init__(message)
        self.current = current


class EntryRefused(WorkflowRefused):
    """Several rows of one entry form were refused; nothing was written.

    ``errors`` maps ``("value", indicator_id)`` or ``("progress", initiative_id)``
    to the refusal of that row.
    """

    def __init__(self, errors: dict[tuple[str, int], WorkflowRefused]):
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


# --------------------------------------------------------------------------- words for the reasons


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    """``30 April 2018`` (month name in the active language); datetimes in Riyadh time."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def format_moment(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "j F Y H:i")


def display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def today() -> datetime.date:
    """Today in the programme's time zone (Asia/Riyadh): a period closes at local midnight."""
    return timezone.localdate()


def period_lock_reason(
    *,
    period: ReportingPeriod,
    secretariat: Secretariat,
    on: datetime.date | None = None,
    extension: PeriodExtension | None | bool = False,
) -> str | None:
    """Why ``secretariat`` cannot enter figures for ``period`` on ``on``; ``None`` when it can.

    An extension keeps the period open for its secretariat up to its date, even
    after the period closed (by date or early): an admin grants it on purpose.
    Pass ``extension`` when it is already loaded (``None`` = none exists) to
    save the query.
    """
    on = on or today()
    if period.is_open(on=on):
        return None
    if on < period.opens_on and period.state != PeriodState.CLOSED:
        return _("%(period)s opens on %(date)s.") % {"period": period.key, "date": format_date(period.opens_on)}
    if extension is False:
        extension = PeriodExtension.objects.filter(period=period, secretariat=secretariat).first()
    if extension is not None and period.opens_on <= on <= extension.until:
        return None
    if extension is not None and extension.until >= period.closes_on:
        return _("%(period)s closed on %(date)s (your extension ended on %(until)s).") % {
            "period": period.key,
            "date": format_date(period.closes_on),
            "until": format_date(extension.until),
        }
    if period.state == PeriodState.CLOSED:
        if period.state_changed_on:
            return _("%(period)s was closed early on %(date)s.") % {
                "period": period.key,
                "date": format_date(period.state_changed_on),
            }
        return _("%(period)s was closed early.") % {"period": period.key}
    return _("%(period)s closed on %(date)s.") % {"period": period.key, "date": format_date(period.closes_on)}


def row_lock_reason(row) -> str | None:
    """Why an officer cannot edit ``row`` (a value or progress row); ``None`` when it is editable.

    Needs ``submitted_by`` / ``reviewed_by`` loaded (select_related) to avoid a query.
    """
    if row is None or row.workflow_status in EDITABLE_STATUSES:
        return None
    if row.workflow_status == WorkflowStatus.APPROVED:
        who, when = display_name(row.reviewed_by), format_date(row.reviewed_at)
        if who and when:
            return _("Approved by %(user)s on %(date)s; an approved figure cannot be changed.") % {
                "user": who,
                "date": when,
            }
        if when:
            return _("Approved on %(date)s; an approved figure cannot be changed.") % {"date": when}
        return _("Approved; an approved figure cannot be changed.")
    who, when = display_name(row.submitted_by), format_date(row.submitted_at)
    if who and when:
        return _(
            "Submitted by %(user)s on %(date)s and awaiting review; it can be changed once a reviewer returns it."
        ) % {
            "user": who,
            "date": when,
        }
    return _("Submitted and awaiting review; it can be changed once a reviewer returns it.")


def write_refusal(*, user: User, secretariat: Secretariat | None) -> str | None:
    """Why ``user`` may not write ``secretariat``'s figures; ``None`` when they may."""
    if secretariat is not None and can_write_secretariat(user, secretariat.pk):
        return None
    if not getattr(user, "is_officer", False):
        return _("Only a secretariat officer enters figures; your role cannot change them.")
    return _("Not your secretariat: you enter figures for %(own)s only.") % {"own": user.secretariat.name}


def _describe(row) -> str:
    if isinstance(row, IndicatorValue):
        return format_number(row.value)
    return f"{format_number(row.percent_complete)}%"


def stale_message(current) -> str:
    who = display_name(current.updated_by) or display_name(current.reviewed_by) or _("someone else")
    status = WorkflowStatus(current.workflow_status).label
    return _(
        "%(user)s saved this figure at %(when)s: it is now %(value)s (%(status)s). "
        "Your change was not saved; check the newer figure and save again."
    ) % {"user": who, "when": format_moment(current.updated_at), "value": _describe(current), "status": status}


# --------------------------------------------------------------------------- a figure's range for its unit


def unit_error(value: Decimal, unit: str) -> str | None:
    """Why ``value`` is not valid for ``unit``; ``None`` when it is."""
    if unit == Unit.PERCENT and not (0 <= value <= 100):
        return _("A percentage is between 0 and 100.")
    if unit == Unit.COUNT and (value < 0 or value != value.to_integral_value()):
        return _("A count is a whole number, 0 or more.")
    if unit == Unit.SAR and value < 0:
        return _("An amount in riyals cannot be negative.")
    if unit in (Unit.SCORE, Unit.RATIO) and value < 0:
        return _("This value cannot be negative.")
    return None


def parse_value_for(raw, unit: str) -> Decimal:
    """``parse_number`` then the unit's range; :class:`NotANumber` with the reason."""
    number = parse_number(raw)
    problem = unit_error(number, unit)
    if problem:
        raise NotANumber(problem)
    return number


# --------------------------------------------------------------------------- the one write primitive


def _claim(row, *, version: int | None, statuses: Iterable[str]) -> None:
    """Compare-and-swap: bump ``version`` only if nobody saved the row since ``version`` was read.

    The UPDATE also takes the row lock (PostgreSQL) or the write lock (SQLite)
    for the rest of the transaction, so the following ``save()`` is safe.
    """
    model = type(row)
    claimed = (
        model.objects.filter(pk=row.pk, version=row.version if version is None else version)
        .filter(workflow_status__in=list(statuses))
        .update(version=F("version") + 1)
    )
    if claimed != 1:
        current = model.objects.select_related("updated_by", "reviewed_by", "submitted_by").get(pk=row.pk)
        if (version is None or current.version == version) and current.workflow_status not in statuses:
            raise RowLocked(row_lock_reason(current) or stale_message(current))
        raise StaleVersion(stale_message(current), current=current)
    row.version = (row.version if version is None else version) + 1


def _save(row, *, by: User, reason: str = "") -> None:
    row.updated_by = by
    row._history_user = by
    if reason:
        row._change_reason = reason
    row.save()


def _create(model, *, by: User, **fields):
    """Insert a new row; a concurrent insert of the same key is a stale edit, not a 500."""
    row = model(**fields, created_by=by, updated_by=by, version=1)
    row._history_user = by
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        lookup = {k: fields[k] for k in ("secretariat", "period") if k in fields}
        lookup.update({k: fields[k] for k in ("indicator", "initiative") if k in fields})
        current = model.objects.select_related("updated_by", "reviewed_by", "submitted_by").get(**lookup)
        raise StaleVersion(stale_message(current), current=current) from None
    return row


def _check_writer(*, by: User, secretariat: Secretariat, period: ReportingPeriod) -> None:
    refusal = write_refusal(user=by, secretariat=secretariat)
    if refusal:
        raise NotAllowed(refusal)
    reason = period_lock_reason(period=period, secretariat=secretariat)
    if reason:
        raise PeriodLocked(reason)


def _to_submitted(row, *, by: User) -> None:
    row.workflow_status = WorkflowStatus.SUBMITTED
    row.submitted_by = by
    row.submitted_at = timezone.now()
    row.return_reason = ""


# --------------------------------------------------------------------------- indicator values


@transaction.atomic
def value_save_draft(
    *,
    by: User,
    secretariat: Secretariat,
    indicator: Indicator,
    period: ReportingPeriod,
    value: Decimal,
    note: str = "",
    version: int | None = None,
) -> tuple[IndicatorValue, bool]:
    """Create or change a draft value; returns ``(row, written)``.

    ``version`` is the version the user read (``None`` when they saw no row).
    A returned value becomes a draft again. Same value and note: no write.
    """
    _check_writer(by=by, secretariat=secretariat, period=period)
    if not indicator.is_manual:
        raise RowLocked(_("This indicator is computed from initiative progress; it cannot be typed in."))
    problem = unit_error(value, indicator.unit)
    if problem:
        raise RowLocked(problem)
    row = (
        IndicatorValue.objects.select_related("updated_by", "reviewed_by", "submitted_by")
        .filter(indicator=indicator, secretariat=secretariat, period=period)
        .first()
    )
    return _value_write(
        row=row,
        by=by,
        secretariat=secretariat,
        indicator=indicator,
        period=period,
        value=value,
        note=note,
        version=version,
        submit=False,
    )


def _value_write(*, row, by, secretariat, indicator, period, value, note, version, submit) -> tuple[object, bool]:
    note = (note or "").strip()
    if row is None:
        if version is not None:
            raise StaleVersion(_("This figure was deleted after you opened the page; reload it."), current=None)
        row = _create(
            IndicatorValue,
            by=by,
            indicator=indicator,
            secretariat=secretariat,
            period=period,
            value=value,
            note=note,
            **(
                {"workflow_status": WorkflowStatus.SUBMITTED, "submitted_by": by, "submitted_at": timezone.now()}
                if submit
                else {}
            ),
        )
        return row, True
    if version is None:
        # The user saw an empty field, but the row exists now: someone else created it.
        raise StaleVersion(stale_message(row), current=row)
    unchanged = row.value == value and row.note == note
    if unchanged and not (submit and row.is_editable):
        return row, False
    lock = row_lock_reason(row)
    if lock and row.version == version:
        raise RowLocked(lock)
    _claim(row, version=version, statuses=EDITABLE_STATUSES)
    row.value, row.note = value, note
    if submit:
        _to_submitted(row, by=by)
    else:
        row.workflow_status = WorkflowStatus.DRAFT
    _save(row, by=by)
    return row, True


# --------------------------------------------------------------------------- initiative progress


@dataclass(frozen=True)
class ProgressInput:
    percent_complete: Decimal
    quantity_achieved: Decimal | None = None
    status: str = ReportedStatus.ON_TRACK
    narrative: str = ""


def previous_visible_progress(
    *, secretariat: Secretariat, period: ReportingPeriod, initiative_ids: Iterable[int] | None = None
) -> dict[int, InitiativeProgress]:
    """Latest submitted/approved progress row before ``period`` per initiative (one query)."""
    rows = InitiativeProgress.objects.filter(
        secretariat=secretariat, period_id__lt=period.pk, workflow_status__in=VISIBLE_STATUSES
    ).order_by("initiative_id", "-period_id")
    if initiative_ids is not None:
        rows = rows.filter(initiative_id__in=list(initiative_ids))
    latest: dict[int, InitiativeProgress] = {}
    for row in rows.select_related("period"):
        latest.setdefault(row.initiative_id, row)
    return latest


def progress_problem(*, data: ProgressInput, previous: InitiativeProgress | None) -> str | None:
    """Why this progress cannot be saved; ``None`` when it can."""
    if not (0 <= data.percent_complete <= 100):
        return _("A percentage is between 0 and 100.")
    if data.quantity_achieved is not None and data.quantity_achieved < 0:
        return _("The quantity achieved cannot be negative.")
    if data.status not in ReportedStatus.values:
        return _("Choose a reported status.")
    if previous is not None and data.percent_complete < previous.percent_complete and not data.narrative.strip():
        return _("Progress went down from %(before)s%% in %(period)s: explain why in the narrative.") % {
            "before": format_number(previous.percent_complete),
            "period": previous.period.key,
        }
    return None


@transaction.atomic
def progress_save_draft(
    *,
    by: User,
    secretariat: Secretariat,
    initiative: Initiative,
    period: ReportingPeriod,
    data: ProgressInput,
    version: int | None = None,
) -> tuple[InitiativeProgress, bool]:
    """Create or change a draft progress row; returns ``(row, written)``."""
    _check_writer(by=by, secretariat=secretariat, period=period)
    if not initiative.participants.filter(pk=secretariat.pk).exists():
        raise NotAllowed(_("Your secretariat does not take part in this initiative."))
    previous = previous_visible_progress(secretariat=secretariat, period=period, initiative_ids=[initiative.pk])
    problem = progress_problem(data=data, previous=previous.get(initiative.pk))
    if problem:
        raise RowLocked(problem)
    row = (
        InitiativeProgress.objects.select_related("updated_by", "reviewed_by", "submitted_by")
        .filter(initiative=initiative, secretariat=secretariat, period=period)
        .first()
    )
    return _progress_write(
        row=row,
        by=by,
        secretariat=secretariat,
        initiative=initiative,
        period=period,
        data=data,
        version=version,
        submit=False,
    )


def _progress_write(*, row, by, secretariat, initiative, period, data: ProgressInput, version, submit):
    narrative = (data.narrative or "").strip()
    fields = {
        "percent_complete": data.percent_complete,
        "quantity_achieved": data.quantity_achieved,
        "status": data.status,
        "narrative": narrative,
    }
    if row is None:
        if version is not None:
            raise StaleVersion(_("This figure was deleted after you opened the page; reload it."), current=None)
        extra = (
            {"workflow_status": WorkflowStatus.SUBMITTED, "submitted_by": by, "submitted_at": timezone.now()}
            if submit
            else {}
        )
        row = _create(
            InitiativeProgress, by=by, initiative=initiative, secretariat=secretariat, period=period, **fields, **extra
        )
        return row, True
    if version is None:
        raise StaleVersion(stale_message(row), current=row)
    unchanged = all(getattr(row, name) == value for name, value in fields.items())
    if unchanged and not (submit and row.is_editable):
        return row, False
    lock = row_lock_reason(row)
    if lock and row.version == version:
        raise RowLocked(lock)
    _claim(row, version=version, statuses=EDITABLE_STATUSES)
    for name, value in fields.items():
        setattr(row, name, value)
    if submit:
        _to_submitted(row, by=by)
    else:
        row.workflow_status = WorkflowStatus.DRAFT
    _save(row, by=by)
    return row, True


# --------------------------------------------------------------------------- the entry form as one write


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

    Any refused row (locked, stale, invalid) refuses the whole form: nothing is
    written and :class:`EntryRefused` names every row. ``submit`` submits every
    draft or returned row of the secretariat in the period, saved now or before.
    """
    _check_writer(by=by, secretariat=secretariat, period=period)
    result = EntryResult()
    errors: dict[tuple[str, int], WorkflowRefused] = {}
    related = ("updated_by", "reviewed_by", "submitted_by")
    existing_values = {
        row.indicator_id: row
        for row in IndicatorValue.objects.select_related(*related).filter(secretariat=secretariat, period=period)
    }
    existing_progress = {
        row.initiative_id: row
        for row in InitiativeProgress.objects.select_related(*related).filter(secretariat=secretariat, period=period)
    }
    allowed_initiatives = set(Initiative.objects.filter(participants=secretariat).values_list("pk", flat=True))
    previous = previous_visible_progress(secretariat=secretariat, period=period)

    for entry in values:
        key = ("value", entry.indicator.pk)
        try:
            if not entry.indicator.is_manual:
                raise RowLocked(_("This indicator is computed from initiative progress; it cannot be typed in."))
            row = existing_values.get(entry.indicator.pk)
            if entry.value is None:
                if row is not None and row.is_editable:
                    raise RowLocked(_("This figure already has a saved value; enter a value."))
                continue
            problem = unit_error(entry.value, entry.indicator.unit)
            if problem:
                raise RowLocked(problem)
            _row, written = _value_write(
                row=row,
                by=by,
                secretariat=secretariat,
                indicator=entry.indicator,
                period=period,
                value=entry.value,
                note=entry.note,
                version=entry.version,
                submit=False,
            )
            result.written += written
        except WorkflowRefused as exc:
            errors[key] = exc

    for entry in progress:
        key = ("progress", entry.initiative.pk)
        try:
            if entry.initiative.pk not in allowed_initiatives:
                raise NotAllowed(_("Your secretariat does not take part in this initiative."))
            row = existing_progress.get(entry.initiative.pk)
            if entry.data is None:
                if row is not None and row.is_editable:
                    raise RowLocked(_("This progress already has a saved percentage; enter one."))
                continue
            problem = progress_problem(data=entry.data, previous=previous.get(entry.initiative.pk))
            if problem:
                raise RowLocked(problem)
            _row, written = _progress_write(
                row=row,
                by=by,
                secretariat=secretariat,
                initiative=entry.initiative,
                period=period,
                data=entry.data,
                version=entry.version,
                submit=False,
            )
            result.written += written
        except WorkflowRefused as exc:
            errors[key] = exc

    if errors:
        raise EntryRefused(errors)
    if submit:
        result.submitted = _submit_all(by=by, secretariat=secretariat, period=period)
    return result


def _submit_all(*, by: User, secretariat: Secretariat, period: ReportingPeriod) -> int:
    submitted = 0
    for model in (IndicatorValue, InitiativeProgress):
        for row in model.objects.filter(secretariat=secretariat, period=period, workflow_status__in=EDITABLE_STATUSES):
            _claim(row, version=row.version, statuses=EDITABLE_STATUSES)
            _to_submitted(row, by=by)
            _save(row, by=by)
            submitted += 1
    return submitted


@transaction.atomic
def values_submit(*, by: User, secretariat: Secretariat, period: ReportingPeriod) -> int:
    """Submit every draft or returned value and progress row of the secretariat in the period."""
    _check_writer(by=by, secretariat=secretariat, period=period)
    return _submit_all(by=by, secretariat=secretariat, period=period)


@transaction.atomic
def row_submit(*, row, by: User, version: int | None = None) -> None:
    """Submit one value or progress row (draft or returned)."""
    _check_writer(by=by, secretariat=row.secretariat, period=row.period)
    _claim(row, version=version, statuses=EDITABLE_STATUSES)
    _to_submitted(row, by=by)
    _save(row, by=by)


# --------------------------------------------------------------------------- review


def _check_reviewer(by: User) -> None:
    if not getattr(by, "is_reviewer", False):
        raise NotAllowed(_("Only a ministry reviewer approves or returns figures."))


@transaction.atomic
def row_approve(*, row, by: User, version: int | None = None) -> None:
    """submitted → approved (a value or a progress row)."""
    _check_reviewer(by)
    _claim(row, version=version, statuses=[WorkflowStatus.SUBMITTED])
    row.workflow_status = WorkflowStatus.APPROVED
    row.reviewed_by, row.reviewed_at = by, timezone.now()
    row.return_reason = ""
    _save(row, by=by)


@transaction.atomic
def row_return(*, row, by: User, reason: str, version: int | None = None) -> None:
    """submitted → returned, with the reviewer's reason (required; kept in the history)."""
    _check_reviewer(by)
    reason = (reason or "").strip()
    if not reason:
        raise RowLocked(_("Give the reason for returning it, so the secretariat knows what to fix."))
    _claim(row, version=version, statuses=[WorkflowStatus.SUBMITTED])
    row.workflow_status = WorkflowStatus.RETURNED
    row.reviewed_by, row.reviewed_at = by, timezone.now()
    row.return_reason = reason
    _save(row, by=by, reason=reason)


def value_approve(*, value: IndicatorValue, by: User, version: int | None = None) -> None:
    row_approve(row=value, by=by, version=version)


def value_return(*, value: IndicatorValue, by: User, reason: str, version: int | None = None) -> None:
    row_return(row=value, by=by, reason=reason, version=version)


def progress_approve(*, progress: InitiativeProgress, by: User, version: int | None = None) -> None:
    row_approve(row=progress, by=by, version=version)


def progress_return(*, progress: InitiativeProgress, by: User, reason: str, version: int | None = None) -> None:
    row_return(row=progress, by=by, reason=reason, version=version)


@transaction.atomic
def rows_approve(*, rows: list[tuple[object, int | None]], by: User) -> int:
    """Approve several ``(row, version)`` at once: all or none (a refused row refuses the batch)."""
    _check_reviewer(by)
    for row, version in rows:
        row_approve(row=row, by=by, version=version)
    return len(rows)


# --------------------------------------------------------------------------- import (DESIGN §5 bulk)


@dataclass(frozen=True)
class RowError:
    index: int
    field: str
    message: str
    forbidden: bool = False


@dataclass
class ImportResult:
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: per input row: "create", "update", "unchanged" or "error" (for previews)
    actions: list[str] = field(default_factory=list)

    @property
    def forbidden(self) -> bool:
        return any(error.forbidden for error in self.errors)


_REQUIRED = ("secretariat", "indicator", "period", "value")


def _text(raw) -> str:
    return "" if raw is None else str(raw).strip()


@transaction.atomic
def values_import(*, rows: list[dict], by: User, dry_run: bool, submit: bool = False) -> ImportResult:
    """Validate and write many indicator values at once: all or nothing.

    ``rows``: dicts with ``secretariat``, ``indicator``, ``period`` (``YYYY-Qn``),
    ``value`` and optional ``note``. Any error → nothing written, ``errors`` lists
    every bad row. ``dry_run`` validates and counts only. ``submit`` submits the
    written rows (and unchanged ones still in draft or returned).
    A fixed number of queries validates the whole batch.
    """
    result = ImportResult(dry_run=dry_run)
    errors = result.errors

    def refuse(index: int, name: str, message: str, forbidden: bool = False) -> None:
        errors.append(RowError(index=index, field=name, message=message, forbidden=forbidden))

    # Load everything the batch names in a handful of queries.
    codes = {_text(r.get("secretariat")) for r in rows if isinstance(r, dict)}
    secretariats = {s.code: s for s in Secretariat.objects.filter(code__in=codes)}
    indicator_codes = {_text(r.get("indicator")) for r in rows if isinstance(r, dict)}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=indicator_codes)}
    period_ids = {}
    for r in rows:
        key = _text(r.get("period")) if isinstance(r, dict) else ""
        try:
            period_ids[key] = ReportingPeriod.ordinal(*ReportingPeriod.parse_key(key))
        except ReportingPeriod.DoesNotExist:
            continue
    periods = {p.pk: p for p in ReportingPeriod.objects.filter(pk__in=set(period_ids.values()))}
    scope_secretariats = [s.pk for s in secretariats.values()]
    existing = {
        (v.secretariat_id, v.indicator_id, v.period_id): v
        for v in IndicatorValue.objects.select_related("updated_by", "reviewed_by", "submitted_by").filter(
            secretariat_id__in=scope_secretariats, period_id__in=list(periods), indicator__in=indicators.values()
        )
    }
    extensions = {
        (e.period_id, e.secretariat_id): e
        for e in PeriodExtension.objects.filter(secretariat_id__in=scope_secretariats, period_id__in=list(periods))
    }

    on = today()
    seen: dict[tuple[int, int, int], int] = {}
    plan: list[tuple[int, object, Secretariat, Indicator, ReportingPeriod, Decimal, str]] = []
    for index, raw in enumerate(rows):
        bad_before = len(errors)
        if not isinstance(raw, dict):
            refuse(index, "value", _("Each row must be an object with secretariat, indicator, period and value."))
            result.actions.append("error")
            continue
        for name in _REQUIRED:
            if _text(raw.get(name)) == "" and not isinstance(raw.get(name), int | float | Decimal):
                refuse(index, name, _("This field is required."))
        if len(errors) > bad_before:
            result.actions.append("error")
            continue

        code = _text(raw["secretariat"])
        secretariat = secretariats.get(code)
        if not getattr(by, "is_officer", False):
            refuse(index, "secretariat", write_refusal(user=by, secretariat=secretariat), forbidden=True)
        elif secretariat is None:
            refuse(index, "secretariat", _("Unknown secretariat “%(code)s”.") % {"code": code[:40]})
        else:
            refusal = write_refusal(user=by, secretariat=secretariat)
            if refusal:
                refuse(index, "secretariat", refusal, forbidden=True)

        indicator = indicators.get(_text(raw["indicator"]))
        if indicator is None:
            refuse(index, "indicator", _("Unknown indicator “%(code)s”.") % {"code": _text(raw["indicator"])[:60]})
        elif not indicator.is_manual:
            refuse(index, "indicator", _("This indicator is computed from initiative progress; it cannot be typed in."))

        period_key = _text(raw["period"])
        period = periods.get(period_ids.get(period_key, -1))
        if period_key not in period_ids:
            refuse(
                index,
                "period",
                _("“%(value)s” is not a period; use the form YYYY-Qn, e.g. 2018-Q2.") % {"value": period_key[:20]},
            )
        elif period is None:
            refuse(index, "period", _("%(period)s is not a reporting period.") % {"period": period_key})
        elif secretariat is not None and not errors[bad_before:]:
            lock = period_lock_reason(
                period=period, secretariat=secretariat, on=on, extension=extensions.get((period.pk, secretariat.pk))
            )
            if lock:
                refuse(index, "period", lock)

        value = None
        try:
            value = parse_number(raw["value"])
            if indicator is not None:
                problem = unit_error(value, indicator.unit)
                if problem:
                    refuse(index, "value", problem)
        except NotANumber as exc:
            refuse(index, "value", str(exc))

        note = _text(raw.get("note"))
        if len(note) > 2000:
            refuse(index, "note", _("A note is at most 2000 characters."))

        if len(errors) > bad_before:
            result.actions.append("error")
            continue

        key = (secretariat.pk, indicator.pk, period.pk)
        if key in seen:
            refuse(
                index,
                "indicator",
                _("Row %(first)d already gives %(indicator)s for %(secretariat)s in %(period)s.")
                % {
                    "first": seen[key] + 1,
                    "indicator": indicator.code,
                    "secretariat": secretariat.code,
                    "period": period.key,
                },
            )
            result.actions.append("error")
            continue
        seen[key] = index

        row = existing.get(key)
        lock = row_lock_reason(row)
        if lock:
            refuse(index, "value", lock)
            result.actions.append("error")
            continue
        if row is None:
            result.created += 1
            result.actions.append("create")
        elif row.value == value and row.note == note and not submit:
            result.unchanged += 1
            result.actions.append("unchanged")
        else:
            result.updated += 1
            result.actions.append("update")
        plan.append((index, row, secretariat, indicator, period, value, note))

    if errors:
        if not dry_run:
            result.created = result.updated = result.unchanged = 0
        return result
    if dry_run:
        return result

    for index, row, secretariat, indicator, period, value, note in plan:
        try:
            _value_write(
                row=row,
                by=by,
                secretariat=secretariat,
                indicator=indicator,
                period=period,
                value=value,
                note=note,
                version=row.version if row else None,
                submit=submit,
            )
        except WorkflowRefused as exc:
            # Someone wrote the same figure meanwhile: refuse the whole batch.
            transaction.set_rollback(True)
            result.created = result.updated = result.unchanged = 0
            refuse(index, "value", str(exc), forbidden=exc.forbidden)
            return result
    return result
