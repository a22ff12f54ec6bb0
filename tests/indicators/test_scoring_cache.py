"""Scorecards come from the shared cache while the data version stands, and never once a figure has changed.

These tests commit (``transaction=True``): the data version moves only when a write commits.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, InitiativeProgress, Target
from indicators.scoring import scorecard
from tests.factories import (
    AxisFactory,
    IndicatorFactory,
    InitiativeFactory,
    ReportingPeriodFactory,
    SecretariatFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small():
    period = ReportingPeriodFactory(year=2018, quarter=1)
    taif = SecretariatFactory(code="taif", group=2)
    indicator = IndicatorFactory(code="complaints")
    TargetFactory(indicator=indicator, secretariat=taif, period=period, value=Decimal(50))
    value = IndicatorValue.objects.create(
        indicator=indicator, secretariat=taif, period=period, value=Decimal(25), workflow_status=WorkflowStatus.APPROVED
    )
    initiative = InitiativeFactory(code="B-01", axis=AxisFactory(code="B"), lead_secretariat=taif, participants=[taif])
    return {"period": period, "taif": taif, "value": value, "initiative": initiative, "indicator": indicator}


def score(data):
    return scorecard(period=data["period"]).secretariat("taif").indicators["complaints"].achievement


def test_a_second_read_is_served_from_the_cache(small, django_assert_num_queries):
    first = scorecard(period=small["period"])
    with django_assert_num_queries(0):
        assert scorecard(period=small["period"]) == first


WRITES = {
    "a value": lambda d: IndicatorValue.objects.filter(pk=d["value"].pk).update(value=Decimal(40)),
    "an approval": lambda d: IndicatorValue.objects.filter(pk=d["value"].pk).update(
        workflow_status=WorkflowStatus.RETURNED
    ),
    "a target": lambda d: Target.objects.filter(secretariat=d["taif"]).update(value=Decimal(100)),
    "progress": lambda d: InitiativeProgress.objects.create(
        initiative=d["initiative"],
        secretariat=d["taif"],
        period=d["period"],
        percent_complete=Decimal(30),
        workflow_status=WorkflowStatus.SUBMITTED,
    ),
    "configuration": lambda d: (
        type(d["indicator"]).objects.filter(pk=d["indicator"].pk).update(green_at=Decimal(45), amber_at=Decimal(40))
    ),
    "a secretariat's group": lambda d: type(d["taif"]).objects.filter(pk=d["taif"].pk).update(group=1),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_kind_of_write_invalidates_on_commit(small, django_assert_num_queries, write):
    before = scorecard(period=small["period"], group=2)
    WRITES[write](small)
    after = scorecard(period=small["period"], group=2)
    with django_assert_num_queries(0):
        assert scorecard(period=small["period"], group=2) == after  # cached again under the new version
    assert after != before


def test_a_transaction_reads_its_own_writes_and_never_fills_the_cache(small):
    assert score(small) == Decimal(50)
    with transaction.atomic():
        IndicatorValue.objects.filter(pk=small["value"].pk).update(value=Decimal(40))
        assert score(small) == Decimal(80)  # not the cached 50
        transaction.set_rollback(True)
    assert score(small) == Decimal(50)  # the rolled-back 80 was never cached
