"""The visual-distortion elements on the entry page: who may write them, when, and B-01's derived progress."""

import re
from decimal import Decimal

import pytest

from indicators.choices import WorkflowStatus
from indicators.models import InitiativeProgress
from initiatives.models import DistortionElement, ElementRecord
from reporting.services.elements import TARGETED, TREATED, ElementEntry, ElementsRefused, elements_save
from reporting.services.refusals import NotAllowed, PeriodLocked, RowLocked
from tests.factories import InitiativeProgressFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def elements(entry_programme):
    b01 = entry_programme["B-01"]
    return [
        DistortionElement.objects.create(
            code=f"el-{k}", name_ar=f"عنصر {k}", name_en=f"Element {k}", initiative=b01, sort_order=k
        )
        for k in range(3)
    ]


def _post(client, elements, states, period="2018-Q2", **extra):
    data = {"period": period, "initiative": "B-01"}
    for element, state in zip(elements, states, strict=True):
        data[f"e{element.pk}-state"] = state
    data.update(extra)
    return client.post("/entry/elements/", data)


def test_an_officer_saves_elements_and_b01_progress_follows(officer_client, secretariat, open_period, elements):
    response = _post(
        officer_client,
        elements,
        [TREATED, TARGETED, ""],
        **{f"e{elements[0].pk}-quantity": "١٢", f"e{elements[0].pk}-unit": "items"},
    )
    assert response.status_code == 302
    records = {r.element.code: r for r in ElementRecord.objects.select_related("element")}
    assert set(records) == {"el-0", "el-1"}
    assert records["el-0"].treated and records["el-0"].quantity == Decimal("12") and records["el-0"].unit == "items"
    assert not records["el-1"].treated
    # Treated ÷ targeted: one of two; the progress row is a draft of the officer's, for review with the rest.
    progress = InitiativeProgress.objects.get(secretariat=secretariat, period=open_period)
    assert (progress.percent_complete, progress.quantity_achieved) == (Decimal("50.00"), Decimal("1"))
    assert progress.workflow_status == WorkflowStatus.DRAFT
    # Un-targeting removes the record; the percent follows.
    assert _post(officer_client, elements, [TREATED, "", ""]).status_code == 302
    assert ElementRecord.objects.count() == 1
    progress.refresh_from_db()
    assert progress.percent_complete == Decimal("100.00")


def test_the_entry_page_shows_the_elements_under_b01(officer_client, elements):
    body = officer_client.get("/entry/?period=2018-Q2").content.decode()
    assert 'data-testid="elements-B-01"' in body
    assert body.count('data-testid="element-row-') == 3


def test_another_secretariats_officer_is_refused_and_nothing_is_written(
    other_officer, secretariat, open_period, elements, officer_client
):
    entries = [ElementEntry(element=elements[0], state=TREATED)]
    with pytest.raises(NotAllowed):
        elements_save(
            by=other_officer,
            secretariat=secretariat,
            period=open_period,
            initiative=elements[0].initiative,
            entries=entries,
        )
    # Through the page: an officer naming another secretariat gets the 403 page.
    assert _post(officer_client, elements, [TREATED, "", ""], secretariat="jazan").status_code == 403
    assert not ElementRecord.objects.exists() and not InitiativeProgress.objects.exists()


def test_a_viewer_cannot_enter_elements(viewer_client, elements):
    assert _post(viewer_client, elements, [TREATED, "", ""]).status_code == 403
    assert not ElementRecord.objects.exists()


def test_a_closed_period_refuses_the_elements(officer, secretariat, closed_period, elements):
    with pytest.raises(PeriodLocked):
        elements_save(
            by=officer,
            secretariat=secretariat,
            period=closed_period,
            initiative=elements[0].initiative,
            entries=[ElementEntry(element=elements[0], state=TREATED)],
        )
    assert not ElementRecord.objects.exists()


