"""/entry/ and /review/ cost a fixed number of queries, whatever the number of indicators, initiatives or rows."""

import pytest

from indicators.choices import WorkflowStatus
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeProgressFactory,
    SecretariatFactory,
    TargetFactory,
)
from tests.scoring_counts import SINGLE


def grow_entry(p, secretariat, open_period, closed_period, n: int) -> None:
    """``n`` more manual indicators (with a value now, last quarter and a target) and ``n`` more initiatives."""
    for i in range(n):
        indicator = IndicatorFactory(code=f"extra-{n}-{i}", sort_order=10 + i)
        TargetFactory(indicator=indicator, secretariat=secretariat, period=open_period)
        IndicatorValueFactory(indicator=indicator, secretariat=secretariat, period=closed_period)
        IndicatorValueFactory(indicator=indicator, secretariat=secretariat, period=open_period, workflow_status="draft")
        initiative = InitiativeFactory(code=f"X-{n}-{i}", axis=p["axis_b"], participants=[secretariat])
        InitiativeProgressFactory(initiative=initiative, secretariat=secretariat, period=closed_period)
        InitiativeProgressFactory(
            initiative=initiative, secretariat=secretariat, period=open_period, workflow_status="draft"
        )


# Queries of /entry/ for an officer:
#   1 session, 2 user, 3 the user's secretariat,
#   4 period extensions of the secretariat, 5 periods (the picked one is found among them),
#   6 indicators, 7 values this quarter (with who saved/submitted/reviewed), 8 values last quarter, 9 targets,
#   10 initiatives the secretariat takes part in (with axis), 11 progress this quarter, 12 last visible progress,
#   then the scoring core's scorecard for the derived indicators (its own fixed count, tests/scoring_counts.py),
#   the returned-items badge (one COUNT over a UNION ALL),
#   the visual-distortion elements of its initiatives (reporting.element_forms; their records are one more
#      query when there are elements: tests/reporting/test_elements_entry.py counts that page).
ENTRY_QUERIES = 12 + SINGLE + 2
#: Once a figure is saved, its data-quality warnings: the rules, and last quarter's and the group's figures.
QUALITY_QUERIES = 2


@pytest.mark.parametrize("extra", [0, 3, 12])
def test_entry_page_query_count_is_flat(
    entry_programme, officer_client, secretariat, open_period, closed_period, django_assert_num_queries, extra
):
    grow_entry(entry_programme, secretariat, open_period, closed_period, extra)
    with django_assert_num_queries(ENTRY_QUERIES + (QUALITY_QUERIES if extra else 0)):
        response = officer_client.get("/entry/?period=2018-Q2")
    assert response.status_code == 200


# Queries of /review/ for a reviewer:
#   1 session, 2 user, 3 submitted values (with indicator, secretariat, period, submitter),
#   4 submitted progress (with initiative, axis, secretariat, period, submitter), 5 targets of the listed values,
#   6 periods, 7 secretariats, 8 axes (the filter menus). No badge query: reviewers are not officers.
#   +2 the data-quality rules, and last quarter's and the groups' figures (reporting.quality.assess).
REVIEW_QUERIES = 8 + QUALITY_QUERIES


@pytest.mark.parametrize("rows", [1, 5, 20])
def test_review_page_query_count_is_flat(
    entry_programme, reviewer_client, open_period, django_assert_num_queries, rows
):
    p = entry_programme
    for i in range(rows):
        secretariat = SecretariatFactory(code=f"s{rows}-{i}")
        IndicatorValueFactory(
            indicator=p["percent"],
            secretariat=secretariat,
            period=open_period,
            workflow_status=WorkflowStatus.SUBMITTED,
        )
        TargetFactory(indicator=p["percent"], secretariat=secretariat, period=open_period)
        InitiativeProgressFactory(
            initiative=p["B-01"], secretariat=secretariat, period=open_period, workflow_status=WorkflowStatus.SUBMITTED
        )
    with django_assert_num_queries(REVIEW_QUERIES):
        response = reviewer_client.get("/review/")
    assert response.status_code == 200
    assert response.content.decode().count('name="selected"') == 2 * rows
