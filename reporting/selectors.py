"""Reads of the quarterly workflow: what the entry, review and history pages show, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery

from indicators.choices import VISIBLE_STATUSES
from indicators.models import InitiativeProgress
from programme.models import ReportingPeriod, Secretariat


def previous_visible_progress(
    *, secretariat: Secretariat, period: ReportingPeriod, initiative_ids: Iterable[int] | None = None
) -> dict[int, InitiativeProgress]:
    """The latest submitted or approved progress row before ``period``, per initiative (one query).

    Only that row is read for each initiative, however many quarters lie
    behind it (DESIGN §4 rule 2, taken just before the quarter being entered).
    """
    # TODO(issue 11): use the rule-2 query builder of indicators/selectors.py once it exists.
    older = InitiativeProgress.objects.filter(
        secretariat=secretariat, period_id__lt=period.pk, workflow_status__in=VISIBLE_STATUSES
    )
    latest_period = older.filter(initiative_id=OuterRef("initiative_id")).order_by("-period_id").values("period_id")[:1]
    rows = older.filter(period_id=Subquery(latest_period))
    if initiative_ids is not None:
        rows = rows.filter(initiative_id__in=list(initiative_ids))
    return {row.initiative_id: row for row in rows.select_related("period")}
