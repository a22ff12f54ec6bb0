"""What plan against actual and the visual-distortion elements add to the initiative, secretariat and axis pages."""

from __future__ import annotations

from dashboards import plan_charts
from dashboards.elements import element_matrix
from dashboards.plans import axis_plan_series, plan_rows
from dashboards.selectors import trend_window
from initiatives.models import Initiative
from programme.models import Axis, ReportingPeriod, Secretariat


def initiative_extras(*, initiative: Initiative, period: ReportingPeriod, group: int | None) -> dict:
    """One query for the plan table (and its chart), one for the elements, two more when there are elements."""
    rows = plan_rows(period=period, group=group, initiative=initiative)
    return {
        "plan_rows": rows,
        "plan_chart": plan_charts.initiative_plan(rows),
        "elements": element_matrix(initiative=initiative, period=period, group=group),
    }


def secretariat_extras(*, secretariat: Secretariat, period: ReportingPeriod) -> dict:
    """One query: each initiative the secretariat takes part in, against its plan."""
    return {"plan_rows": plan_rows(period=period, secretariat=secretariat)}


def axis_extras(*, axis: Axis, periods: list[ReportingPeriod], period: ReportingPeriod, group: int | None) -> dict:
    """Three queries: the actual over the trend window (two) and the axis's plans (one)."""
    points = axis_plan_series(axis=axis, window=trend_window(periods, period), group=group)
    return {"plan_chart": plan_charts.axis_plan(points), "plan_points": points}
