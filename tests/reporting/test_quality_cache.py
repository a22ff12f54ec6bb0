"""The quality checks' group figures are read once per data version and shared: a second assessment reads
no figure, and a committed submit changes the sample at once. These tests commit (``transaction=True``)."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import IndicatorValue, Unit
from reporting.quality import Figure, assess
from tests.factories import IndicatorFactory, IndicatorValueFactory, ReportingPeriodFactory, SecretariatFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_group_figures_come_from_the_cache_until_a_figure_changes():
    q4, q1 = ReportingPeriodFactory(year=2017, quarter=4), ReportingPeriodFactory(year=2018, quarter=1)
    indicator = IndicatorFactory(code="satisfaction", unit=Unit.PERCENT)
    group = [SecretariatFactory(code=f"g{i}", group=2) for i in range(5)]
    for sec, figure in zip(group, (70, 72, 74, 76, 78), strict=True):
        IndicatorValueFactory(indicator=indicator, secretariat=sec, period=q4, value=D(figure))
        IndicatorValueFactory(indicator=indicator, secretariat=sec, period=q1, value=D(figure))
    candidate = [Figure(indicator, group[0], q1.pk, D(73))]
    assert assess(candidate)[0].previous == D(70)
    with CaptureQueriesContext(connection) as queries:
        assert assess(candidate)[0].previous == D(70)
    assert [q["sql"] for q in queries.captured_queries if "indicators_indicatorvalue" in q["sql"]] == []
    IndicatorValue.objects.filter(secretariat=group[0], period=q4).update(value=D(60))  # committed: a new version
    assert assess(candidate)[0].previous == D(60)
