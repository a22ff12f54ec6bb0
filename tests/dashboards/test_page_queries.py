"""Query counts of the pages not covered by an area's own query tests: sign-in, history, import.

Each count is exact and must not grow with the number of rows behind the page.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.choices import WorkflowStatus
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeProgressFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db


def test_login_page_reads_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("login")).status_code == 200


def _edited(row, times: int, field: str):
    for n in range(times):
        setattr(row, field, Decimal(10 + n))
        row.save()
    row.workflow_status = WorkflowStatus.SUBMITTED
    row.save()
    return row


@pytest.mark.parametrize("edits", [1, 30])
def test_value_history_is_flat_in_the_number_of_changes(officer_client, officer, django_assert_num_queries, edits):
    value = _edited(IndicatorValueFactory(secretariat=officer.secretariat, workflow_status="draft"), edits, "value")
    # session, user, the row with its indicator, secretariat and period, its history records with their users,
    # returned-items badge, the officer's secretariat in the navigation bar
    with django_assert_num_queries(6):
        response = officer_client.get(reverse("value-history", args=[value.pk]))
    assert response.status_code == 200
    assert str(10 + edits - 1) in response.content.decode()


@pytest.mark.parametrize("edits", [1, 30])
def test_progress_history_is_flat_in_the_number_of_changes(viewer_client, django_assert_num_queries, edits):
    row = _edited(InitiativeProgressFactory(workflow_status="draft"), edits, "percent_complete")
    # session, user, the row with its initiative, secretariat and period, its history records with their users
    with django_assert_num_queries(4):
        assert viewer_client.get(reverse("progress-history", args=[row.pk])).status_code == 200


@pytest.mark.parametrize("indicators", [2, 20])
def test_import_page_is_flat_in_the_number_of_indicators(
    officer_client, officer, django_assert_num_queries, indicators
):
    ReportingPeriodFactory(year=2018, quarter=2)
    for _ in range(indicators):
        IndicatorFactory()
    InitiativeFactory(participants=[officer.secretariat])
    # session, user, the officer's secretariat, its extensions, the periods, returned-items badge
    with django_assert_num_queries(6):
        assert officer_client.get(reverse("entry-import")).status_code == 200
