"""The issue's "done when", on the demo data (seed_demo): the Taif officer fills 2018-Q2 by spreadsheet,
cannot touch Jazan's figures or a closed quarter (and is told why), a reviewer returns with a reason and
approves, and every change has its history."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from tests.factories import PASSWORD


def client_for(user, language="en"):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies["madinati_language"] = language
    return client


@pytest.fixture
def taif(demo_data, officer):
    return client_for(officer)


def test_taif_fills_2018_q2_by_spreadsheet_and_a_reviewer_returns_then_approves(demo_data, officer, reviewer, taif):
    template = taif.get("/entry/import/?download=xlsx&period=2018-Q2")
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.active
    codes = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert codes == [
        "measurement-efficiency",
        "financial-resources",
        "complaint-handling",
        "beneficiary-satisfaction",
        "innovation-index",
    ]
    figures = {"measurement-efficiency": 81, "financial-resources": 33000000, "complaint-handling": 6,
               "beneficiary-satisfaction": "٧٨٫٢", "innovation-index": 66}  # fmt: skip
    for row in sheet.iter_rows(min_row=2):
        row[3].value = figures[row[1].value]
    out = io.BytesIO()
    book.save(out)
    preview = taif.post(
        "/entry/import/", {"file": SimpleUploadedFile("taif.xlsx", out.getvalue()), "period": "2018-Q2"}
    )
    html = preview.content.decode()
    assert "5 to create, 0 to update, 0 unchanged." in html
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    taif.post("/entry/import/", {"payload": payload, "period": "2018-Q2", "submit": "1"})
    q2 = IndicatorValue.objects.filter(secretariat__code="taif", period__year=2018, period__quarter=2)
    assert q2.count() == 5
    assert set(q2.values_list("workflow_status", flat=True)) == {WorkflowStatus.SUBMITTED}

    review = client_for(reviewer)
    satisfaction = q2.get(indicator__code="beneficiary-satisfaction")
    review.post("/review/", {"return": f"value-{satisfaction.pk}-{satisfaction.version}",
                             f"reason-value-{satisfaction.pk}": "Attach the survey report"})  # fmt: skip
    satisfaction.refresh_from_db()
    assert satisfaction.workflow_status == WorkflowStatus.RETURNED

    entry = taif.get("/entry/?period=2018-Q2").content.decode()
    assert "Attach the survey report" in entry
    assert re.search(r'data-testid="returned-badge".*?>1</span>', entry, re.S)

    others = [f"value-{v.pk}-{v.version}" for v in q2.exclude(pk=satisfaction.pk)]
    review.post("/review/", {"approve_selected": "1", "selected": others})
    assert q2.filter(workflow_status=WorkflowStatus.APPROVED).count() == 4

    history = review.get(f"/history/value/{satisfaction.pk}/").content.decode()
    assert "Attach the survey report" in history
    assert "Submitted → Returned" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", history))


def test_taif_cannot_touch_jazan_or_a_closed_quarter_and_is_told_why(demo_data, taif):
    assert "Not your secretariat" in taif.get("/entry/?secretariat=jazan").content.decode()
    closed = taif.get("/entry/?period=2018-Q1").content.decode()
    assert "Q1 2018 closed on 30 April 2018." in closed
    assert 'data-testid="submit"' not in closed
    jazan_row = IndicatorValue.objects.filter(secretariat__code="jazan", period__year=2018, period__quarter=1).first()
    response = taif.post(
        "/entry/import/",
        {
            "file": SimpleUploadedFile(
                "jazan.csv",
                b"secretariat,indicator,period,value,note\r\njazan,measurement-efficiency,2018-Q2,90,\r\n"
                b"taif,measurement-efficiency,2018-Q1,90,\r\n",
            ),
            "period": "2018-Q2",
        },
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Row 2, column secretariat (A): Not your secretariat" in html
    assert "Row 3, column period (C): Q1 2018 closed on 30 April 2018." in html
    assert IndicatorValue.objects.get(pk=jazan_row.pk).value == jazan_row.value
    assert not IndicatorValue.objects.filter(period__year=2018, period__quarter=2).exists()
