"""The year (issue 15): how an indicator's quarters make its year, and the year-to-date scorecard.

DESIGN §4 applied to a year instead of a quarter:

- Only visible figures count (rule 1), and a manual indicator's quarters are never carried (rule 3): its
  year figure is made from the year's visible quarterly values by its year rule (the latest quarter, the
  mean or the sum; :func:`year_figure`). A quarter without a value is left out, so a sum is "so far".
- An indicator computed from initiative progress is cumulative (rule 2): its year figure is the progress
  carried to the latest quarter of the year with figures, read from that quarter's scorecard.
- Achievement (rule 5) is against the **annual** target; status, score and rank follow rules 6 to 8.
- Axis progress for the year is rule 9 at that same quarter, beside the axis's planned progress for the year.

The year is "to date": it runs through the latest quarter of the year holding a visible figure in scope
(``through``); a year without any has no figures at all.

Cost: the year's quarters, its visible values, its annual targets, its axis targets and who reported
progress in it (one grouped query each, five in all), plus the scorecard of the ``through`` quarter
(:func:`indicators.scoring.scorecard`, shared with the quarter pages through the cache).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max

from indicators import scoring
from indicators.models import (
    AnnualTarget,
    AxisYearTarget,
    Indicator,
    IndicatorValue,
    InitiativeProgress,
    YearRule,
    default_year_rule,
)
from madinati import dataversion
from programme.models import Axis, ReportingPeriod, Secretariat


def year_rule_of(indicator: Indicator) -> str:
    """The rule that makes the indicator's year: progress always takes the latest quarter (rule 2)."""
    if not indicator.is_manual:
        return YearRule.LAST
    return indicator.year_rule or default_year_rule(indicator.unit)


def year_figure(rule: str, quarters: list[tuple[int, Decimal]]) -> Decimal | None:
    """The year's figure from ``(period id, value)`` of the quarters that have a value; ``None`` without any."""
    if not quarters:
        return None
    if rule == YearRule.SUM:
        return sum((value for _, value in quarters), Decimal(0))
    if rule == YearRule.MEAN:
        return sum((value for _, value in quarters), Decimal(0)) / len(quarters)
    return max(quarters, key=lambda quarter: quarter[0])[1]


@dataclass(frozen=True)
class YearResult:
    """One indicator of one secretariat over the year to date."""

    value: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    status: str
    rule: str
    quarters: int  # how many quarters made the figure (manual indicators); 0 for progress


@dataclass(frozen=True)
class AnnualSummary:
    secretariat: Secretariat
    score: Decimal | None
    rank: int | None
    progress: Decimal | None
    axes: dict[str, Decimal | None]
    indicators: dict[str, YearResult]
    reported: bool  # a visible value or progress report in the year


@dataclass(frozen=True)
class AxisYear:
    axis: Axis
    progress: Decimal | None
    planned: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        """Points ahead of (+) or behind (−) the plan."""
        if self.progress is None or self.planned is None:
            return None
        return self.progress - self.planned


@dataclass(frozen=True)
class AnnualCard:
    year: int
    group: int | None
    approved_only: bool
    periods: list[ReportingPeriod]
    through: ReportingPeriod | None
    secretariats: list[AnnualSummary]
    axes: list[AxisYear]
    progress: dict[tuple[str, str], Decimal]
    indicators: list[Indicator]
    axis_objects: list[Axis]
    is_demo: bool
    _by_secretariat: dict[str, AnnualSummary] = field(default_factory=dict, repr=False, compare=False)
    _by_axis: dict[str, AxisYear] = field(default_factory=dict, repr=False, compare=False)

    @property
    def has_data(self) -> bool:
        return self.through is not None

    @property
    def reported(self) -> set[int]:
        return {s.secretariat.pk for s in self.secretariats if s.reported}

    def secretariat(self, code: str) -> AnnualSummary | None:
        return self._by_secretariat.get(code)

    def axis(self, code: str) -> AxisYear | None:
        return self._by_axis.get(code)


def years_of(periods: list[ReportingPeriod]) -> list[int]:
    """The years the reporting periods cover, oldest first (no query)."""
    return sorted({p.year for p in periods})


def annual_card(*, year: int, group: int | None = None, approved_only: bool = False) -> AnnualCard | None:
    """The year to date of every secretariat in scope; ``None`` when no quarter of ``year`` is set up.

    Cached per data version like the scorecards: every figure-changing write moves the version.
    """
    return dataversion.committed_cached(
        "annual",
        lambda: compute_annual_card(year=year, group=group, approved_only=approved_only),
        year,
        group,
        approved_only,
    )


def _in_scope(rows, *, periods: list[ReportingPeriod], group: int | None, statuses=None):
    rows = rows.filter(period_id__in=[p.pk for p in periods])
    if statuses is not None:
        rows = rows.filter(workflow_status__in=statuses)
    if group is not None:
        rows = rows.filter(secretariat__group=group)
    return rows.order_by()


