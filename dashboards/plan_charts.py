"""Plan-versus-actual figures of the initiative and axis pages, drawn with the dashboards' own chart helpers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dashboards.charts import against_target, lines
from dashboards.plans import PlanPoint, PlanRow
from madinati.bilingual import quarter_label


def initiative_plan(rows: list[PlanRow]) -> str | None:
    """Each participant's progress (bars) against its plan for the quarter (markers); ``None`` when nothing is planned."""
    planned = [r for r in rows if r.planned is not None]
    if not planned:
        return None
    return against_target(
        labels=[r.secretariat.name for r in planned],
        achieved=[r.actual if r.actual is not None else 0 for r in planned],
        targets=[r.planned for r in planned],
        title=_("Progress against the plan (%)"),
        achieved_name=_("Actual"),
        target_name=_("Planned"),
    )


def axis_plan(points: list[PlanPoint]) -> str | None:
    """The axis's planned and actual progress by quarter; ``None`` when no quarter has a plan."""
    if not any(p.pairs for p in points):
        return None
    return lines(
        x=[quarter_label(p.period) for p in points],
        series=[(_("Planned"), [p.planned for p in points]), (_("Actual"), [p.actual for p in points])],
        title=_("Planned and actual progress by quarter (%)"),
    )
