"""A summary's rows are serialised once per data version and shared: the second request reads no figure,
and a committed write to a figure answers the new rows at once.

These tests commit (``transaction=True``): the data version moves only when a write commits.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.figures import SecretariatSummaryView
from indicators import summaries
from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from tests.factories import IndicatorFactory, ReportingPeriodFactory, SecretariatFactory, TargetFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clear_throttles")]

URL = "/api/v1/summary/secretariats/?period=2018-Q1"


@pytest.fixture
def value():
    period = ReportingPeriodFactory(year=2018, quarter=1)
    taif = SecretariatFactory(code="taif", group=2)
    indicator = IndicatorFactory(code="complaints")
    TargetFactory(indicator=indicator, secretariat=taif, period=period, value=Decimal(50))
    return IndicatorValue.objects.create(
        indicator=indicator, secretariat=taif, period=period, value=Decimal(25), workflow_status=WorkflowStatus.APPROVED
    )


def _achievement(response) -> float:
    return response.json()[0]["indicators"]["complaints"]["achievement"]


def test_the_second_request_is_served_from_the_cache_and_a_write_is_seen_at_once(
    value, viewer, token_client, monkeypatch
):
    built = []

    def rows(card):
        built.append(card.period.key)
        return summaries.secretariat_rows(card)

    monkeypatch.setattr(SecretariatSummaryView, "rows", staticmethod(rows))
    client = token_client(viewer)
    assert _achievement(client.get(URL)) == 50.0
    with CaptureQueriesContext(connection) as queries:
        assert _achievement(client.get(URL)) == 50.0
    read = [
        q["sql"] for q in queries.captured_queries if "indicators_" in q["sql"] or "programme_secretariat" in q["sql"]
    ]
    assert read == []  # token and user, the period: no scorecard, no figure
    assert built == ["2018-Q1"]  # the rows were serialised once
    IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal(40))
    assert _achievement(client.get(URL)) == 80.0
    assert built == ["2018-Q1", "2018-Q1"]
