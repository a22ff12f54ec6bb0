"""``elements/`` (visual-distortion elements treated) and the plan on ``progress/`` rows."""

from decimal import Decimal

import pytest

from indicators.choices import WorkflowStatus
from initiatives.models import DistortionElement, ElementRecord, PlannedProgress
from tests.factories import InitiativeFactory, InitiativeProgressFactory, ReportingPeriodFactory, SecretariatFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/"


@pytest.fixture
def b01_elements(secretariat, other_secretariat):
    """Taif's B-01 report of 2017-Q4 is approved, Jazan's of 2018-Q1 is a draft; one record each."""
    q4 = ReportingPeriodFactory(year=2017, quarter=4, state="scheduled")
    q1 = ReportingPeriodFactory(year=2018, quarter=1, state="scheduled")
    b01 = InitiativeFactory(code="B-01", participants=[secretariat, other_secretariat])
    InitiativeProgressFactory(initiative=b01, secretariat=secretariat, period=q4)
    InitiativeProgressFactory(
        initiative=b01, secretariat=other_secretariat, period=q1, workflow_status=WorkflowStatus.DRAFT
    )
    waste = DistortionElement.objects.create(
        code="construction-waste",
        name_ar="مخلفات البناء والهدم",
        name_en="Construction and demolition waste",
        initiative=b01,
        sort_order=1,
    )
    cars = DistortionElement.objects.create(
        code="damaged-cars", name_ar="السيارات التالفة", name_en="Abandoned damaged cars", initiative=b01, sort_order=2
    )
    taif = ElementRecord.objects.create(
        secretariat=secretariat, element=waste, period=q4, treated=True, quantity=Decimal("120"), unit="t"
    )
    jazan = ElementRecord.objects.create(secretariat=other_secretariat, element=cars, period=q1, treated=False)
    return {"b01": b01, "taif": taif, "jazan": jazan, "q4": q4, "q1": q1, "waste": waste}


def _codes(response):
    return [(r["secretariat"], r["element"], r["period"]) for r in response.json()["results"]]


def test_the_whole_row(b01_elements, viewer, token_client):
    body = token_client(viewer).get(API + "elements/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert {k: v for k, v in row.items() if k != "updated_at"} == {
        "element": "construction-waste",
        "name_ar": "مخلفات البناء والهدم",
        "name_en": "Construction and demolition waste",
        "initiative": "B-01",
        "secretariat": "taif",
        "period": "2017-Q4",
        "treated": True,
        "quantity": 120.0,
        "unit": "t",
        "note": "",
    }


def test_records_are_scoped_like_the_progress_they_go_with(
    b01_elements, viewer, officer, other_officer, admin_user, token_client, client
):
    # A draft report's elements are its secretariat's own until submitted.
    assert _codes(token_client(viewer).get(API + "elements/")) == [("taif", "construction-waste", "2017-Q4")]
    assert _codes(token_client(officer).get(API + "elements/")) == [("taif", "construction-waste", "2017-Q4")]
    assert _codes(token_client(other_officer).get(API + "elements/")) == [
        ("taif", "construction-waste", "2017-Q4"),
        ("jazan", "damaged-cars", "2018-Q1"),
    ]
    assert len(_codes(token_client(admin_user).get(API + "elements/"))) == 2
    assert client.get(API + "elements/").status_code in (401, 403)


def test_the_filters(b01_elements, admin_user, token_client):
    api = token_client(admin_user)
    assert _codes(api.get(API + "elements/", {"secretariat": "jazan"})) == [("jazan", "damaged-cars", "2018-Q1")]
    assert _codes(api.get(API + "elements/", {"period": "2017-Q4", "initiative": "B-01"})) == [
        ("taif", "construction-waste", "2017-Q4")
    ]
    assert _codes(api.get(API + "elements/", {"period": "2016-Q1"})) == []
    bad_period = api.get(API + "elements/", {"period": "2017-5"})
    assert bad_period.status_code == 400 and "period" in bad_period.json()
    # An unknown code answers as every list's code filter does (programme.filters.code_filter, tested there).


@pytest.mark.parametrize("path", ["elements/", "progress/"])
def test_queries_stay_flat(b01_elements, viewer, token_client, django_assert_num_queries, path):
    client = token_client(viewer)
    url = f"{API}{path}?page_size=500"
    assert client.get(url).status_code == 200  # marks the token as used

    def grow(start, stop):
        for n in range(start, stop):
            sec = SecretariatFactory(code=f"grown-{n}")
            b01_elements["b01"].participation_set.create(secretariat=sec)
            InitiativeProgressFactory(initiative=b01_elements["b01"], secretariat=sec, period=b01_elements["q4"])
            PlannedProgress.objects.create(
                initiative=b01_elements["b01"], secretariat=sec, period=b01_elements["q4"], planned_percent=30
            )
            ElementRecord.objects.create(secretariat=sec, element=b01_elements["waste"], period=b01_elements["q4"])

    grow(0, 3)
    # token+user, count, page joined with element, its initiative and secretariat (the scope and the plan are
    # subqueries of the page's own query)
    with django_assert_num_queries(3):
        small = client.get(url)
    grow(3, 30)
    with django_assert_num_queries(3):
        large = client.get(url)
    assert len(large.json()["results"]) == len(small.json()["results"]) + 27


def test_progress_rows_carry_the_plan_and_the_variance(b01_elements, secretariat, viewer, token_client):
    b01, q4, q1 = b01_elements["b01"], b01_elements["q4"], b01_elements["q1"]
    # The plan of 2017-Q3 carries into 2017-Q4 (a plan is cumulative, like progress): 50 - 77 = -27.
    q3 = ReportingPeriodFactory(year=2017, quarter=3, state="scheduled")
    PlannedProgress.objects.create(initiative=b01, secretariat=secretariat, period=q3, planned_percent=Decimal("77"))
    PlannedProgress.objects.create(initiative=b01, secretariat=secretariat, period=q1, planned_percent=Decimal("90"))
    rows = token_client(viewer).get(API + "progress/", {"initiative": "B-01"}).json()["results"]
    assert [(r["secretariat"], r["period"], r["planned_percent"], r["variance"]) for r in rows] == [
        ("taif", "2017-Q4", 77.0, -27.0)
    ]
    assert q4.key == "2017-Q4"
