"""Fixtures for the dashboards and scoring tests.

``programme(n)`` builds a complete small programme for the query-count tests:
``n`` secretariats in group 2, the seven indicators, two axes with initiatives,
targets, values and progress over two quarters. The same shape at 5 and at 50
secretariats must cost the same number of queries on every page.
"""

from decimal import Decimal

import pytest

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, InitiativeProgress, Source, Target
from initiatives.models import Participation
from tests.factories import (
    AxisFactory,
    IndicatorFactory,
    InitiativeFactory,
    ReportingPeriodFactory,
    SecretariatFactory,
)

SEVEN = [
    ("measurement-efficiency", Source.MANUAL, "higher_better"),
    ("financial-resources", Source.MANUAL, "higher_better"),
    ("complaint-handling", Source.MANUAL, "lower_better"),
    ("beneficiary-satisfaction", Source.MANUAL, "higher_better"),
    ("initiative-progress", Source.INITIATIVES_ALL, "higher_better"),
    ("led-initiative-progress", Source.INITIATIVES_LED, "higher_better"),
    ("innovation-index", Source.MANUAL, "higher_better"),
]


def build_programme(n: int, *, group: int = 2, prefix: str = "s") -> dict:
    """``n`` secretariats with a full quarter of figures in 2018-Q1 and a carried quarter 2018-Q2."""
    q4 = ReportingPeriodFactory(year=2017, quarter=4, state="scheduled")
    q1 = ReportingPeriodFactory(year=2018, quarter=1, state="scheduled")
    q2 = ReportingPeriodFactory(year=2018, quarter=2)
    indicators = [
        IndicatorFactory(code=code, source=source, polarity=polarity, sort_order=order)
        for order, (code, source, polarity) in enumerate(SEVEN, start=1)
    ]
    axis_a, axis_b = AxisFactory(code="A"), AxisFactory(code="B")
    secretariats = [SecretariatFactory(code=f"{prefix}{i:03d}", group=group) for i in range(n)]
    initiatives = [
        InitiativeFactory(code="A-01", axis=axis_a, lead_secretariat=secretariats[0]),
        InitiativeFactory(code="B-01", axis=axis_b, weight=Decimal("2"), target_quantity=Decimal("15")),
    ]
    Participation.objects.bulk_create(
        [Participation(initiative=i, secretariat=s) for i in initiatives for s in secretariats],
        ignore_conflicts=True,
    )
    Target.objects.bulk_create(
        [
            Target(indicator=ind, secretariat=s, period=p, value=Decimal("80"), is_demo=True)
            for p in (q4, q1, q2)
            for ind in indicators
            for s in secretariats
        ]
    )
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=ind,
                secretariat=s,
                period=p,
                value=Decimal(40 + (k * 7 + j * 3) % 50),
                workflow_status=WorkflowStatus.APPROVED if k % 3 else WorkflowStatus.SUBMITTED,
                is_demo=True,
            )
            for p in (q4, q1)
            for j, ind in enumerate(indicators)
            if ind.source == Source.MANUAL
            for k, s in enumerate(secretariats)
        ]
    )
    InitiativeProgress.objects.bulk_create(
        [
            InitiativeProgress(
                initiative=i,
                secretariat=s,
                period=p,
                percent_complete=Decimal(10 * (m + 1) + k % 5),
                quantity_achieved=Decimal(m + 3) if i.target_quantity else None,
                narrative=f"narrative {i.code} {s.code} {p.key}",
                workflow_status=WorkflowStatus.APPROVED if k % 4 else WorkflowStatus.SUBMITTED,
                is_demo=True,
            )
            for m, p in enumerate((q4, q1))
            for i in initiatives
            for k, s in enumerate(secretariats)
        ]
    )
    return {
        "periods": [q4, q1, q2],
        "indicators": indicators,
        "axes": [axis_a, axis_b],
        "initiatives": initiatives,
        "secretariats": secretariats,
    }


@pytest.fixture
def programme(db):
    """``programme(n)`` → the dict of :func:`build_programme`."""
    return build_programme
