"""Planned progress for ``seed_demo``: a plan for every initiative's group-two participants, 2017-Q1 to 2018-Q4.

Each pair's plan runs a fixed number of points ahead of (or behind) its demo
progress, so most pairs are on plan; a few pairs whose latest report says
"on track" are planned 27 points ahead of what they did, so the pages show a
report that the plan contradicts ("reported on track, 27 points behind plan").
Deterministic: the offsets are seeded from the pair's codes; a rerun writes nothing.
"""

from __future__ import annotations

import random
from decimal import Decimal

from demo.figures import LAST_REPORTED, periods
from demo.structure import GROUP_TWO
from demo.upsert import upsert
from indicators.choices import VISIBLE_STATUSES
from indicators.models import InitiativeProgress, ReportedStatus
from initiatives.models import Participation, PlannedProgress
from programme.models import ReportingPeriod

#: How far behind its plan a contradicted "on track" report is, in points (the issue's example).
CONTRADICTED_GAP = Decimal(27)
#: How many pairs get that gap.
CONTRADICTED_PAIRS = 3
HUNDRED = Decimal(100)
HALF = Decimal("0.5")


def _offset(initiative: str, secretariat: str) -> Decimal:
    """Plan − actual for an ordinary pair: between 6 points behind and 8 ahead of the plan, in half points."""
    raw = random.Random(f"plan:{initiative}:{secretariat}").uniform(-8, 6)
    return (Decimal(str(raw)) / HALF).quantize(Decimal(1)) * HALF


def _actuals() -> dict[tuple[int, int], dict[int, tuple[Decimal, str]]]:
    """Per (initiative id, secretariat id): period id → (percent, reported status) of its visible demo rows."""
    rows = InitiativeProgress.objects.filter(is_demo=True, workflow_status__in=VISIBLE_STATUSES).values_list(
        "initiative_id", "secretariat_id", "period_id", "percent_complete", "status"
    )
    actuals: dict[tuple[int, int], dict[int, tuple[Decimal, str]]] = {}
    for initiative_id, secretariat_id, period_id, percent, status in rows:
        actuals.setdefault((initiative_id, secretariat_id), {})[period_id] = (percent, status)
    return actuals


def _contradicted(pairs: list[Participation], actuals: dict, last_reported: int) -> set[tuple[int, int]]:
    """The first pairs (by codes) reported on track at the last reported quarter with room for the gap."""
    chosen = set()
    for pair in pairs:
        history = actuals.get((pair.initiative_id, pair.secretariat_id), {})
        latest = history.get(last_reported)
        if latest and latest[1] == ReportedStatus.ON_TRACK and latest[0] + CONTRADICTED_GAP <= HUNDRED:
            chosen.add((pair.initiative_id, pair.secretariat_id))
        if len(chosen) == CONTRADICTED_PAIRS:
            break
    return chosen


def seed_plans() -> int:
    period_objs = {(p.year, p.quarter): p for p in ReportingPeriod.objects.all()}
    keys = [key for key in periods() if key in period_objs]
    last_reported = period_objs[LAST_REPORTED].pk
    pairs = list(
        Participation.objects.filter(secretariat__code__in=GROUP_TWO)
        .select_related("initiative", "secretariat")
        .order_by("initiative__code", "secretariat__code")
    )
    actuals = _actuals()
    contradicted = _contradicted(pairs, actuals, last_reported)
    written = 0
    for pair in pairs:
        key = (pair.initiative_id, pair.secretariat_id)
        history = actuals.get(key, {})
        offset = CONTRADICTED_GAP if key in contradicted else _offset(pair.initiative.code, pair.secretariat.code)
        carried, planned, step = Decimal(0), Decimal(0), Decimal(12)
        for year_quarter in keys:
            period = period_objs[year_quarter]
            if period.pk in history:
                previous, carried = carried, history[period.pk][0]
                step = max(step, carried - previous) if period.pk <= last_reported else step
            if period.pk <= last_reported:
                planned = max(planned, min(HUNDRED, max(Decimal(0), carried + offset)))
            else:
                planned = min(HUNDRED, planned + step)  # after the last report: the plan keeps its pace
            written += upsert(
                PlannedProgress,
                {"initiative": pair.initiative, "secretariat": pair.secretariat, "period": period},
                {"planned_percent": planned, "is_demo": True},
            )[1]
    return written
