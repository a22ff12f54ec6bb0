"""Every dashboard page costs the same number of queries with 5 secretariats as with 50 (STYLE trait 7).

The programme fixture has two quarters of figures before the selected 2018-Q1
(2017-Q4, 2018-Q1) plus an open 2018-Q2, so a trend window holds 2 quarters here;
the window is bounded (``TREND_QUARTERS``), so the count does not grow with history either.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scoring_counts import PROGRESS, SINGLE, WINDOW

pytestmark = pytest.mark.django_db

# Every page: session, user; the ?period= lookup; the selector's periods and groups.
FRAME = 5
# scorecards() over the window and scorecard() of one quarter: tests/scoring_counts.py (fewer on PostgreSQL).

PAGES = {
    # + two counts awaiting review, the unified risks (registers tag: one query here,
    # its prefetch of duplicates runs only when there is a risk to show); who reported, by group (one UNION),
    # and the quarter's scorecard of every group for the national rank.
    "/?period=2018-Q1&group=2": FRAME + SINGLE + PROGRESS + 2 + 1 + 1 + SINGLE,
    # + the secretariat, its initiatives; its registers (three queries, registers tag); its open follow-up
    # actions (one query, meetings tag); its initiatives against their plans (one query, dashboards.plans).
    "/secretariats/s001/?period=2018-Q1": FRAME + 1 + WINDOW + 1 + 3 + 1 + 1,
    # + the axis, its initiatives; plan against actual over the window (carried progress: two; the plans: one).
    "/axes/A/?period=2018-Q1&group=2": FRAME + 1 + SINGLE + 1 + 3,
    # + the initiative (with axis and lead), quantities, narratives; the plan table (one query) and its
    # elements (one query: none here; tests/initiatives counts the page with elements).
    "/initiatives/B-01/?period=2018-Q1&group=2": FRAME + 1 + SINGLE + PROGRESS + 2 + 2,
    # + the indicator.
    "/indicators/complaint-handling/?period=2018-Q1&group=2": FRAME + 1 + WINDOW,
}


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize(("url", "queries"), PAGES.items())
def test_page_queries_do_not_grow_with_secretariats(
    programme, viewer_client, django_assert_num_queries, n, url, queries
):
    programme(n)
    with django_assert_num_queries(queries):
        response = viewer_client.get(url)
    assert response.status_code == 200
    assert response.context["card"].period.key == "2018-Q1"


@pytest.mark.parametrize("n", [5, 50])
def test_default_period_costs_three_queries_more(programme, viewer_client, django_assert_num_queries, n):
    programme(n)
    # No ?period=: latest visible value, latest visible progress row, that period (latest_period_with_data)
    # replace the ?period= lookup.
    with django_assert_num_queries(PAGES["/?period=2018-Q1&group=2"] - 1 + 3):
        response = viewer_client.get("/?group=2")
    assert response.context["card"].period.key == "2018-Q1"


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_secretariats(programme, viewer_client, django_assert_num_queries, n, fmt):
    programme(n)
    # An export reads what its tables need and renders nothing: the page's reads without the counts awaiting
    # review and the registers; plus the export's audit entry (audit.middleware); who reported and the
    # national scorecard, as on the page.
    with django_assert_num_queries(FRAME + SINGLE + PROGRESS + 1 + 1 + SINGLE):
        response = viewer_client.get(f"/?period=2018-Q1&group=2&export={fmt}&table=ranking")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/?group=2&period={key}",
        "/secretariats/s001/?period={key}",
        "/initiatives/B-01/?group=2&period={key}",
        "/indicators/complaint-handling/?group=2&period={key}",
    ],
)
def test_page_queries_do_not_grow_with_history(programme, viewer_client, django_assert_num_queries, url):
    """With more quarters behind it than the trend window, a quarter costs the same whatever its history."""
    from tests.factories import ReportingPeriodFactory

    programme(5)
    for year, quarter in [(y, q) for y in (2015, 2016) for q in (1, 2, 3, 4)] + [(2017, 1), (2017, 2), (2017, 3)]:
        ReportingPeriodFactory(year=year, quarter=quarter, state="scheduled")
    with CaptureQueriesContext(connection) as ten_behind:
        assert viewer_client.get(url.format(key="2018-Q1")).status_code == 200
    with django_assert_num_queries(len(ten_behind)):
        assert (
            viewer_client.get(url.format(key="2017-Q3")).status_code == 200
        )  # 2 quarters fewer behind it, still more than the window
