"""Plan against actual on the dashboard pages: the rows, the disagreement in words, the charts' data.

The actual is DESIGN §4 rule 2 (:func:`indicators.selectors.carried_progress`,
reused, not rewritten); the plan is :func:`initiatives.plans.planned_at`. Both
are subqueries of one query over the participations in scope, so a page pays
one query for the table, whatever its number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import ReportedStatus
from indicators.selectors import carried_progress, carried_progress_over
from initiatives import plans
from initiatives.models import Initiative, PlannedProgress
from madinati.numbers import format_number
from programme.models import Axis, ReportingPeriod, Secretariat

CENT = Decimal("0.01")
#: Reported statuses that claim the initiative is going as it should.
CONFIDENT = {ReportedStatus.ON_TRACK, ReportedStatus.COMPLETED}


def behind_words(variance: Decimal) -> str:
    """«27 points behind plan» for a variance of −27."""
    points = abs(variance)
    count = int(points.to_integral_value())
    return ngettext("%(points)s point behind plan", "%(points)s points behind plan", count) % {
        "points": format_number(points)
    }


def disagreement(*, reported: str | None, schedule: str, variance: Decimal | None) -> str | None:
    """The sentence when a confident report (on track, completed) is behind plan; ``None`` otherwise.

    The computed status only contradicts a report that claims more than the plan
    shows. A worried report (at risk, delayed) of a pair on plan is caution, not a
    contradiction: the page shows both statuses side by side without a sentence.
    """
    if reported not in CONFIDENT or variance is None or schedule not in (plans.BEHIND, plans.FAR_BEHIND):
        return None
    if reported == ReportedStatus.COMPLETED:
        return _("reported completed, %(gap)s") % {"gap": behind_words(variance)}
    return _("reported on track, %(gap)s") % {"gap": behind_words(variance)}


@dataclass(frozen=True)
class PlanRow:
    initiative: Initiative
    secretariat: Secretariat
    actual: Decimal | None  # rule 2's carried percent; None: no visible report yet (counts 0)
    reported: str | None  # the carried report's own status
    planned: Decimal | None

    @property
    def variance(self) -> Decimal | None:
        value = plans.variance(actual=self.actual, planned=self.planned)
        return None if value is None else value.quantize(CENT)

    @property
    def schedule(self) -> str:
        return plans.status_for(self.initiative, self.variance)

    @property
    def schedule_label(self) -> str:
        return str(plans.SCHEDULE_LABELS[self.schedule])

    @property
    def reported_label(self) -> str:
        return ReportedStatus(self.reported).label if self.reported else ""

    @property
    def disagreement(self) -> str | None:
        return disagreement(reported=self.reported, schedule=self.schedule, variance=self.variance)


def plan_rows(
    *,
    period: ReportingPeriod,
    group: int | None = None,
    secretariat: Secretariat | None = None,
    initiative: Initiative | None = None,
) -> list[PlanRow]:
    """Every participation in scope with its plan and its carried progress at ``period``; one query."""
    pairs = (
        carried_progress(
            period=period,
            fields=("percent_complete", "status"),
            group=group,
            secretariat=secretariat,
            initiative=initiative,
        )
        .annotate(planned=plans.planned_at(period.pk))
        .select_related("initiative", "secretariat")
        .order_by("initiative__axis__code", "initiative__code", "secretariat__group", "secretariat__code")
    )
    return [
        PlanRow(
            initiative=p.initiative,
            secretariat=p.secretariat,
            actual=p.carried_percent_complete,
            reported=p.carried_status,
            planned=p.planned,
        )
        for p in pairs
    ]


@dataclass(frozen=True)
class PlanPoint:
    period: ReportingPeriod
    planned: Decimal | None
    actual: Decimal | None
    pairs: int  # how many (initiative, participant) pairs had a plan


def _mean(pairs: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    total = sum((w for _v, w in pairs), Decimal(0))
    if not pairs or total == 0:
        return None
    return sum((v * w for v, w in pairs), Decimal(0)) / total


def axis_plan_series(*, axis: Axis, window: list[ReportingPeriod], group: int | None) -> list[PlanPoint]:
    """Weighted mean plan and actual (initiative weight) over the axis's pairs that have a plan, per quarter.

    Two queries for the actual (:func:`carried_progress_over`) and one for the
    plans up to the last quarter, carried forward in Python like the progress.
    Only pairs with a plan count on both lines, so the two means compare like with like.
    """
    if not window:
        return []
    actual = carried_progress_over(
        periods=window, group=group, columns=("initiative_id", "initiative__axis_id", "initiative__weight")
    )
    rows = PlannedProgress.objects.filter(initiative__axis=axis, period_id__lte=window[-1].pk)
    if group is not None:
        rows = rows.filter(secretariat__group=group)
    plan_by_pair: dict[tuple[int, int], list[tuple[int, Decimal]]] = {}
    for initiative_id, secretariat_id, period_id, planned in rows.order_by("period_id").values_list(
        "initiative_id", "secretariat_id", "period_id", "planned_percent"
    ):
        plan_by_pair.setdefault((initiative_id, secretariat_id), []).append((period_id, planned))
    points = []
    for period in window:
        planned_pairs, actual_pairs = [], []
        for secretariat_id, percent, _demo, initiative_id, axis_id, weight in actual.get(period.pk, ()):
            if axis_id != axis.pk:
                continue
            history = [p for pid, p in plan_by_pair.get((initiative_id, secretariat_id), ()) if pid <= period.pk]
            if not history:
                continue
            planned_pairs.append((history[-1], weight))
            actual_pairs.append((percent if percent is not None else Decimal(0), weight))
        points.append(
            PlanPoint(period=period, planned=_mean(planned_pairs), actual=_mean(actual_pairs), pairs=len(planned_pairs))
        )
    return points
