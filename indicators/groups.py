"""The groups side by side, and the national rank (issue 15), from scorecards already computed.

Works on a quarter's :class:`indicators.scoring.Scorecard` or a year's :class:`indicators.annual.AnnualCard`
of every group (``group=None``): both list their secretariats with a score and a rank within the group.

- **National rank**: DESIGN §4 rule 8 across every secretariat in the card instead of within a group.
- **A group's score**: the plain mean of its scored secretariats' scores (each secretariat counts once).
- **A group's progress per axis**: DESIGN §4 rule 9 counting only the group's secretariats, the figure the
  axis page shows for that group: the weighted mean over the group's (initiative, participant) pairs.
- **Reported**: secretariats with a visible value or progress report in the quarter (or the year).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from indicators import scoring
from indicators.models import IndicatorValue, InitiativeProgress
from initiatives.models import Initiative
from programme.models import ReportingPeriod


def national_ranks(card) -> dict[str, int | None]:
    """Secretariat code → rank across every secretariat of the card (1, 2, 2, 4; unscored: ``None``)."""
    return scoring.competition_ranks({s.secretariat.code: s.score for s in card.secretariats})


def reported_at(*, period: ReportingPeriod, approved_only: bool = False) -> dict[int, set[int]]:
    """Group → ids of its secretariats with a visible value or progress row in the quarter (one UNION query)."""
    statuses = scoring.visible_statuses(approved_only)
    columns = ("secretariat__group", "secretariat_id")
    values = IndicatorValue.objects.filter(period=period, workflow_status__in=statuses).order_by().values_list(*columns)
    progress = (
        InitiativeProgress.objects.filter(period=period, workflow_status__in=statuses).order_by().values_list(*columns)
    )
    reported = defaultdict(set)
    for group, secretariat_id in values.union(progress):
        reported[group].add(secretariat_id)
    return dict(reported)


def default_group(reported: dict[int, set[int]], groups: list[int]) -> int | None:
    """The group a page opens on: all groups when every group (or none) has figures, else the one that has most."""
    with_data = [g for g in groups if reported.get(g)]
    if not with_data or len(with_data) == len(groups):
        return None
    return max(with_data, key=lambda g: (len(reported[g]), -g))


def shows_figures(card) -> bool:
    """Has the card a figure to show: a score, or progress above zero (carried from an earlier quarter, say)?"""
    return any(s.score is not None or any(s.axes.values()) for s in card.secretariats)


def initiative_axes() -> dict[str, tuple[str, Decimal]]:
    """Initiative code → (axis code, weight): one query."""
    return {
        code: (axis, weight) for code, axis, weight in Initiative.objects.values_list("code", "axis__code", "weight")
    }


@dataclass(frozen=True)
class GroupRow:
    group: int
    size: int  # secretariats in the group
    reported: int  # of which reported in the quarter or year
    score: Decimal | None
    axes: dict[str, Decimal | None]
    best: object | None  # the group's secretariat summary with the highest score
    weakest: object | None  # the lowest, when at least two are scored
    members: list  # summaries, by rank within the group

    @property
    def has_data(self) -> bool:
        return self.reported > 0


def compare_groups(
    *, card, reported: set[int], initiatives: dict[str, tuple[str, Decimal]], groups: list[int] | None = None
) -> list[GroupRow]:
    """One row per group of the card (and per group of ``groups`` without a secretariat in it)."""
    members = defaultdict(list)
    for summary in card.secretariats:  # already by group, then rank
        members[summary.secretariat.group].append(summary)
    group_of = {s.secretariat.code: s.secretariat.group for s in card.secretariats}
    pairs = defaultdict(list)  # (group, axis code) -> [(percent, weight)]
    for (initiative, secretariat), percent in card.progress.items():
        if initiative in initiatives and secretariat in group_of:
            axis, weight = initiatives[initiative]
            pairs[(group_of[secretariat], axis)].append((percent, weight))
    rows = []
    for group in sorted(set(members) | set(groups or ())):
        people = members.get(group, [])
        scored = [s for s in people if s.score is not None]
        scored.sort(key=lambda s: (-s.score, s.secretariat.code))
        reporting = sum(1 for s in people if s.secretariat.pk in reported)
        rows.append(
            GroupRow(
                group=group,
                size=len(people),
                reported=reporting,
                score=sum((s.score for s in scored), Decimal(0)) / len(scored) if scored else None,
                axes={a.code: scoring.weighted_mean(pairs[(group, a.code)]) for a in card.axis_objects},
                best=scored[0] if scored else None,
                weakest=scored[-1] if len(scored) > 1 else None,
                members=people,
            )
        )
    return rows
