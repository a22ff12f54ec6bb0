"""The printable quarterly review pack: everything the group's meeting goes through, in its order.

1. each secretariat's targets against achievements;
2. the seven indicators with their statuses;
3. progress on each axis;
4. the initiatives' progress;
5. the unified risks and obstacles;
6. open support requests and creative ideas;
7. the actions of earlier meetings, with their status;
8. the decisions of this meeting, once it is held.

Figures come from :func:`indicators.scoring.scorecard` (the one implementation
of DESIGN §4), or from a frozen snapshot of the quarter (with the figures revised
since), registers from :mod:`registers.selectors`, the review cycle from
:mod:`meetings.selectors`; the whole pack is a fixed number of queries. Tables are
laid out here as plain rows so the template only iterates.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from indicators import scoring
from indicators.models import Indicator
from initiatives.models import Initiative
from madinati.charts import STATUS_SYMBOLS
from meetings.models import Snapshot
from meetings.selectors import MeetingFollowUp, pack_follow_up
from meetings.snapshots import Revision, frozen_scorecard, revised_since
from programme.models import Axis, ReportingPeriod
from registers import selectors
from registers.models import Idea, Risk, SupportRequest

STATUS_LABELS = {
    scoring.ON_TRACK: _("On track"),
    scoring.AT_RISK: _("At risk"),
    scoring.OFF_TRACK: _("Off track"),
    scoring.NO_DATA: _("No data"),
}


@dataclass(frozen=True)
class StatusCell:
    status: str
    achievement: Decimal | None

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self.status]

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass(frozen=True)
class TargetRow:
    indicator: Indicator
    result: scoring.IndicatorResult
    cell: StatusCell


@dataclass(frozen=True)
class SecretariatSection:
    summary: scoring.SecretariatSummary
    rows: list[TargetRow]


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    cells: list[StatusCell]  # one per secretariat, in the pack's order


@dataclass(frozen=True)
class AxisRow:
    axis: Axis
    progress: Decimal | None
    cells: list[Decimal | None]  # one per secretariat; None where it does not take part


@dataclass(frozen=True)
class InitiativeRow:
    initiative: Initiative
    progress: Decimal | None  # mean over the group's participants
    cells: list[Decimal | None]  # one per secretariat; None where it does not take part


@dataclass(frozen=True)
class ReviewPack:
    period: ReportingPeriod
    group: int
    scorecard: scoring.Scorecard
    sections: list[SecretariatSection]
    indicator_rows: list[IndicatorRow]
    axis_rows: list[AxisRow]
    initiatives: list[tuple[Axis, list[InitiativeRow]]]
    unified_risks: list[Risk]
    support_requests: list[SupportRequest]
    ideas: list[Idea]
    follow_up: MeetingFollowUp
    snapshot: Snapshot | None = None  # the figures are this frozen snapshot's, not the live ones
    revisions: list[Revision] = field(default_factory=list)

    @property
    def secretariat_names(self) -> dict[str, str]:
        return {summary.secretariat.code: summary.secretariat.name for summary in self.scorecard.secretariats}

    @property
    def indicator_names(self) -> dict[str, str]:
        return {indicator.code: indicator.name for indicator in self.scorecard.indicators}

    @property
    def secretariats(self):
        return [section.summary.secretariat for section in self.sections]

    @property
    def registers_are_demo(self) -> bool:
        return any(row.is_demo for row in (*self.unified_risks, *self.support_requests, *self.ideas))

    @property
    def structure_is_demo(self) -> bool:
        """The indicators' definitions, the axes or the initiatives were invented by seed_demo (no query)."""
        shown = [*self.scorecard.indicators, *self.scorecard.axis_objects]
        shown += [row.initiative for _axis, rows in self.initiatives for row in rows]
        return any(getattr(item, "is_demo", False) for item in shown)

    @property
    def is_demo(self) -> bool:
        return self.scorecard.is_demo or self.structure_is_demo or self.registers_are_demo or self.follow_up.is_demo


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def build_review_pack(*, period: ReportingPeriod, group: int, snapshot: Snapshot | None = None) -> ReviewPack:
    """The pack of ``group`` for ``period``: the scorecard's queries plus six, plus the review cycle's (at most four).

    With ``snapshot``, the figures are the frozen ones (three queries instead of six) and the figures
    revised since the freeze are listed (the live scorecard's six, and two more when some were).
    """
    card = frozen_scorecard(snapshot) if snapshot is not None else scoring.scorecard(period=period, group=group)
    summaries = card.secretariats
    codes = [summary.secretariat.code for summary in summaries]

    sections = [
        SecretariatSection(
            summary=summary,
            rows=[
                TargetRow(
                    indicator=indicator,
                    result=summary.indicators[indicator.code],
                    cell=StatusCell(
                        summary.indicators[indicator.code].status, summary.indicators[indicator.code].achievement
                    ),
                )
                for indicator in card.indicators
                if indicator.code in summary.indicators
            ],
        )
        for summary in summaries
    ]
    indicator_rows = [
        IndicatorRow(
            indicator=indicator,
            cells=[
                StatusCell(result.status, result.achievement)
                if (result := summary.indicators.get(indicator.code))
                else StatusCell(scoring.NO_DATA, None)
                for summary in summaries
            ],
        )
        for indicator in card.indicators
    ]
    axis_rows = [
        AxisRow(axis=axis.axis, progress=axis.progress, cells=[axis.secretariats.get(code) for code in codes])
        for axis in card.axes
    ]

    # One query: the initiatives that have a participant in the group.
    initiative_codes = sorted({initiative_code for initiative_code, _code in card.progress})
    by_axis: dict[int, list[InitiativeRow]] = {}
    for initiative in Initiative.objects.filter(code__in=initiative_codes).select_related("axis").order_by("code"):
        cells = [card.progress.get((initiative.code, code)) for code in codes]
        by_axis.setdefault(initiative.axis_id, []).append(
            InitiativeRow(initiative=initiative, progress=_mean([c for c in cells if c is not None]), cells=cells)
        )
    initiatives = [(axis, by_axis[axis.pk]) for axis in card.axis_objects if axis.pk in by_axis]

    # Two queries: the group's open unified risks and the entries merged into them.
    unified_risks = selectors.top_unified_risks(group=group, limit=None)
    # One query each: the group's open support requests and ideas.
    open_requests = list(
        SupportRequest.objects.filter(secretariat__group=group, status__in=selectors.OPEN_REQUEST_STATUSES)
        .select_related("secretariat")
        .order_by("secretariat__code", "-created_at", "-id")
    )
    open_ideas = list(
        Idea.objects.filter(secretariat__group=group, status__in=selectors.OPEN_IDEA_STATUSES)
        .select_related("secretariat")
        .order_by("secretariat__code", "-created_at", "-id")
    )
    return ReviewPack(
        period=period,
        group=group,
        scorecard=card,
        sections=sections,
        indicator_rows=indicator_rows,
        axis_rows=axis_rows,
        initiatives=initiatives,
        unified_risks=unified_risks,
        support_requests=open_requests,
        ideas=open_ideas,
        follow_up=pack_follow_up(period=period, group=group),
        snapshot=snapshot,
        revisions=revised_since(snapshot) if snapshot is not None else [],
    )
