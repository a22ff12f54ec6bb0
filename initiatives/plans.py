"""Plan against actual (issue 15): the variance in points and the computed schedule status, written once.

The actual is rule 2's carried progress (``indicators.selectors``, read by the
features above); this module only knows the plan, so the pages and the API
compute variance and status the same way::

    variance(actual=Decimal("40"), planned=Decimal("67"))       # Decimal("-27")
    schedule_status(variance=Decimal("-27"), initiative=b01)      # FAR_BEHIND with the default thresholds
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.expressions import Expression
from django.utils.translation import pgettext_lazy

from initiatives.models import BEHIND_AFTER, FAR_BEHIND_AFTER, Initiative, PlannedProgress

ON_PLAN = "on_plan"
BEHIND = "behind"
FAR_BEHIND = "far_behind"
NO_PLAN = "no_plan"

SCHEDULE_LABELS = {
    ON_PLAN: pgettext_lazy("schedule status", "On plan"),
    BEHIND: pgettext_lazy("schedule status", "Behind plan"),
    FAR_BEHIND: pgettext_lazy("schedule status", "Far behind plan"),
    NO_PLAN: pgettext_lazy("schedule status", "No plan"),
}


def variance(*, actual: Decimal | None, planned: Decimal | None) -> Decimal | None:
    """Actual − planned, in percentage points; ``None`` without a plan.

    A pair with no visible progress counts 0 (DESIGN §4 rule 2), so it is as far behind as its plan.
    """
    if planned is None:
        return None
    return (actual if actual is not None else Decimal(0)) - planned


def schedule_status(
    *,
    variance: Decimal | None,
    behind_after: Decimal | int = BEHIND_AFTER,
    far_behind_after: Decimal | int = FAR_BEHIND_AFTER,
) -> str:
    """On plan, behind (*more than* ``behind_after`` points below) or far behind (*more than* ``far_behind_after``).

    Exactly 10 points below is still on plan and exactly 25 still only behind, with the defaults.
    """
    if variance is None:
        return NO_PLAN
    shortfall = -variance
    if shortfall > far_behind_after:
        return FAR_BEHIND
    if shortfall > behind_after:
        return BEHIND
    return ON_PLAN


def status_for(initiative: Initiative, value: Decimal | None) -> str:
    """:func:`schedule_status` with the initiative's own thresholds."""
    return schedule_status(
        variance=value, behind_after=initiative.behind_after, far_behind_after=initiative.far_behind_after
    )


def planned_at(period: int | Expression) -> Subquery:
    """The outer query's pair's plan at or before ``period`` (an ordinal or an expression such as ``OuterRef``).

    A plan is cumulative like progress: a quarter without its own plan row keeps the
    last one before it. One index probe per pair (``plan_carry_idx``). The outer
    query names the pair in ``initiative_id`` and ``secretariat_id``.
    """
    rows: QuerySet = PlannedProgress.objects.filter(
        initiative_id=OuterRef("initiative_id"), secretariat_id=OuterRef("secretariat_id"), period_id__lte=period
    ).order_by("-period_id")
    return Subquery(rows.values("planned_percent")[:1])
