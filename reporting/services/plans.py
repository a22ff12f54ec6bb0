"""Importing planned progress (plan against actual, issue 15): every row checked, then all written or none.

A programme admin sets the plans; the Django admin edits one row at a time and
this service takes a spreadsheet of them (read by ``reporting.spreadsheets.read_table``
with all its guards). One refused row refuses the file: nothing is written and
each error names its row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from initiatives.models import Initiative, Participation, PlannedProgress
from madinati.errors import Refused
from madinati.numbers import NotANumber, parse_number
from programme.models import ReportingPeriod, Secretariat
from reporting.services.refusals import NotAllowed

#: The columns of a plan file, in order.
PLAN_COLUMNS = ("initiative", "secretariat", "period", "planned_percent")


@dataclass(frozen=True)
class PlanError:
    index: int  # 0-based row of ``rows``
    field: str
    message: str


@dataclass
class PlanImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[PlanError] = field(default_factory=list)


class PlanImportRefused(Refused):
    """Some rows were refused; nothing was written. ``result.errors`` names each."""

    def __init__(self, result: PlanImportResult):
        super().__init__("; ".join(e.message for e in result.errors[:5]))
        self.result = result


@dataclass(frozen=True)
class _Checked:
    initiative_id: int
    secretariat_id: int
    period_id: int
    planned: Decimal


def _check_row(row: dict, *, index: int, known: dict, errors: list[PlanError]) -> _Checked | None:
    def refuse(field_name: str, message: str) -> None:
        errors.append(PlanError(index=index, field=field_name, message=message))

    initiative = known["initiatives"].get(str(row.get("initiative", "")).strip())
    secretariat = known["secretariats"].get(str(row.get("secretariat", "")).strip())
    period = known["periods"].get(str(row.get("period", "")).strip())
    if initiative is None:
        refuse("initiative", _("No initiative has this code."))
    if secretariat is None:
        refuse("secretariat", _("No secretariat has this code."))
    if period is None:
        refuse("period", _("No reporting period has this key; use the form YYYY-Qn, e.g. 2018-Q1."))
    try:
        planned = parse_number(row.get("planned_percent"))
    except NotANumber as exc:
        refuse("planned_percent", str(exc))
        planned = None
    if planned is not None and not (0 <= planned <= 100):
        refuse("planned_percent", _("A percentage is between 0 and 100."))
        planned = None
    if initiative is None or secretariat is None or period is None or planned is None:
        return None
    if (initiative, secretariat) not in known["participations"]:
        refuse("secretariat", _("This secretariat does not take part in this initiative."))
        return None
    return _Checked(initiative_id=initiative, secretariat_id=secretariat, period_id=period, planned=planned)


@transaction.atomic
def plans_import(*, rows: list[dict], by: User, dry_run: bool = False) -> PlanImportResult:
    """Create or change the planned percent of each row; :class:`PlanImportRefused` when any row is wrong.

    Six queries whatever the number of rows: the codes, the participations, the
    existing plans, then one insert and one update.
    """
    if not getattr(by, "is_programme_admin", False):
        raise NotAllowed(_("Only a programme admin sets the plans."))
    known = {
        "initiatives": dict(Initiative.objects.values_list("code", "pk")),
        "secretariats": dict(Secretariat.objects.values_list("code", "pk")),
        "periods": {p.key: p.pk for p in ReportingPeriod.objects.all()},
        "participations": set(Participation.objects.values_list("initiative_id", "secretariat_id")),
    }
    result = PlanImportResult()
    checked: dict[tuple[int, int, int], _Checked] = {}
    for index, row in enumerate(rows):
        good = _check_row(row, index=index, known=known, errors=result.errors)
        if good is None:
            continue
        key = (good.initiative_id, good.secretariat_id, good.period_id)
        if key in checked:
            result.errors.append(
                PlanError(index=index, field="period", message=_("This plan appears twice in the file."))
            )
            continue
        checked[key] = good
    if result.errors:
        raise PlanImportRefused(result)
    existing = {
        (p.initiative_id, p.secretariat_id, p.period_id): p
        for p in PlannedProgress.objects.filter(
            initiative_id__in={k[0] for k in checked}, secretariat_id__in={k[1] for k in checked}
        )
    }
    new, changed = [], []
    for key, good in checked.items():
        plan = existing.get(key)
        if plan is None:
            new.append(
                PlannedProgress(
                    initiative_id=key[0], secretariat_id=key[1], period_id=key[2], planned_percent=good.planned
                )
            )
        elif plan.planned_percent != good.planned:
            plan.planned_percent = good.planned
            changed.append(plan)
        else:
            result.unchanged += 1
    result.created, result.updated = len(new), len(changed)
    if not dry_run:
        PlannedProgress.objects.bulk_create(new)
        PlannedProgress.objects.bulk_update(changed, ["planned_percent"])
    return result
