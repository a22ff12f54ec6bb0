"""The group's count of distinct elements treated by the end of a quarter, and what a secretariat's tally is."""

from decimal import Decimal

import pytest

from dashboards.elements import element_matrix
from indicators.choices import WorkflowStatus
from initiatives.elements import secretariat_tally
from initiatives.models import DistortionElement, ElementRecord
from tests.factories import InitiativeFactory, InitiativeProgressFactory, ReportingPeriodFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    q = {n: ReportingPeriodFactory(year=2017, quarter=n, state="scheduled") for n in (1, 2, 3, 4)}
    taif, jazan = SecretariatFactory(code="taif", group=2), SecretariatFactory(code="jazan", group=2)
    riyadh = SecretariatFactory(code="riyadh", group=1)
    b01 = InitiativeFactory(code="B-01", participants=[taif, jazan, riyadh])
    e = [
        DistortionElement.objects.create(code=f"e{k}", name_ar="ع", name_en=f"E{k}", initiative=b01, sort_order=k)
        for k in range(4)
    ]
    for sec in (taif, jazan, riyadh):
        for n in (1, 2, 3, 4):
            InitiativeProgressFactory(initiative=b01, secretariat=sec, period=q[n])

    def record(sec, element, n, treated=True):
        ElementRecord.objects.create(secretariat=sec, element=element, period=q[n], treated=treated)

    record(taif, e[0], 1, treated=False)  # targeted in Q1 …
    record(taif, e[0], 2)  # … treated in Q2
    record(jazan, e[0], 3)  # the same element again: still one distinct element
    record(jazan, e[1], 4)
    record(jazan, e[2], 4, treated=False)  # targeted only
    record(riyadh, e[3], 1)  # another group
    return {"q": q, "b01": b01, "taif": taif, "jazan": jazan, "e": e}


def test_distinct_elements_treated_by_the_end_of_each_quarter(world):
    b01, q = world["b01"], world["q"]
    counts = [element_matrix(initiative=b01, period=q[n], group=2).treated_count for n in (1, 2, 3, 4)]
    assert counts == [0, 1, 1, 2]
    assert element_matrix(initiative=b01, period=q[4], group=None).treated_count == 3  # all groups: riyadh's too
    matrix = element_matrix(initiative=b01, period=q[4], group=2)
    assert [s.code for s in matrix.secretariats] == ["jazan", "taif"]
    cell = matrix.cells[(world["e"][0].pk, world["taif"].pk)]
    assert cell.targeted and cell.treated_in == q[2]


def test_a_record_counts_only_once_its_report_is_submitted(world):
    b01, q, jazan = world["b01"], world["q"], world["jazan"]
    b01.progress.filter(secretariat=jazan, period=q[4]).update(workflow_status=WorkflowStatus.DRAFT)
    # Jazan's Q4 report is a draft: its Q4 treatment is not visible yet, on any page.
    assert element_matrix(initiative=b01, period=q[4], group=2).treated_count == 1


def test_a_secretariats_tally_counts_its_own_records_drafts_included(world):
    tally = secretariat_tally(initiative=world["b01"], secretariat=world["jazan"], period=world["q"][4])
    assert (tally.treated, tally.targeted, tally.percent) == (2, 3, Decimal("66.67"))
    empty = secretariat_tally(initiative=world["b01"], secretariat=world["jazan"], period=world["q"][2])
    assert (empty.treated, empty.targeted, empty.percent) == (0, 0, None)
