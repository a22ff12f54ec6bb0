"""Property: a trend's scorecards (every quarter's carried progress in two queries) are, quarter by quarter,
the scorecards of one quarter (rule 2 by one index probe per pair), on random programmes; and the carried
progress of both is rule 2 as written: the latest visible row at or before the quarter, none → 0."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, InitiativeProgress, Source
from indicators.scoring import scorecard, scorecards
from tests.factories import (
    AxisFactory,
    IndicatorFactory,
    InitiativeFactory,
    ReportingPeriodFactory,
    SecretariatFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

STATUSES = [WorkflowStatus.DRAFT, WorkflowStatus.SUBMITTED, WorkflowStatus.APPROVED, WorkflowStatus.RETURNED]
QUARTERS = 6
PAIRS = [(i, s) for i in range(3) for s in range(4)]

reports = st.dictionaries(
    st.tuples(st.sampled_from(PAIRS), st.integers(0, QUARTERS - 1)),
    st.tuples(st.integers(0, 100), st.sampled_from(STATUSES)),
    max_size=40,
)


class Rollback(Exception):
    pass


@pytest.mark.fuzz
@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    reports=reports, first=st.integers(0, QUARTERS - 1), approved_only=st.booleans(), group=st.sampled_from([None, 1])
)
def test_a_trend_is_its_quarters_scorecards(db, reports, first, approved_only, group):
    try:
        with transaction.atomic():
            check(reports, first, approved_only, group)
            raise Rollback
    except Rollback:
        pass


def check(reports, first, approved_only, group):
    periods = [ReportingPeriodFactory(year=2030 + q // 4, quarter=q % 4 + 1) for q in range(QUARTERS)]
    secs = [SecretariatFactory(code=f"p-{n}", group=n % 2 + 1) for n in range(4)]
    axes = [AxisFactory(code=f"P{a}") for a in range(2)]
    inits = [
        InitiativeFactory(
            code=f"P-{k}", axis=axes[k % 2], lead_secretariat=secs[k], participants=secs[k:], weight=Decimal(k + 1)
        )
        for k in range(3)
    ]
    derived = IndicatorFactory(code="p-all", source=Source.INITIATIVES_ALL)
    manual = IndicatorFactory(code="p-manual", source=Source.MANUAL)
    for period in periods:
        for sec in secs:
            TargetFactory(indicator=derived, secretariat=sec, period=period, value=Decimal(40))
            TargetFactory(indicator=manual, secretariat=sec, period=period, value=Decimal(10))
            IndicatorValue.objects.create(
                indicator=manual, secretariat=sec, period=period, value=Decimal(period.quarter * 3)
            )
    for ((i, s), q), (percent, status) in reports.items():
        InitiativeProgress.objects.create(
            initiative=inits[i],
            secretariat=secs[s],
            period=periods[q],
            percent_complete=percent,
            workflow_status=status,
        )
    window = periods[first:]
    visible = {WorkflowStatus.APPROVED} if approved_only else {WorkflowStatus.SUBMITTED, WorkflowStatus.APPROVED}
    cards = scorecards(periods=window, group=group, approved_only=approved_only)
    for position, period in enumerate(window, start=first):
        card = cards[period.pk]
        assert card == scorecard(period=period, group=group, approved_only=approved_only)
        for k, ini in enumerate(inits):
            for sec in secs[k:]:
                if group is not None and sec.group != group:
                    continue
                rows = [
                    (q, percent)
                    for ((i, s), q), (percent, status) in reports.items()
                    if inits[i] == ini and secs[s] == sec and q <= position and status in visible
                ]
                expected = Decimal(max(rows)[1]) if rows else Decimal(0)
                assert card.progress[(ini.code, sec.code)] == expected
