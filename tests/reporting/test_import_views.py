"""/entry/import/: template download, upload, preview by row and column, signed confirm, refusals."""

import csv
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from tests.factories import IndicatorValueFactory

HEADER = ["secretariat", "indicator", "period", "value", "note"]


@pytest.fixture
def p(entry_programme):
    return entry_programme


@pytest.fixture
def client(officer_client, english):
    return english(officer_client)


def xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("figures.xlsx", out.getvalue())


def csv_file(rows, header=HEADER, name="figures.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"))


def upload(client, file):
    return client.post("/entry/import/", {"file": file, "period": "2018-Q2"})


def payload_of(html: str) -> str:
    return re.search(r'name="payload" value="([^"]+)"', html).group(1)


def test_templates_list_every_manual_indicator(p, client, secretariat, open_period):
    IndicatorValueFactory(indicator=p["count"], secretariat=secretariat, period=open_period, value=Decimal("6"))
    response = client.get("/entry/import/?download=xlsx&period=2018-Q2")
    assert response["Content-Disposition"] == 'attachment; filename="madinati-taif-2018-Q2.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:5]) == HEADER
    assert [r[1] for r in rows[1:]] == ["satisfaction", "complaints", "revenue", "innovation"]
    assert rows[2][3] == 6  # the current value, ready to keep or change
    assert rows[1][7] == 80  # the target, for reading

    text = client.get("/entry/import/?download=csv&period=2018-Q2").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:5] == HEADER
    assert [line[1] for line in lines[1:]] == ["satisfaction", "complaints", "revenue", "innovation"]


def test_good_xlsx_preview_then_confirm_writes_in_one_go(p, client):
    file = xlsx([["taif", "satisfaction", "2018-Q2", 75.5, "May survey"], ["taif", "complaints", "2018-Q2", 6, None]])
    preview = upload(client, file)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "2 to create, 0 to update, 0 unchanged." in html
    assert not IndicatorValue.objects.exists()  # a preview writes nothing

    done = client.post("/entry/import/", {"payload": payload_of(html), "period": "2018-Q2", "submit": "1"})
    assert done.status_code == 302
    values = dict(IndicatorValue.objects.values_list("indicator__code", "value"))
    assert values == {"satisfaction": Decimal("75.5"), "complaints": Decimal("6")}
    assert set(IndicatorValue.objects.values_list("workflow_status", flat=True)) == {WorkflowStatus.SUBMITTED}


def test_csv_with_arabic_indic_digits_updates_and_leaves_unchanged(p, client, officer, secretariat, open_period):
    IndicatorValueFactory(
        indicator=p["percent"],
        secretariat=secretariat,
        period=open_period,
        value=Decimal("70"),
        workflow_status="draft",
    )
    IndicatorValueFactory(
        indicator=p["count"], secretariat=secretariat, period=open_period, value=Decimal("6"), workflow_status="draft"
    )
    file = csv_file(
        [
            ["taif", "satisfaction", "2018-Q2", "٧٥٫٥", ""],
            ["taif", "complaints", "2018-Q2", "٦", ""],
            ["taif", "revenue", "2018-Q2", "١٬٠٠٠", ""],
        ]
    )
    html = upload(client, file).content.decode()
    assert "1 to create, 1 to update, 1 unchanged." in html
    client.post("/entry/import/", {"payload": payload_of(html), "period": "2018-Q2", "draft": "1"})
    values = dict(IndicatorValue.objects.values_list("indicator__code", "value"))
    assert values == {"satisfaction": Decimal("75.5"), "complaints": Decimal("6"), "revenue": Decimal("1000")}


