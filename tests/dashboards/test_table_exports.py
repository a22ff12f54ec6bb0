"""The pages' table downloads: quarters by name where a person reads them, by key in data; XLSX in write-only mode."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards import exports
from dashboards.exports import Table, number, quarter, text
from programme.models import ReportingPeriod

RAW_KEY = re.compile(r"\b\d{4}-Q[1-4]\b")


@pytest.fixture
def english_viewer(viewer_client, english):
    return english(viewer_client)


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_quarter_columns_are_named_and_the_key_stays_in_data(english_viewer, demo_data):
    url = reverse("initiative-detail", args=["B-01"])
    page = english_viewer.get(url, {"period": "2018-Q1", "group": "2"})
    table = page.context["tables"]["progress"]
    assert "Q1 2018" in table.headers and not any(RAW_KEY.search(h) for h in table.headers)
    response = english_viewer.get(url, {"period": "2018-Q1", "group": "2", "export": "xlsx", "table": "progress"})
    assert xlsx_rows(response)[0] == table.headers
    for table_id in ("participants", "progress"):
        caption = page.context["tables"][table_id].caption
        assert not RAW_KEY.search(caption)
    assert "Q1 2018" in page.context["tables"]["participants"].caption


@pytest.mark.django_db
def test_a_quarter_row_reads_as_a_name_on_the_page_and_leaves_as_its_key(viewer_client, demo_data):
    page = viewer_client.get(reverse("home"), {"period": "2018-Q1", "group": "2"})
    by_quarter = page.context["tables"]["progress"]
    first = by_quarter.rows[0][0]
    assert not RAW_KEY.search(first.text) and "2017" in first.text  # «الربع الأول 2017»: Arabic, by name
    assert RAW_KEY.fullmatch(first.export)
    response = viewer_client.get(
        reverse("home"), {"period": "2018-Q1", "group": "2", "export": "csv", "table": "progress"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [row[0].export for row in by_quarter.rows]
    assert all(RAW_KEY.fullmatch(row[0]) for row in rows[1:])
    assert not RAW_KEY.search(by_quarter.caption)
    assert "الربع الأول 2018" in page.context["tables"]["ranking"].caption


@pytest.mark.django_db
def test_the_xlsx_is_written_in_write_only_mode_with_its_styles(monkeypatch):
    """A formula-like text stays quoted text, numbers stay numbers, the header is bold, RTL when asked."""
    made = []
    workbook_class = exports.Workbook

    def spy(*args, **kwargs):
        made.append(kwargs)
        return workbook_class(*args, **kwargs)

    monkeypatch.setattr(exports, "Workbook", spy)
    period = ReportingPeriod(year=2018, quarter=3)
    table = Table(id="t" * 40, caption="c", headers=["name", "=not a formula", "figure"])
    table.rows.append([text('=HYPERLINK("http://x","y")'), quarter(period), number(None)])
    table.rows.append([text("-12.5"), text("plain"), number(Decimal("82.456"))])
    response = exports.as_xlsx(table, "file", rtl=True)
    assert made == [{"write_only": True}]
    assert response["Content-Disposition"] == 'attachment; filename="file.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "t" * 31 and sheet.sheet_view.rightToLeft is True
    header, first, second = list(sheet.iter_rows())
    assert [c.value for c in header] == table.headers and all(c.font.b for c in header)
    assert header[1].data_type == "s" and header[1].quotePrefix
    assert first[0].value == '=HYPERLINK("http://x","y")' and first[0].data_type == "s" and first[0].quotePrefix
    assert first[1].value == "2018-Q3" and first[2].value is None
    assert second[0].value == "-12.5" and not second[0].quotePrefix  # a signed number written as text
    assert second[2].value == pytest.approx(82.46) and second[2].data_type == "n"
