"""Many indicator values at once, all or nothing: the spreadsheet import and ``POST /api/v1/values/bulk/``.

Every row is checked against the same rules as the entry form (who, the
period's lock, the row's lock, the unit's range) before anything is written,
in a fixed number of queries whatever the number of rows; then each row goes
through the one figure write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action
from audit.services import record
from indicators.models import Indicator, IndicatorValue
from madinati.errors import Refused
from madinati.numbers import NotANumber, parse_number
from madinati.text import NOTE_MAX_LENGTH, user_text
from programme.models import PeriodExtension, ReportingPeriod, Secretariat
from reporting.quality import Figure, unexplained
from reporting.selectors import WHO
from reporting.services.locks import Writer, period_lock_reason, row_lock_reason, today, write_refusal, writer_for
from reporting.services.rules import unit_error, value_fields
from reporting.services.write import figure_write


@dataclass(frozen=True)
class RowError:
    """Why row ``index`` (0-based) was refused, and which of its fields is at fault."""

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


class ImportRefused(Refused):
    """Some rows were refused, so nothing was (or, in a dry run, would be) written.

    ``result`` has every row's error and, for a preview, every row's action.
    Forbidden when a row names a secretariat the user may not write.
    """

    def __init__(self, result: ImportResult):
        super().__init__("; ".join(e.message for e in result.errors), forbidden=result.forbidden)
        self.result = result

    @property
    def errors(self) -> list[RowError]:
        return self.result.errors


_REQUIRED = ("secretariat", "indicator", "period", "value")
_PlannedRow = tuple[int, IndicatorValue | None, Secretariat, Indicator, ReportingPeriod, Decimal, str]


def _text(raw) -> str:
    return "" if raw is None else str(raw).strip()


@transaction.atomic
def values_import(*, rows: list[dict], by: User, dry_run: bool, submit: bool = False) -> ImportResult:
    """Validate and write many indicator values at once: all or nothing.

    ``rows``: dicts with ``secretariat``, ``indicator``, ``period`` (``YYYY-Qn``),
    ``value`` and optional ``note``. Any bad row raises :class:`ImportRefused`
    listing every bad row, and nothing is written. ``dry_run`` validates and
    counts only. ``submit`` submits the written rows (and unchanged ones still
    in draft or returned).
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
        for v in IndicatorValue.objects.select_related(*WHO).filter(
            secretariat_id__in=scope_secretariats, period_id__in=list(periods), indicator__in=indicators.values()
        )
    }
    extensions = {
        (e.period_id, e.secretariat_id): e
        for e in PeriodExtension.objects.filter(secretariat_id__in=scope_secretariats, period_id__in=list(periods))
    }

    on = today()
    seen: dict[tuple[int, int, int], int] = {}
    plan: list[_PlannedRow] = []
    for index, raw in enumerate(rows):
        bad_before = len(errors)
        if not isinstance(raw, dict):
            refuse(index, "value", _("Each row must be an object with secretariat, indicator, period and value."))
            result.actions.append("error")
            continue
        # Scope first: a row of any secretariat but the officer's own (named or not, existing or not) is refused
        # as forbidden whatever else is wrong with it, so the API answers it with a 403 and never says which
        # codes exist.
        secretariat = secretariats.get(_text(raw.get("secretariat")))
        if refusal := write_refusal(user=by, secretariat=secretariat):
            refuse(index, "secretariat", refusal, forbidden=True)
        blank = [
            name
            for name in _REQUIRED
            if _text(raw.get(name)) == "" and not isinstance(raw.get(name), int | float | Decimal)
        ]
        for name in blank:
            if not (name == "secretariat" and refusal):
                refuse(index, name, _("This field is required."))
        if blank:
            result.actions.append("error")
            continue

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

        try:
            note = user_text(raw.get("note"), field="note", max_length=NOTE_MAX_LENGTH)
        except Refused as exc:
            refuse(index, "note", exc.message)

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

    if submit:
        figures = [
            Figure(indicator, secretariat, period.pk, value)
            for _i, _r, secretariat, indicator, period, value, _n in plan
        ]
        for (index, *_rest), why in zip(plan, unexplained(figures, [row[-1] for row in plan]), strict=True):
            if why:
                refuse(index, "note", why)
                result.actions[index] = "error"
        errors.sort(key=lambda error: error.index)
    if errors:
        if not dry_run:
            result.created = result.updated = result.unchanged = 0
        raise ImportRefused(result)
    if not dry_run:
        _write(plan, result=result, by=by, submit=submit, on=on, extensions=extensions)
        record(action=Action.IMPORT, user=by, label="values", detail=_counts(result, rows=len(rows), submit=submit))
    return result


def _counts(result: ImportResult, *, rows: int, submit: bool) -> dict:
    return {
        "rows": rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "submit": submit,
    }


def _write(plan: list[_PlannedRow], *, result: ImportResult, by: User, submit: bool, on, extensions) -> None:
    writers: dict[tuple[int, int], Writer] = {}
    for index, row, secretariat, indicator, period, value, note in plan:
        try:
            writer = writers.get((secretariat.pk, period.pk))
            if writer is None:
                extension = extensions.get((period.pk, secretariat.pk))
                writer = writer_for(by=by, secretariat=secretariat, period=period, on=on, extension=extension)
                writers[(secretariat.pk, period.pk)] = writer
            figure_write(
                writer=writer,
                subject=indicator,
                row=row,
                fields=value_fields(value=value, note=note),
                version=row.version if row else None,
                submit=submit,
            )
        except Refused as exc:
            # Someone wrote the same figure meanwhile: refuse the whole batch (the transaction rolls back).
            result.created = result.updated = result.unchanged = 0
            result.errors.append(
                RowError(index=index, field=exc.field or "value", message=exc.message, forbidden=exc.forbidden)
            )
            raise ImportRefused(result) from exc