def test_a_bad_row_shows_row_and_column_and_offers_no_confirm(p, client):
    file = xlsx([["taif", "satisfaction", "2018-Q2", 75, None], ["taif", "complaints", "2018-Q2", "six", None]])
    response = upload(client, file)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Row 3, column value (D): “six” is not a number." in html
    assert 'name="payload"' not in html
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("row", "status", "message"),
    [
        (["jazan", "satisfaction", "2018-Q2", 75, None], 403, "Row 2, column secretariat (A): Not your secretariat"),
        (
            ["taif", "satisfaction", "2018-Q1", 75, None],
            400,
            "Row 2, column period (C): Q1 2018 closed on 30 April 2018.",
        ),
        (
            ["taif", "satisfaction", "2018-Q2", 175, None],
            400,
            "Row 2, column value (D): A percentage is between 0 and 100.",
        ),
        (
            ["taif", "initiative-progress", "2018-Q2", 5, None],
            400,
            "Row 2, column indicator (B): This indicator is computed",
        ),
    ],
)
def test_row_refusals(p, client, row, status, message):
    response = upload(client, xlsx([row]))
    assert response.status_code == status
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_duplicate_rows(p, client):
    file = csv_file([["taif", "satisfaction", "2018-Q2", "70", ""], ["taif", "satisfaction", "2018-Q2", "71", ""]])
    html = upload(client, file).content.decode()
    assert "Row 3, column indicator (B): Row 1 already gives satisfaction for taif in 2018-Q2." in html


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("empty.csv", b""), "The submitted file is empty."),
        (SimpleUploadedFile("blank.csv", b"\r\n\r\n"), "The file is empty."),
        (SimpleUploadedFile("header.csv", b"secretariat,indicator,period,value,note\r\n"), "The file has no figures"),
        (SimpleUploadedFile("report.pdf", b"%PDF-1.4 ..."), "Upload an .xlsx or .csv file"),
        (SimpleUploadedFile("fake.xlsx", b"%PDF-1.4 not a zip"), "This file is not a real .xlsx spreadsheet."),
        (SimpleUploadedFile("binary.csv", b"\x00\x01\x02"), "This file is not a CSV text file."),
        (SimpleUploadedFile("macros.xlsm", b"PK\x03\x04"), "Files with macros"),
        (SimpleUploadedFile("wrong.csv", b"a,b\r\n1,2\r\n"), "missing: secretariat, indicator, period, value"),
    ],
)
def test_file_refusals(p, client, file, message):
    response = upload(client, file)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_formula_cells_are_refused(p, client):
    response = upload(client, xlsx([["taif", "satisfaction", "2018-Q2", "=40+35", None]]))
    assert "Cell D2 holds a formula" in response.content.decode()
    response = upload(client, csv_file([["taif", "satisfaction", "2018-Q2", "=40+35", ""]]))
    assert "Cell D2 holds a formula" in response.content.decode()


def test_vba_project_inside_an_xlsx_is_refused(p, client):
    good = xlsx([["taif", "satisfaction", "2018-Q2", 70, None]]).read()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"macro")
    response = upload(client, SimpleUploadedFile("sneaky.xlsx", out.getvalue()))
    assert "The spreadsheet contains macros" in response.content.decode()


def test_too_large(p, client, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(client, csv_file([["taif", "satisfaction", "2018-Q2", "70", "x" * 200]]))
    assert "The file is too large" in response.content.decode()


def test_a_tampered_or_foreign_payload_is_refused(p, client, other_officer):
    from django.core import signing

    html = upload(client, xlsx([["taif", "satisfaction", "2018-Q2", 70, None]])).content.decode()
    payload = payload_of(html)
    assert client.post("/entry/import/", {"payload": payload[:-3] + "abc", "period": "2018-Q2"}).status_code == 400
    foreign = signing.dumps(
        {"user": other_officer.pk, "rows": [], "lines": [], "columns": {}},
        salt="indicators.entry-import",
        compress=True,
    )
    assert client.post("/entry/import/", {"payload": foreign, "period": "2018-Q2"}).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_confirm_refuses_when_things_changed_since_the_preview(p, client, secretariat, open_period, reviewer):
    html = upload(client, xlsx([["taif", "satisfaction", "2018-Q2", 70, None]])).content.decode()
    IndicatorValueFactory(indicator=p["percent"], secretariat=secretariat, period=open_period, reviewed_by=reviewer)
    response = client.post("/entry/import/", {"payload": payload_of(html), "period": "2018-Q2"})
    assert response.status_code == 409
    assert "Row 2, column value (D): Approved; an approved figure cannot be changed." in response.content.decode()
    assert IndicatorValue.objects.get().value == Decimal("50")