def compute_annual_card(*, year: int, group: int | None = None, approved_only: bool = False) -> AnnualCard | None:
    periods = list(ReportingPeriod.objects.filter(year=year).order_by("id"))
    if not periods:
        return None
    statuses = scoring.visible_statuses(approved_only)

    quarters = defaultdict(list)  # (indicator id, secretariat id) -> [(period id, value)]
    reporters: set[int] = set()
    latest = 0
    is_demo = False
    for period_id, indicator_id, secretariat_id, value, demo in _in_scope(
        IndicatorValue.objects, periods=periods, group=group, statuses=statuses
    ).values_list("period_id", "indicator_id", "secretariat_id", "value", "is_demo"):
        quarters[(indicator_id, secretariat_id)].append((period_id, value))
        reporters.add(secretariat_id)
        latest = max(latest, period_id)
        is_demo |= demo
    progress_rows = (
        _in_scope(InitiativeProgress.objects, periods=periods, group=group, statuses=statuses)
        .values("secretariat_id")
        .annotate(last=Max("period_id"))
        .values_list("secretariat_id", "last")
    )
    for secretariat_id, last in progress_rows:
        reporters.add(secretariat_id)
        latest = max(latest, last)

    targets_rows = AnnualTarget.objects.filter(year=year)
    if group is not None:
        targets_rows = targets_rows.filter(secretariat__group=group)
    targets = {}
    for indicator_id, secretariat_id, value, demo in targets_rows.order_by().values_list(
        "indicator_id", "secretariat_id", "value", "is_demo"
    ):
        targets[(indicator_id, secretariat_id)] = value
        is_demo |= demo
    planned = {}
    planned_demo = False
    for axis_id, value, demo in (
        AxisYearTarget.objects.filter(year=year).order_by().values_list("axis_id", "planned_progress", "is_demo")
    ):
        planned[axis_id] = value
        planned_demo |= demo

    through = next((p for p in periods if p.pk == latest), None)
    # The quarter's scorecard gives the scope (secretariats, indicators, axes) and carried progress (rule 2).
    quarter = scoring.scorecard(period=through or periods[-1], group=group, approved_only=approved_only)
    if through is not None:  # a year without figures shows none of the seeded plans
        is_demo |= quarter.is_demo or planned_demo
    return _assemble(
        year=year,
        group=group,
        approved_only=approved_only,
        periods=periods,
        through=through,
        quarter=quarter,
        quarters=quarters,
        targets=targets,
        planned=planned,
        reporters=reporters,
        is_demo=is_demo,
    )


def _assemble(*, year, group, approved_only, periods, through, quarter, quarters, targets, planned, reporters, is_demo):
    summaries: dict[int, dict] = {}
    scores: dict[int, Decimal | None] = {}
    by_group = defaultdict(dict)
    for carried in quarter.secretariats:
        secretariat = carried.secretariat
        sid = secretariat.pk
        results = {}
        for indicator in quarter.indicators:
            rule = year_rule_of(indicator)
            own = quarters.get((indicator.pk, sid), [])
            if through is None:
                value = None
            elif indicator.is_manual:
                value = year_figure(rule, own)
            else:
                value = carried.indicators[indicator.code].value
            target = targets.get((indicator.pk, sid))
            ach = scoring.achievement(value=value, target=target, polarity=indicator.polarity)
            results[indicator.code] = YearResult(
                value=value,
                target=target,
                achievement=ach,
                status=scoring.status_for(achievement=ach, green_at=indicator.green_at, amber_at=indicator.amber_at),
                rule=rule,
                quarters=len(own),
            )
        score = scoring.weighted_mean(
            (results[i.code].achievement, i.weight)
            for i in quarter.indicators
            if results[i.code].achievement is not None
        )
        scores[sid] = score
        by_group[secretariat.group][sid] = score
        summaries[sid] = {
            "secretariat": secretariat,
            "score": score,
            "progress": carried.progress if through is not None else None,
            "axes": carried.axes if through is not None else dict.fromkeys(carried.axes),
            "indicators": results,
            "reported": sid in reporters,
        }
    ranks: dict[int, int | None] = {}
    for group_scores in by_group.values():
        ranks.update(scoring.competition_ranks(group_scores))
    secretariats = sorted(
        (AnnualSummary(rank=ranks[sid], **data) for sid, data in summaries.items()),
        key=lambda s: (s.secretariat.group, s.rank is None, s.rank or 0, s.secretariat.code),
    )
    axes = [
        AxisYear(
            axis=summary.axis,
            progress=summary.progress if through is not None else None,
            planned=planned.get(summary.axis.pk),
        )
        for summary in quarter.axes
    ]
    return AnnualCard(
        year=year,
        group=group,
        approved_only=approved_only,
        periods=periods,
        through=through,
        secretariats=secretariats,
        axes=axes,
        progress=dict(quarter.progress) if through is not None else {},
        indicators=quarter.indicators,
        axis_objects=quarter.axis_objects,
        is_demo=is_demo,
        _by_secretariat={s.secretariat.code: s for s in secretariats},
        _by_axis={a.axis.code: a for a in axes},
    )
