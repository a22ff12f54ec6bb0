"""The pages on the demo data (the issue's "done when") and their query counts with plans and elements."""

from decimal import Decimal

import pytest

from initiatives.models import DistortionElement, ElementRecord, PlannedProgress
from tests.dashboards.test_dashboard_queries import FRAME, WINDOW
from tests.scoring_counts import PROGRESS, SINGLE

pytestmark = pytest.mark.django_db


def test_b01_shows_group_twos_15_treated_elements(demo_data, viewer_client, english):
    body = english(viewer_client).get("/initiatives/B-01/?group=2&period=2017-Q4").content.decode()
    assert "Distinct elements treated by the end of Q4 2017: 15 of 15" in body
    assert "A working list of commonly reported elements, not an official one." in body
    # Every element of the working list is a row, and every row was treated by someone in group two.
    assert body.count('data-testid="element-') == 15
    assert body.count('class="table-success"') == 15
    # One quarter earlier fewer were treated: the count is "by a date", not a total.
    earlier = english(viewer_client).get("/initiatives/B-01/?group=2&period=2017-Q3").content.decode()
    assert "Distinct elements treated by the end of Q3 2017: 15 of 15" not in earlier


def test_an_initiative_reported_on_track_but_behind_plan_says_so(demo_data, viewer_client, english):
    arabic = viewer_client.get("/initiatives/A-01/?group=2&period=2018-Q1").content.decode()
    assert "أُبلغ أنها على المسار، لكنها متأخرة 27 نقطة عن الخطة" in arabic
    body = english(viewer_client).get("/initiatives/A-01/?group=2&period=2018-Q1").content.decode()
    assert "reported on track, 27 points behind plan" in body
    assert 'id="chart-plan"' in body
    # The secretariat's page says it too, beside its reported status.
    taif = english(viewer_client).get("/secretariats/taif/?period=2018-Q1").content.decode()
    assert "reported on track, 27 points behind plan" in taif
    axis = english(viewer_client).get("/axes/A/?group=2&period=2018-Q1").content.decode()
    assert 'id="chart-plan"' in axis


def _plans_and_elements(data: dict) -> None:
    """A plan for every pair in both quarters, and every secretariat treating three of five elements."""
    b01 = next(i for i in data["initiatives"] if i.code == "B-01")
    q4, q1, _q2 = data["periods"]
    PlannedProgress.objects.bulk_create(
        [
            PlannedProgress(initiative=i, secretariat=s, period=p, planned_percent=Decimal(15 + 10 * m))
            for m, p in enumerate((q4, q1))
            for i in data["initiatives"]
            for s in data["secretariats"]
        ]
    )
    elements = DistortionElement.objects.bulk_create(
        [DistortionElement(code=f"e{k}", name_ar=f"عنصر {k}", name_en=f"Element {k}", initiative=b01) for k in range(5)]
    )
    ElementRecord.objects.bulk_create(
        [
            ElementRecord(secretariat=s, element=e, period=q1, treated=k % 2 == 0)
            for s in data["secretariats"]
            for k, e in enumerate(elements[:3])
        ]
    )


# The pages of tests/dashboards/test_dashboard_queries.py with plans and elements behind them.
PAGES = {
    # + the initiative, quantities, narratives; the plan table (one); its elements, the participants in
    # scope and their visible records up to the quarter (three).
    "/initiatives/B-01/?period=2018-Q1&group=2": FRAME + 1 + SINGLE + PROGRESS + 2 + 1 + 3,
    # the secretariat page's count does not move with plans: one query for its plan table, as without.
    "/secretariats/s001/?period=2018-Q1": FRAME + 1 + WINDOW + 1 + 3 + 1 + 1,
}


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize(("url", "queries"), PAGES.items())
def test_plan_and_element_reads_do_not_grow_with_secretariats(
    programme, viewer_client, django_assert_num_queries, n, url, queries
):
    data = programme(n)
    _plans_and_elements(data)
    with django_assert_num_queries(queries):
        response = viewer_client.get(url)
    assert response.status_code == 200
    assert len(response.context["plan_rows"]) == (n if "initiatives" in url else 2)
    if "initiatives" in url:
        # Two of the three targeted elements treated, by every secretariat: two distinct elements.
        assert response.context["elements"].treated_count == 2
