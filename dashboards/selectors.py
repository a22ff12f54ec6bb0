"""Reads behind the dashboard pages (DESIGN §6).

Every figure that is a score, a status, a rank or a progress comes from
:mod:`indicators.scoring` (the one implementation of DESIGN §4); the
selectors here add the few reads the pages need around it, each one grouped
query. A page reads at most ``TREND_QUARTERS`` quarters, so its cost does not
grow with the programme's history, nor with the number of secretariats.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from indicators import scoring
from indicators.choices import VISIBLE_STATUSES, WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress
from indicators.selectors import carried_progress
from initiatives.models import Initiative
from programme.models import Axis, ReportingPeriod, Secretariat

#: Quarters drawn in the trend charts (the selected one and the seven before it).
TREND_QUARTERS = 8


@dataclass(frozen=True)
class Filters:
    """What the period and group selectors offer (two queries)."""

    periods: list[ReportingPeriod]
    groups: list[int]


def filter_options() -> Filters:
    return Filters(
        periods=list(ReportingPeriod.objects.order_by("id")),
        groups=list(Secretariat.objects.order_by("group").values_list("group", flat=True).distinct()),
    )


def default_period(periods: list[ReportingPeriod]) -> ReportingPeriod | None:
    """The latest quarter with visible data; else the latest quarter there is (an empty programme)."""
    return scoring.latest_period_with_data() or (periods[-1] if periods else None)


def trend_window(periods: list[ReportingPeriod], period: ReportingPeriod, size: int = TREND_QUARTERS):
    """The quarters up to ``period``, at most ``size`` of them, oldest first (no query: from the selector's list)."""
    earlier = [p for p in periods if p.pk <= period.pk]
    return earlier[-size:]


def awaiting_review(*, period: ReportingPeriod, group: int | None) -> int:
    """Submitted values and progress rows of the quarter (two counts)."""
    scope = Q(period=period, workflow_status=WorkflowStatus.SUBMITTED)
    if group is not None:
        scope &= Q(secretariat__group=group)
    return IndicatorValue.objects.filter(scope).count() + InitiativeProgress.objects.filter(scope).count()


def secretariat_by_code(code: str) -> Secretariat:
    return Secretariat.objects.get(code=code)


def axis_by_code(code: str) -> Axis:
    return Axis.objects.get(code=code)


def initiative_by_code(code: str) -> Initiative:
    return Initiative.objects.select_related("axis", "lead_secretariat").get(code=code)


def indicator_by_code(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def secretariat_initiatives(secretariat: Secretariat) -> list[Initiative]:
    """The initiatives it takes part in (its led ones among them), with axis and lead (one query)."""
    return list(
        Initiative.objects.filter(participation__secretariat=secretariat)
        .select_related("axis", "lead_secretariat")
        .order_by("axis__code", "code")
    )


def axis_initiatives(axis: Axis) -> list[Initiative]:
    """The axis's initiatives with their lead (one query)."""
    return list(Initiative.objects.filter(axis=axis).select_related("lead_secretariat").order_by("code"))


@dataclass(frozen=True)
class Quantity:
    secretariat: Secretariat
    quantity: Decimal | None


def initiative_quantities(*, initiative: Initiative, period: ReportingPeriod, group: int | None) -> list[Quantity]:
    """Quantity achieved by each participant in scope: its latest visible report at or before the quarter.

    Cumulative like the percent complete (DESIGN §4 rule 2, from
    :func:`indicators.selectors.carried_progress`); one query.
    """
    pairs = (
        carried_progress(period=period, fields=("quantity_achieved",), initiative=initiative, group=group)
        .select_related("secretariat")
        .order_by("secretariat__group", "secretariat__code")
    )
    return [Quantity(secretariat=p.secretariat, quantity=p.carried_quantity_achieved) for p in pairs]


def initiative_narratives(*, initiative: Initiative, period: ReportingPeriod, group: int | None):
    """The quarter's visible progress reports of the initiative, with their secretariat (one query)."""
    rows = InitiativeProgress.objects.filter(
        initiative=initiative, period=period, workflow_status__in=VISIBLE_STATUSES
    ).select_related("secretariat")
    if group is not None:
        rows = rows.filter(secretariat__group=group)
    return list(rows.order_by("secretariat__group", "secretariat__code"))
