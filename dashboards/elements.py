"""The B-01 page's element × secretariat matrix and the group's count of distinct elements treated (three queries).

Element records go with their secretariat's progress row of the same initiative and
quarter (they are entered, locked and submitted with it), so a page counts a record
only when that row is submitted or approved (DESIGN §4 rule 1): every user sees the
same matrix and the same count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from indicators.choices import VISIBLE_STATUSES
from indicators.models import InitiativeProgress
from initiatives.elements import records_up_to
from initiatives.models import DistortionElement, Initiative
from programme.models import ReportingPeriod, Secretariat


@dataclass
class Cell:
    treated_in: ReportingPeriod | None = None  # the first quarter a record said treated
    targeted: bool = False
    quantity: Decimal | None = None  # summed over the quarters up to the page's, when given
    unit: str = ""


@dataclass
class ElementMatrix:
    period: ReportingPeriod
    elements: list[DistortionElement]
    secretariats: list[Secretariat]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    @property
    def treated_count(self) -> int:
        """Distinct elements treated by the end of the quarter by any secretariat in scope."""
        return len({element_id for (element_id, _s), cell in self.cells.items() if cell.treated_in})

    def rows(self):
        """``(element, [cell per secretariat], treated by anyone)`` in the list's order."""
        for element in self.elements:
            cells = [self.cells.get((element.pk, s.pk), Cell()) for s in self.secretariats]
            yield element, cells, any(c.treated_in for c in cells)


def with_visible_progress(records: QuerySet, progress: QuerySet | None = None) -> QuerySet:
    """``records`` whose progress row (same secretariat, initiative and quarter) is in ``progress``.

    ``progress`` defaults to the submitted and approved rows; the API passes the rows its user may read.
    """
    if progress is None:
        progress = InitiativeProgress.objects.filter(workflow_status__in=VISIBLE_STATUSES)
    return records.filter(
        Exists(
            progress.filter(
                initiative_id=OuterRef("element__initiative_id"),
                secretariat_id=OuterRef("secretariat_id"),
                period_id=OuterRef("period_id"),
            )
        )
    )


def element_matrix(*, initiative: Initiative, period: ReportingPeriod, group: int | None) -> ElementMatrix | None:
    """``None`` when the initiative has no elements (one query); else three queries in all."""
    elements = list(DistortionElement.objects.filter(initiative=initiative).order_by("sort_order", "code"))
    if not elements:
        return None
    secretariats = Secretariat.objects.filter(participations__initiative=initiative)
    if group is not None:
        secretariats = secretariats.filter(group=group)
    matrix = ElementMatrix(period=period, elements=elements, secretariats=list(secretariats.order_by("group", "code")))
    records = (
        with_visible_progress(records_up_to(initiative=initiative, period=period, group=group))
        .select_related("period")
        .order_by("period_id")
    )
    for record in records:
        cell = matrix.cells.setdefault((record.element_id, record.secretariat_id), Cell())
        cell.targeted = True
        if record.treated and cell.treated_in is None:
            cell.treated_in = record.period
        if record.quantity is not None:
            cell.quantity = (cell.quantity or Decimal(0)) + record.quantity
            cell.unit = record.get_unit_display()
    return matrix
