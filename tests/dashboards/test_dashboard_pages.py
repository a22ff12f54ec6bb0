"""The dashboard pages on the demo data: both languages, every seeded quarter, charts, demo notice, errors."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.exports import rounded
from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, InitiativeProgress
from indicators.scoring import scorecard
from programme.models import ReportingPeriod

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("home"),
    reverse("secretariat-detail", args=["taif"]),
    reverse("axis-detail", args=["B"]),
    reverse("initiative-detail", args=["B-01"]),
    reverse("indicator-detail", args=["complaint-handling"]),
    reverse("indicator-detail", args=["led-initiative-progress"]),
]


def figures(html: str) -> list[dict]:
    """The Plotly figures embedded in the page (the JSON the chart loader draws)."""
    blocks = re.findall(r'<script id="chart-[\w-]+-data" type="application/json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def reads_right_to_left(axis: dict) -> bool:
    if axis.get("autorange") == "reversed":
        return True
    low, high = axis.get("range", [0, 1])
    return low > high


@pytest.fixture
def english_viewer(viewer_client, english):
    return english(viewer_client)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_page_answers_with_real_charts_in_both_languages(viewer_client, demo_data, url, language):
    viewer_client.cookies["madinati_language"] = language
    response = viewer_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html
    charts = figures(html)
    assert len(charts) >= 2
    for figure in charts:
        assert figure["data"], "a chart without any trace"
        assert any(
            any(v is not None for v in (trace.get("y") or trace.get("z") or trace.get("x") or []))
            for trace in figure["data"]
        )
        # Arabic charts read right to left: the x axis runs from the right (madinati.charts.base_layout).
        assert reads_right_to_left(figure["layout"]["xaxis"]) == (language == "ar")
    assert 'class="alert alert-warning demo-notice"' in html
    assert "vendor/plotly/plotly-strict.min.js" in html
    assert "table-responsive" in html


@pytest.mark.parametrize("key", [f"{y}-Q{q}" for y in (2017, 2018) for q in (1, 2, 3, 4)])
def test_every_seeded_quarter_answers(viewer_client, demo_data, key):
    for url in PAGES:
        response = viewer_client.get(url, {"period": key, "group": "2"})
        assert response.status_code == 200, (url, key)
        assert response.context["period"].key == key


def test_default_period_is_the_latest_with_visible_data(viewer_client, demo_data):
    # 2018-Q2 is open with no figure yet: the pages start on 2018-Q1.
    response = viewer_client.get(reverse("home"))
    assert response.context["period"].key == "2018-Q1"
    # Issue 15: only group two has figures, so the overview opens on it rather than on every group's empty rows.
    assert response.context["group"] == 2
    assert re.search(r"<option [^>]*value=\"2018-Q1\" selected>", response.content.decode())


def test_pages_need_a_signed_in_user(client, demo_data):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_overview_headline_figures(viewer_client, demo_data):
    response = viewer_client.get(reverse("home"), {"period": "2018-Q1", "group": "2"})
    q1 = ReportingPeriod.objects.by_key("2018-Q1")
    submitted = (
        IndicatorValue.objects.filter(period=q1, workflow_status=WorkflowStatus.SUBMITTED).count()
        + InitiativeProgress.objects.filter(period=q1, workflow_status=WorkflowStatus.SUBMITTED).count()
    )
    assert submitted > 0
    assert response.context["awaiting_review"] == submitted
    card = scorecard(period=q1, group=2)
    html = response.content.decode()
    for axis in card.axes:
        assert f"{rounded(axis.progress)}%" in html
    ranking = response.context["tables"]["ranking"]
    assert [row[1].text for row in ranking.rows] == [s.secretariat.name for s in card.secretariats]
    assert [row[0].value for row in ranking.rows] == [s.rank for s in card.secretariats]
    # Each indicator's status as symbol and words, never colour alone.
    assert "● على المسار" in html
    assert 'data-testid="top-risks"' in html


def test_secretariat_page_shows_rank_change_and_initiatives(english_viewer, demo_data):
    response = english_viewer.get(reverse("secretariat-detail", args=["taif"]), {"period": "2018-Q1"})
    html = response.content.decode()
    card = scorecard(period=ReportingPeriod.objects.by_key("2018-Q1"), group=2)
    taif = card.secretariat("taif")
    assert f"{taif.rank} of 5" in html
    rows = {row[0].text: row for row in response.context["tables"]["indicators"].rows}
    previous = scorecard(period=ReportingPeriod.objects.by_key("2017-Q4"), group=2).secretariat("taif")
    measurement = rows["Measurement efficiency"]
    now = taif.indicators["measurement-efficiency"]
    assert measurement[1].value == now.value.quantize(Decimal("0.01"))
    assert measurement[5].value == (now.value - previous.indicators["measurement-efficiency"].value).quantize(
        Decimal("0.01")
    )
    assert measurement[4].text.endswith(
        {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track"}[now.status]
    )
    led = [row[0].text for row in response.context["tables"]["led"].rows]
    taking_part = [row[0].text for row in response.context["tables"]["initiatives"].rows]
    assert led and set(led) <= set(taking_part)
    assert "A-02" in led  # Taif leads A-02 in the demo programme
    assert 'data-testid="registers"' in html


def test_drafts_and_returned_rows_never_reach_a_page(viewer_client, demo_data):
    q2 = ReportingPeriod.objects.by_key("2018-Q2")
    value = IndicatorValue.objects.filter(secretariat__code="taif", period__year=2018, period__quarter=1).first()
    IndicatorValue.objects.create(
        indicator=value.indicator,
        secretariat=value.secretariat,
        period=q2,
        value=Decimal("987654"),
        workflow_status=WorkflowStatus.DRAFT,
    )
    progress = InitiativeProgress.objects.filter(initiative__code="B-01", secretariat__code="taif").first()
    InitiativeProgress.objects.create(
        initiative=progress.initiative,
        secretariat=progress.secretariat,
        period=q2,
        percent_complete=Decimal("99"),
        narrative="سر لم يُرسل بعد",
        workflow_status=WorkflowStatus.RETURNED,
    )
    for url in PAGES:
        html = viewer_client.get(url, {"period": "2018-Q2"}).content.decode()
        assert "987,654" not in html and "سر لم يُرسل بعد" not in html
    html = viewer_client.get(reverse("initiative-detail", args=["B-01"]), {"period": "2018-Q1"}).content.decode()
    assert "تمت معالجة عناصر التشوه البصري" in html  # the quarter's visible narratives


def test_initiative_quantity_against_target(english_viewer, demo_data):
    response = english_viewer.get(reverse("initiative-detail", args=["B-01"]), {"period": "2018-Q1", "group": "2"})
    table = response.context["tables"]["participants"]
    assert table.headers[2:] == ["Quantity achieved (element)", "Target quantity"]
    for row in table.rows:
        assert row[3].value == Decimal("15.00")
    expected = {
        p.secretariat.name_en: p.quantity_achieved
        for p in InitiativeProgress.objects.filter(initiative__code="B-01", period__year=2018, period__quarter=1)
        .exclude(workflow_status__in=[WorkflowStatus.DRAFT, WorkflowStatus.RETURNED])
        .select_related("secretariat")
    }
    assert {row[0].text: row[2].value for row in table.rows} == {
        k: v.quantize(Decimal("0.01")) for k, v in expected.items()
    }
    assert response.context["quantity_chart"]


def test_axis_matrix_marks_non_participants(english_viewer, demo_data):
    response = english_viewer.get(reverse("axis-detail", args=["A"]), {"period": "2018-Q1", "group": "2"})
    matrix = response.context["tables"]["matrix"]
    assert matrix.headers[0] == "Secretariat"
    card = scorecard(period=ReportingPeriod.objects.by_key("2018-Q1"), group=2)
    codes = matrix.headers[1:]
    for row in matrix.rows:
        summary = next(s for s in card.secretariats if s.secretariat.name == row[0].text)
        for code, cell in zip(codes, row[1:], strict=True):
            expected = card.progress.get((code, summary.secretariat.code))
            assert cell.value == (None if expected is None else expected.quantize(Decimal("0.01")))
    assert response.context["summary"].progress == card.axis("A").progress


def test_indicator_page_definition_and_values(english_viewer, demo_data):
    response = english_viewer.get(reverse("indicator-detail", args=["complaint-handling"]), {"period": "2018-Q1"})
    html = response.content.decode()
    assert "total days to close ÷ complaints closed" in html
    assert "Lower is better" in html
    values = response.context["tables"]["values"]
    assert len(values.rows) == 17  # every secretariat, "no data" outside group two


# --- exports --------------------------------------------------------------------------------------------


def test_csv_export_is_the_table_the_page_shows(viewer_client, demo_data):
    page = viewer_client.get(reverse("home"), {"period": "2018-Q1", "group": "2"})
    table = page.context["tables"]["ranking"]
    response = viewer_client.get(reverse("home"), {"period": "2018-Q1", "group": "2", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="overview-2018-Q1-group-2-ranking.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == table.headers
    assert rows[0][:2] == ["الترتيب", "الأمانة"]  # the page's language
    assert len(rows) == 1 + len(table.rows)
    assert [r[1] for r in rows[1:]] == [row[1].text for row in table.rows]
    assert "● على المسار" in {cell for r in rows[1:] for cell in r}


@pytest.mark.parametrize(
    ("url", "table"),
    [
        (reverse("home"), "axes"),
        (reverse("secretariat-detail", args=["taif"]), "indicators"),
        (reverse("axis-detail", args=["F"]), "matrix"),
        (reverse("initiative-detail", args=["B-01"]), "progress"),
        (reverse("indicator-detail", args=["financial-resources"]), "values"),
    ],
)
def test_xlsx_export_in_english(english_viewer, demo_data, url, table):
    page = english_viewer.get(url, {"period": "2018-Q1", "group": "2"})
    expected = page.context["tables"][table]
    response = english_viewer.get(url, {"period": "2018-Q1", "group": "2", "export": "xlsx", "table": table})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == expected.headers
    assert len(rows) == 1 + len(expected.rows)
    for got, row in zip(rows[1:], expected.rows, strict=True):
        for value, cell in zip(got, row, strict=True):
            if cell.numeric and cell.value is not None:
                assert Decimal(str(value)) == cell.value
            else:
                assert (value or "") == cell.export
    assert sheet.sheet_view.rightToLeft is False


# --- errors ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"period": "2018-Q5"},
        {"period": "2018Q1"},
        {"period": "1999-Q1"},  # well formed but unknown
        {"group": "abc"},
        {"group": "0"},
        {"group": "٢"},
        {"export": "pdf"},
        {"export": "csv", "table": "nope"},
    ],
)
@pytest.mark.parametrize("url", PAGES[:5])
def test_malformed_parameters_are_a_friendly_400(viewer_client, demo_data, query, url):
    response = viewer_client.get(url, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="ar"' in html
    assert "تعذّر فهم هذا الطلب" in html


def test_400_speaks_english_when_asked(english_viewer, demo_data):
    response = english_viewer.get(reverse("home"), {"period": "2018-Q9"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not understand this request" in html
    assert "2018-Q9" in html


@pytest.mark.parametrize(
    "url", ["/secretariats/nowhere/", "/axes/Z/", "/initiatives/Z-99/", "/indicators/no-such-indicator/"]
)
def test_unknown_codes_are_404(viewer_client, english, demo_data, url):
    response = viewer_client.get(url)
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()
    english(viewer_client)
    assert "Page not found" in viewer_client.get(url).content.decode()


def test_pages_before_any_period_exists(viewer_client, english):
    english(viewer_client)
    for url in [reverse("home")]:
        response = viewer_client.get(url)
        assert response.status_code == 200
        assert "No reporting period has been set up yet" in response.content.decode()


def test_xlsx_export_in_arabic_reads_right_to_left(viewer_client, demo_data):
    response = viewer_client.get(reverse("axis-detail", args=["B"]), {"group": "2", "export": "xlsx"})
    assert 'filename="axis-B-2018-Q1-group-2-secretariats.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft is True
    assert [c.value for c in sheet[1]] == ["الأمانة", "التقدم (%)"]
    assert sheet.max_row == 1 + 5
