"""ETag / If-None-Match and ?format=csv on lists and summaries (DESIGN §5)."""

import csv
import io
from decimal import Decimal as D

import pytest

from madinati.csv import csv_cell, csv_lines, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/"
CONDITIONAL = [
    "secretariats/",
    "axes/",
    "initiatives/",
    "indicators/",
    "periods/",
    "targets/",
    "values/",
    "progress/",
    "summary/secretariats/?period=2018-Q1",
    "summary/axes/?period=2018-Q1",
    "risks/",
    "support-requests/",
    "ideas/",
]


@pytest.mark.parametrize("path", CONDITIONAL)
def test_an_unchanged_answer_is_a_304(api_programme, viewer, token_client, path):
    client = token_client(viewer)
    first = client.get(API + path)
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert "private" in first["Cache-Control"]
    again = client.get(API + path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(API + path, headers={"If-None-Match": '"stale"'}).status_code == 200
    assert client.get(API + path, headers={"If-None-Match": f'"stale", W/{etag}'}).status_code == 304


def test_the_etag_changes_when_a_figure_changes(api_programme, viewer, token_client):
    client = token_client(viewer)
    etag = client.get(API + "values/")["ETag"]
    summary_etag = client.get(API + "summary/secretariats/")["ETag"]
    value = api_programme["values"]["taif-q1"]
    value.value = 40
    value.save()
    assert client.get(API + "values/", headers={"If-None-Match": etag}).status_code == 200
    assert client.get(API + "summary/secretariats/", headers={"If-None-Match": summary_etag}).status_code == 200


def test_the_etag_differs_between_users_who_see_different_rows(api_programme, viewer, officer, token_client):
    etag = token_client(viewer).get(API + "values/")["ETag"]
    as_officer = token_client(officer).get(API + "values/", headers={"If-None-Match": etag})
    assert as_officer.status_code == 200
    assert "Authorization" in as_officer["Vary"]


def test_errors_carry_no_etag(api_programme, viewer, token_client):
    response = token_client(viewer).get(API + "values/", {"period": "soon"})
    assert response.status_code == 400
    assert not response.has_header("ETag")


def read_csv(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_values_as_csv(api_programme, viewer, token_client):
    rows = read_csv(token_client(viewer).get(API + "values/", {"format": "csv", "period": "2018-Q1"}))
    taif = api_programme["values"]["taif-q1"]
    assert rows[0] == [
        "secretariat",
        "indicator",
        "period",
        "value",
        "target",
        "achievement",
        "status",
        "workflow_status",
        "note",
        "updated_at",
        "flags",
        "is_demo",
    ]
    assert rows[1][:9] == ["jazan", "complaint-handling", "2018-Q1", "30", "50", "60", "off_track", "submitted", ""]
    assert rows[2][:9] == ["taif", "complaint-handling", "2018-Q1", "45", "50", "90", "on_track", "approved", "ok"]
    assert rows[2][9].startswith(str(taif.updated_at.year))
    assert len(rows) == 3


def test_an_empty_csv_still_has_its_header(api_programme, viewer, token_client):
    rows = read_csv(token_client(viewer).get(API + "progress/", {"format": "csv", "period": "2030-Q1"}))
    assert rows == [
        [
            "initiative",
            "secretariat",
            "period",
            "percent_complete",
            "quantity_achieved",
            "status",
            "workflow_status",
            "narrative",
            "updated_at",
            "planned_percent",
            "variance",
            "is_demo",
        ]
    ]


def test_progress_as_csv_keeps_arabic(api_programme, viewer, token_client):
    row = api_programme["progress"]["b01-taif-q1"]
    row.narrative = "تمت معالجة ٥ عناصر"
    row.save()
    rows = read_csv(token_client(viewer).get(API + "progress/", {"format": "csv", "secretariat": "taif"}))
    assert rows[1][:3] == ["B-01", "taif", "2018-Q1"]
    assert rows[1][7] == "تمت معالجة ٥ عناصر"


def test_secretariat_summary_as_csv_is_one_row_per_secretariat(api_programme, viewer, token_client):
    rows = read_csv(token_client(viewer).get(API + "summary/secretariats/", {"format": "csv", "group": 2}))
    assert rows[0] == [
        "secretariat",
        "period",
        "score",
        "rank",
        "progress",
        "axes.A",
        "axes.B",
        "indicators.complaint-handling.value",
        "indicators.complaint-handling.target",
        "indicators.complaint-handling.achievement",
        "indicators.complaint-handling.status",
        "indicators.initiative-progress.value",
        "indicators.initiative-progress.target",
        "indicators.initiative-progress.achievement",
        "indicators.initiative-progress.status",
    ]
    assert rows[1] == [
        "taif", "2018-Q1", "82.5", "1", "60", "", "60",
        "45", "50", "90", "on_track", "60", "80", "75", "at_risk",
    ]  # fmt: skip
    assert rows[2][:7] == ["jazan", "2018-Q1", "46.67", "2", "26.67", "20", "40"]
    assert len(rows) == 3


def test_axis_summary_as_csv(api_programme, viewer, token_client):
    rows = read_csv(token_client(viewer).get(API + "summary/axes/", {"format": "csv", "period": "2018-Q1"}))
    assert rows == [
        ["axis", "period", "progress", "secretariats.jazan", "secretariats.taif"],
        ["A", "2018-Q1", "20", "20", ""],
        ["B", "2018-Q1", "50", "40", "60"],
    ]


def test_csv_errors_are_json(api_programme, viewer, token_client):
    response = token_client(viewer).get(API + "values/", {"format": "csv", "status": "lost"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["status"]


def test_csv_is_only_offered_where_the_contract_says(api_programme, viewer, token_client):
    assert token_client(viewer).get(API + "secretariats/", {"format": "csv"}).status_code == 404


def test_csv_answers_have_their_own_etag(api_programme, viewer, token_client):
    client = token_client(viewer)
    json_etag = client.get(API + "values/")["ETag"]
    csv_etag = client.get(API + "values/", {"format": "csv"})["ETag"]
    assert json_etag != csv_etag
    assert client.get(API + "values/", {"format": "csv"}, headers={"If-None-Match": csv_etag}).status_code == 304


# --- the one CSV writer (madinati.csv) behind the API, the page downloads and the import templates ------------------


def test_csv_cells_are_written_one_way():
    assert [csv_cell(v) for v in (None, True, False, D("30.0000"), D("82.50"), 82.5, 1e-05, 7, "نص")] == [
        "", "true", "false", "30", "82.5", "82.5", "0.00001", "7", "نص",
    ]  # fmt: skip


def test_write_csv_quotes_and_streams_the_same_bytes():
    header = ["code", "note", "value"]
    rows = [["taif", 'a "quoted", two-line\nnote', D("1.50")], ["jazan", None, 2]]
    body = write_csv(rows, header=header)
    assert body.startswith("\ufeff".encode())
    assert body.decode("utf-8").endswith("\r\n")
    assert list(csv.reader(io.StringIO(body.decode("utf-8")[1:]))) == [
        header,
        ["taif", 'a "quoted", two-line\nnote', "1.5"],
        ["jazan", "", "2"],
    ]
    assert "".join(csv_lines(iter(rows), header=header)).encode("utf-8") == body