def test_a_submitted_progress_row_locks_its_elements(officer, officer_client, secretariat, open_period, elements):
    InitiativeProgressFactory(
        initiative=elements[0].initiative,
        secretariat=secretariat,
        period=open_period,
        workflow_status=WorkflowStatus.SUBMITTED,
    )
    with pytest.raises(RowLocked, match="المراجعة"):
        elements_save(
            by=officer,
            secretariat=secretariat,
            period=open_period,
            initiative=elements[0].initiative,
            entries=[ElementEntry(element=elements[0], state=TREATED)],
        )
    body = officer_client.get("/entry/?period=2018-Q2").content.decode()
    assert 'data-testid="elements-lock"' in body and 'data-testid="save-elements"' not in body
    assert not ElementRecord.objects.exists()


def test_a_wrong_element_refuses_all_with_the_reason_beside_it(officer_client, elements, english):
    response = english(officer_client).post(
        "/entry/elements/",
        {
            "period": "2018-Q2",
            "initiative": "B-01",
            f"e{elements[0].pk}-state": TREATED,
            f"e{elements[1].pk}-state": TREATED,
            f"e{elements[1].pk}-quantity": "40",  # no unit
        },
    )
    assert response.status_code == 409
    assert "Give the unit of the quantity." in response.content.decode()
    assert not ElementRecord.objects.exists() and not InitiativeProgress.objects.exists()


def test_a_secretariat_outside_the_initiative_is_refused(officer, secretariat, open_period, entry_programme):
    f01_only_other = entry_programme["B-01"]
    f01_only_other.participation_set.filter(secretariat=secretariat).delete()
    element = DistortionElement.objects.create(code="x", name_ar="س", name_en="X", initiative=f01_only_other)
    with pytest.raises(NotAllowed):
        elements_save(
            by=officer,
            secretariat=secretariat,
            period=open_period,
            initiative=f01_only_other,
            entries=[ElementEntry(element=element, state=TREATED)],
        )


def test_the_service_refuses_every_bad_row_at_once(officer, secretariat, open_period, elements):
    with pytest.raises(ElementsRefused) as refused:
        elements_save(
            by=officer,
            secretariat=secretariat,
            period=open_period,
            initiative=elements[0].initiative,
            entries=[
                ElementEntry(element=elements[0], state=TREATED, quantity=Decimal("-1"), unit="items"),
                ElementEntry(element=elements[1], state="", note="a note on nothing"),
            ],
        )
    assert set(refused.value.errors) == {elements[0].pk, elements[1].pk}
    assert not ElementRecord.objects.exists()


@pytest.mark.parametrize("count", [3, 15])
def test_the_elements_page_is_flat_in_the_number_of_elements(
    entry_programme, officer_client, secretariat, open_period, django_assert_num_queries, count
):
    b01 = entry_programme["B-01"]
    for k in range(count):
        element = DistortionElement.objects.create(code=f"n{k}", name_ar="ع", name_en="E", initiative=b01)
        ElementRecord.objects.create(secretariat=secretariat, element=element, period=open_period, treated=True)
    # session, user, the officer's secretariat, its extensions, the periods, the quarter's progress rows,
    # the elements of its initiatives, their records this quarter, returned-items badge
    with django_assert_num_queries(9):
        response = officer_client.get("/entry/elements/?period=2018-Q2")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="element-row-') == count


def test_a_fraction_saved_reads_back_and_saves_again_in_arabic(officer_client, elements):
    """The quantity's field shows 12.5 (not the Arabic-localised "12,5", which the next save refused)."""
    quantity = {f"e{elements[0].pk}-quantity": "12.5", f"e{elements[0].pk}-unit": "items"}
    assert _post(officer_client, elements, [TREATED, "", ""], **quantity).status_code == 302
    body = officer_client.get("/entry/elements/", headers={"Accept-Language": "ar"}).content.decode()
    shown = re.search(rf'name="e{elements[0].pk}-quantity"[^>]*value="([^"]*)"', body)[1]
    assert shown == "12.5"
    again = {f"e{elements[0].pk}-quantity": shown, f"e{elements[0].pk}-unit": "items"}
    assert _post(officer_client, elements, [TREATED, "", ""], **again).status_code == 302
    assert ElementRecord.objects.get(element=elements[0]).quantity == Decimal("12.5")
