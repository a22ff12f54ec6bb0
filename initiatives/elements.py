"""Reads of the visual-distortion elements: what a secretariat or a group has treated by the end of a quarter.

An element counts as treated by quarter P when a record at or before P says so (a
treatment is not undone by a later quarter's record); it is targeted when the
secretariat has any record of it up to P. B-01's progress for a secretariat is
treated ÷ targeted, as the derived indicators are computed from their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from initiatives.models import ElementRecord, Initiative
from programme.models import ReportingPeriod, Secretariat

HUNDRED = Decimal(100)


def records_up_to(*, initiative: Initiative, period: ReportingPeriod, group: int | None = None):
    rows = ElementRecord.objects.filter(element__initiative=initiative, period_id__lte=period.pk)
    if group is not None:
        rows = rows.filter(secretariat__group=group)
    return rows


@dataclass(frozen=True)
class Tally:
    treated: int
    targeted: int

    @property
    def percent(self) -> Decimal | None:
        """Treated ÷ targeted in percent; ``None`` when nothing is targeted."""
        if not self.targeted:
            return None
        return (HUNDRED * self.treated / self.targeted).quantize(Decimal("0.01"))


def secretariat_tally(*, initiative: Initiative, secretariat: Secretariat, period: ReportingPeriod) -> Tally:
    """Distinct elements the secretariat treated and targeted by the end of ``period``; one query."""
    counts = (
        records_up_to(initiative=initiative, period=period)
        .filter(secretariat=secretariat)
        .aggregate(
            treated=Count("element_id", filter=Q(treated=True), distinct=True),
            targeted=Count("element_id", distinct=True),
        )
    )
    return Tally(treated=counts["treated"], targeted=counts["targeted"])
