"""Reads of the quarterly workflow: what the entry, review and history pages show, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import User
from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Target
from indicators.permissions import workflow_rows_visible_to
from indicators.scoring import scorecard
from indicators.selectors import latest_visible_progress
from initiatives.models import Initiative
from programme.models import Axis, PeriodExtension, ReportingPeriod, Secretariat

#: Who saved, submitted and reviewed a row: the lock and stale reasons name them.
WHO = ("updated_by", "reviewed_by", "submitted_by")


def previous_visible_progress(*, secretariat: Secretariat, period: ReportingPeriod) -> dict[int, InitiativeProgress]:
    """Per initiative, the latest submitted or approved progress row before ``period`` (DESIGN §4 rule 2); one query.

    What the entry form compares a new percentage with: a drop needs a narrative.
    """
    rows = latest_visible_progress(period=period, secretariat=secretariat, strictly_before=True)
    return {row.initiative_id: row for row in rows.select_related("period")}


def periods_with_extensions(*, secretariat: Secretariat) -> list[tuple[ReportingPeriod, PeriodExtension | None]]:
    """Every period, oldest first, with the secretariat's extension of it (two queries)."""
    extensions = {e.period_id: e for e in PeriodExtension.objects.filter(secretariat=secretariat)}
    return [(p, extensions.get(p.pk)) for p in ReportingPeriod.objects.order_by("id")]


# --------------------------------------------------------------------------- the entry page


@dataclass
class EntrySheet:
    """What the entry page shows for one secretariat and quarter, keyed by indicator or initiative id."""

    indicators: list[Indicator]
    values: dict[int, IndicatorValue]
    previous_values: dict[int, IndicatorValue]  # the quarter before
    targets: dict[int, Target]
    initiatives: list[Initiative]
    progress: dict[int, InitiativeProgress]
    previous_progress: dict[int, InitiativeProgress]  # latest visible before the quarter


def entry_sheet(*, secretariat: Secretariat, period: ReportingPeriod) -> EntrySheet:
    """Seven queries, whatever the number of indicators and initiatives."""
    return EntrySheet(
        indicators=list(Indicator.objects.order_by("sort_order", "code")),
        values={
            v.indicator_id: v
            for v in IndicatorValue.objects.select_related(*WHO).filter(secretariat=secretariat, period=period)
        },
        previous_values={
            v.indicator_id: v for v in IndicatorValue.objects.filter(secretariat=secretariat, period_id=period.pk - 1)
        },
        targets={t.indicator_id: t for t in Target.objects.filter(secretariat=secretariat, period=period)},
        initiatives=list(
            Initiative.objects.filter(participants=secretariat).select_related("axis").order_by("axis__code", "code")
        ),
        progress={
            p.initiative_id: p
            for p in InitiativeProgress.objects.select_related(*WHO).filter(secretariat=secretariat, period=period)
        },
        previous_progress=previous_visible_progress(secretariat=secretariat, period=period),
    )


def derived_figures(
    *, secretariat: Secretariat, period: ReportingPeriod, derived: list[tuple[Indicator, Target | None]]
) -> list[dict]:
    """Computed indicators from the scoring core (submitted and approved progress only); no query when none."""
    if not derived:
        return []
    summary = scorecard(period=period, group=secretariat.group).secretariat(secretariat.code)
    rows = []
    for indicator, target in derived:
        result = summary.indicators.get(indicator.code) if summary else None
        rows.append(
            {
                "indicator": indicator,
                "target": target,
                "value": result.value if result else None,
                "status": result.status if result else "no_data",
            }
        )
    return rows


# --------------------------------------------------------------------------- the review queue


def secretariat_by_code(code: str) -> Secretariat | None:
    return Secretariat.objects.filter(code=code).first()


def axis_by_code(code: str) -> Axis | None:
    return Axis.objects.filter(code=code).first()


def review_queue(
    *, period: ReportingPeriod | None, secretariat: Secretariat | None, axis: Axis | None
) -> tuple[list[IndicatorValue], list[InitiativeProgress]]:
    """Submitted values (each with its ``target``) and progress rows, filtered; three queries."""
    values = IndicatorValue.objects.filter(workflow_status=WorkflowStatus.SUBMITTED).select_related(
        "indicator", "secretariat", "period", "submitted_by"
    )
    progress = InitiativeProgress.objects.filter(workflow_status=WorkflowStatus.SUBMITTED).select_related(
        "initiative", "initiative__axis", "secretariat", "period", "submitted_by"
    )
    if period:
        values, progress = values.filter(period=period), progress.filter(period=period)
    if secretariat:
        values, progress = values.filter(secretariat=secretariat), progress.filter(secretariat=secretariat)
    if axis:
        # Indicator values belong to no axis: filtering by axis shows initiative progress only.
        values, progress = values.none(), progress.filter(initiative__axis=axis)
    values = list(values.order_by("period_id", "secretariat__code", "indicator__sort_order"))
    progress = list(progress.order_by("period_id", "secretariat__code", "initiative__code"))
    targets = {
        (t.indicator_id, t.secretariat_id, t.period_id): t.value
        for t in Target.objects.filter(
            period_id__in={v.period_id for v in values}, secretariat_id__in={v.secretariat_id for v in values}
        )
    }
    for v in values:
        v.target = targets.get((v.indicator_id, v.secretariat_id, v.period_id))
    return values, progress


def review_filter_choices() -> dict:
    """The filter menus of the review page: periods (newest first), secretariats, axes; three queries."""
    return {
        "periods": list(ReportingPeriod.objects.order_by("-id")),
        "secretariats": list(Secretariat.objects.order_by("group", "code")),
        "axes": list(Axis.objects.order_by("code")),
    }


def figures_by_key(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], IndicatorValue | InitiativeProgress]:
    """Rows named ``("value", pk)`` or ``("progress", pk)``, with secretariat and period; two queries."""
    keys = list(keys)
    found: dict[tuple[str, int], IndicatorValue | InitiativeProgress] = {}
    for kind, model in (("value", IndicatorValue), ("progress", InitiativeProgress)):
        pks = [pk for k, pk in keys if k == kind]
        found.update(
            {(kind, r.pk): r for r in model.objects.select_related("secretariat", "period").filter(pk__in=pks)}
        )
    return found


# --------------------------------------------------------------------------- history


def visible_figure(*, user: User, model: type[IndicatorValue | InitiativeProgress], pk: int):
    """The value or progress row ``pk`` if ``user`` may read it (with what it is about), else ``None``."""
    subject = "indicator" if model is IndicatorValue else "initiative"
    rows: QuerySet = model.objects.select_related("secretariat", "period", subject)
    return workflow_rows_visible_to(user, rows).filter(pk=pk).first()


def history_records(row: IndicatorValue | InitiativeProgress) -> list:
    """Every historical record of the row, oldest first, with who made it; one query."""
    return list(row.history.select_related("history_user").order_by("history_date", "history_id"))
