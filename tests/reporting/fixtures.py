"""Fixtures for the entry, review, history and import tests: a small programme around Taif and Jazan.

``save_value`` and ``save_progress`` write one figure the way the entry page does, through ``entry_save``.
"""

import datetime
from decimal import Decimal

import pytest

from indicators.models import IndicatorValue, InitiativeProgress, Source, Unit
from programme.models import PeriodState
from reporting.services.entry import EntryResult, ProgressEntry, ValueEntry, entry_save
from reporting.services.rules import ProgressInput
from tests.factories import (
    AxisFactory,
    IndicatorFactory,
    InitiativeFactory,
    ReportingPeriodFactory,
    TargetFactory,
)


@pytest.fixture
def open_period(db):
    """2018-Q2, reopened by the admin: open whatever today's date is."""
    return ReportingPeriodFactory(year=2018, quarter=2, state=PeriodState.OPEN)


@pytest.fixture
def closed_period(db):
    """2018-Q1, closed by its dates on 30 April 2018."""
    return ReportingPeriodFactory(
        year=2018,
        quarter=1,
        opens_on=datetime.date(2018, 1, 1),
        closes_on=datetime.date(2018, 4, 30),
        state=PeriodState.SCHEDULED,
    )


@pytest.fixture
def entry_programme(secretariat, other_secretariat, open_period, closed_period):
    """Four manual indicators (one per unit rule), one derived, two initiatives, targets for Q2."""
    percent = IndicatorFactory(code="satisfaction", name_en="Satisfaction", unit=Unit.PERCENT, sort_order=1)
    count = IndicatorFactory(code="complaints", name_en="Complaint days", unit=Unit.COUNT, sort_order=2)
    sar = IndicatorFactory(code="revenue", name_en="Revenue", unit=Unit.SAR, sort_order=3)
    score = IndicatorFactory(code="innovation", name_en="Innovation", unit=Unit.SCORE, sort_order=4)
    derived = IndicatorFactory(
        code="initiative-progress", name_en="Initiative progress", source=Source.INITIATIVES_ALL, sort_order=5
    )
    axis_b = AxisFactory(code="B", name_en="Urban landscape")
    axis_f = AxisFactory(code="F", name_en="Financial sustainability")
    b01 = InitiativeFactory(
        code="B-01",
        name_en="Visual distortion",
        axis=axis_b,
        lead_secretariat=secretariat,
        participants=[secretariat, other_secretariat],
        target_quantity=Decimal("15"),
    )
    f01 = InitiativeFactory(code="F-01", name_en="Revenue growth", axis=axis_f, participants=[secretariat])
    for indicator, target in ((percent, 80), (count, 7), (sar, 1000), (score, 60), (derived, 25)):
        for sec in (secretariat, other_secretariat):
            TargetFactory(indicator=indicator, secretariat=sec, period=open_period, value=Decimal(target))
    return {
        "percent": percent,
        "count": count,
        "sar": sar,
        "score": score,
        "derived": derived,
        "manual": [percent, count, sar, score],
        "B-01": b01,
        "F-01": f01,
        "axis_b": axis_b,
        "axis_f": axis_f,
    }


def save_value(
    *, by, secretariat, period, indicator, value, note="", version=None, submit=False
) -> tuple[IndicatorValue, EntryResult]:
    """One value saved (and submitted, with ``submit``) as the entry form saves it; the row and the result."""
    entry = ValueEntry(indicator=indicator, value=value, note=note, version=version)
    result = entry_save(by=by, secretariat=secretariat, period=period, values=[entry], progress=[], submit=submit)
    return IndicatorValue.objects.get(indicator=indicator, secretariat=secretariat, period=period), result


def save_progress(
    *, by, secretariat, period, initiative, data: ProgressInput, version=None, submit=False
) -> tuple[InitiativeProgress, EntryResult]:
    """One initiative's progress saved as the entry form saves it; the row and the result."""
    entry = ProgressEntry(initiative=initiative, data=data, version=version)
    result = entry_save(by=by, secretariat=secretariat, period=period, values=[], progress=[entry], submit=submit)
    return InitiativeProgress.objects.get(initiative=initiative, secretariat=secretariat, period=period), result
