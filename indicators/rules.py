"""DESIGN §4's vocabulary and its rules as pure functions: the figures a scorecard holds, what counts
(rule 1), weighted means (rule 10), achievement (rule 5), status (rule 6) and ranks (rule 8).

Both scoring paths build these: the Python rules of :mod:`indicators.scoring` (SQLite) and the shaping
of PostgreSQL's statement in :mod:`indicators.scoring_pg`. Pages and the API import them from
:mod:`indicators.scoring`, which re-exports them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.choices import VISIBLE_STATUSES, WorkflowStatus
from indicators.models import Indicator, Polarity
from programme.models import Axis, ReportingPeriod, Secretariat

HUNDRED = Decimal(100)
ZERO = Decimal(0)

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator of one secretariat in one period."""

    value: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    status: str


@dataclass(frozen=True)
class SecretariatSummary:
    secretariat: Secretariat
    score: Decimal | None
    rank: int | None
    progress: Decimal | None
    axes: dict[str, Decimal | None]
    indicators: dict[str, IndicatorResult]


@dataclass(frozen=True)
class AxisSummary:
    axis: Axis
    progress: Decimal | None
    secretariats: dict[str, Decimal | None]


@dataclass(frozen=True)
class Scorecard:
    period: ReportingPeriod
    group: int | None
    approved_only: bool
    secretariats: list[SecretariatSummary]
    axes: list[AxisSummary]
    progress: dict[tuple[str, str], Decimal]
    indicators: list[Indicator]
    axis_objects: list[Axis]
    is_demo: bool
    #: Weighted mean over every (initiative, participant) pair in scope: rule 9's overall progress, all axes.
    overall: Decimal | None = None
    _by_secretariat: dict[str, SecretariatSummary] = field(default_factory=dict, repr=False, compare=False)
    _by_axis: dict[str, AxisSummary] = field(default_factory=dict, repr=False, compare=False)

    def secretariat(self, code: str) -> SecretariatSummary | None:
        return self._by_secretariat.get(code)

    def axis(self, code: str) -> AxisSummary | None:
        return self._by_axis.get(code)


@dataclass(frozen=True)
class ProgressSummary:
    """Rules 2 and 9 for one quarter, without the scoring: what a trend of progress reads of the quarters
    before the selected one. The same ``progress``, ``overall``, ``axes`` and ``axis()`` as a
    :class:`Scorecard` of that quarter."""

    period: ReportingPeriod
    group: int | None
    axes: list[AxisSummary]
    progress: dict[tuple[str, str], Decimal]
    overall: Decimal | None
    axis_objects: list[Axis]
    _by_axis: dict[str, AxisSummary] = field(default_factory=dict, repr=False, compare=False)

    def axis(self, code: str) -> AxisSummary | None:
        return self._by_axis.get(code)

    @classmethod
    def of(cls, card: Scorecard) -> "ProgressSummary":
        return cls(
            period=card.period,
            group=card.group,
            axes=card.axes,
            progress=card.progress,
            overall=card.overall,
            axis_objects=card.axis_objects,
            _by_axis={a.axis.code: a for a in card.axes},
        )


def visible_statuses(approved_only: bool) -> tuple[str, ...]:
    """Rule 1: what counts in a score."""
    return (WorkflowStatus.APPROVED,) if approved_only else tuple(VISIBLE_STATUSES)


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Rule 10: ``Σ w·x / Σ w`` over ``(x, w)`` pairs; ``None`` over an empty set (or zero total weight)."""
    total = weights = ZERO
    for value, weight in pairs:
        total += value * weight
        weights += weight
    if weights == ZERO:
        return None
    return total / weights


def achievement(*, value: Decimal | None, target: Decimal | None, polarity: str) -> Decimal | None:
    """Rule 5: percent of target achieved, clipped to [0, 100]; ``None`` without a value or a positive target."""
    if value is None or target is None or target <= ZERO:
        return None
    if polarity == Polarity.LOWER_BETTER:
        raw = HUNDRED if value == ZERO else HUNDRED * target / value
    else:
        raw = HUNDRED * value / target
    return min(HUNDRED, max(ZERO, raw))


def status_for(*, achievement: Decimal | None, green_at: Decimal, amber_at: Decimal) -> str:
    """Rule 6."""
    if achievement is None:
        return NO_DATA
    if achievement >= green_at:
        return ON_TRACK
    if achievement >= amber_at:
        return AT_RISK
    return OFF_TRACK


def competition_ranks(scores: dict[int, Decimal | None]) -> dict[int, int | None]:
    """Rule 8 within one group: 1, 2, 2, 4; ``None`` scores are unranked."""
    ranked = sorted((score, key) for key, score in scores.items() if score is not None)
    ranked.reverse()
    ranks: dict[int, int | None] = dict.fromkeys(scores)
    previous = None
    for position, (score, key) in enumerate(ranked, start=1):
        if previous is not None and score == previous[0]:
            ranks[key] = previous[1]
        else:
            ranks[key] = position
            previous = (score, position)
    return ranks
