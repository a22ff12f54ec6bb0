"""/entry/: an officer's quarterly form for their own secretariat (values, derived indicators, progress)."""

from decimal import Decimal

import pytest

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, InitiativeProgress
from tests.factories import IndicatorValueFactory


@pytest.fixture
def p(entry_programme):
    return entry_programme


def form_data(p, period="2018-Q2", secretariat="taif", **fields):
    data = {"secretariat": secretariat, "period": period}
    data.update(fields)
    return data


def test_officer_sees_every_manual_indicator_with_last_quarter_target_and_unit(
    p, officer_client, english, secretariat, closed_period
):
    english(officer_client)
    IndicatorValueFactory(indicator=p["percent"], secretariat=secretariat, period=closed_period, value=Decimal("61.5"))
    response = officer_client.get("/entry/?period=2018-Q2")
    assert response.status_code == 200
    html = response.content.decode()
    for indicator in p["manual"]:
        assert f'name="v{indicator.pk}-value"' in html
        assert f'name="v{indicator.pk}-note"' in html
    assert f'name="v{p["derived"].pk}-value"' not in html  # derived: read-only
    assert 'data-testid="derived-row-initiative-progress"' in html
    row = html.split('data-testid="value-row-satisfaction"')[1].split("</tr>")[0]
    assert "61.5" in row  # last quarter
    assert "80" in row  # target
    assert "Percent" in row  # unit
    assert f'name="p{p["B-01"].pk}-percent"' in html
    assert f'name="p{p["F-01"].pk}-percent"' in html


def test_save_draft_then_submit(p, officer_client, officer, english):
    english(officer_client)
    pct, cnt = p["percent"], p["count"]
    response = officer_client.post(
        "/entry/",
        form_data(p, **{f"v{pct.pk}-value": "٧٥٫٥", f"v{pct.pk}-note": "survey of May", f"v{cnt.pk}-value": "6"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    value = IndicatorValue.objects.get(indicator=pct)
    assert (value.value, value.note, value.workflow_status) == (Decimal("75.5"), "survey of May", "draft")
    assert value.created_by == officer

    b01 = p["B-01"]
    response = officer_client.post(
        "/entry/",
        form_data(
            p,
            submit="1",
            **{
                f"v{pct.pk}-value": "75.5",
                f"v{pct.pk}-note": "survey of May",
                f"v{pct.pk}-version": str(value.version),
                f"v{cnt.pk}-value": "6",
                f"v{cnt.pk}-version": "1",
                f"p{b01.pk}-percent": "40",
                f"p{b01.pk}-quantity": "6",
                f"p{b01.pk}-status": "on_track",
                f"p{b01.pk}-narrative": "6 elements treated",
            },
        ),
    )
    assert response.status_code == 302
    assert set(IndicatorValue.objects.values_list("workflow_status", flat=True)) == {WorkflowStatus.SUBMITTED}
    progress = InitiativeProgress.objects.get()
    assert (progress.percent_complete, progress.workflow_status) == (Decimal("40"), WorkflowStatus.SUBMITTED)
