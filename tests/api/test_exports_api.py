"""``values/export.csv`` and ``progress/export.csv``: the list's rows, filters and scoping, streamed as one CSV file.

The export is the list's ``?format=csv`` without pages: the same header, the
same cells (one CSV writer), the same rows for every user and filter. Its
queries do not grow with the rows (STYLE trait 7): the stream is one query
read in chunks.
"""

import csv
import io

import pytest
from django.test import Client

from tests.api.test_api_queries import grow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/"
EXPORTS = {"values": "values/export.csv", "progress": "progress/export.csv"}
FILTERS = [
    "",
    "period=2018-Q1",
    "secretariat=taif",
    "indicator=complaint-handling",
    "status=draft",
    "status=off_track",
    "status=no_data",
]


def body(response) -> bytes:
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content)


def listed(client, path: str, query: str) -> bytes:
    response = client.get(f"{API}{path}/?format=csv&page_size=500&{query}")
    assert response.status_code == 200, response.content
    return response.content


@pytest.mark.parametrize("query", FILTERS)
@pytest.mark.parametrize("user", ["viewer", "officer", "other_officer", "admin_user"])
def test_values_export_is_the_lists_csv_for_every_user_and_filter(api_programme, token_client, request, user, query):
    client = token_client(request.getfixturevalue(user))
    exported = body(client.get(f"{API}values/export.csv?{query}"))
    assert exported == listed(client, "values", query)


@pytest.mark.parametrize("query", ["", "period=2018-Q2", "secretariat=jazan", "initiative=B-01"])
@pytest.mark.parametrize("user", ["viewer", "officer", "other_officer"])
def test_progress_export_is_the_lists_csv(api_programme, token_client, request, user, query):
    client = token_client(request.getfixturevalue(user))
    assert body(client.get(f"{API}progress/export.csv?{query}")) == listed(client, "progress", query)


def test_the_csv_shape(api_programme, officer, token_client):
    raw = body(token_client(officer).get(API + "values/export.csv"))
    assert raw.startswith("\ufeff".encode())  # Excel reads the Arabic as UTF-8 only with the byte-order mark
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text)))
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
    ]
    assert all(len(row) == len(rows[0]) for row in rows)
    response = token_client(officer).get(API + "values/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="values.csv"'


def test_an_officer_exports_own_drafts_and_nobody_elses(api_programme, officer, viewer, token_client):
    def keys(user):
        text = body(token_client(user).get(API + "values/export.csv")).decode("utf-8-sig")
        return {
            (row["secretariat"], row["period"], row["workflow_status"]) for row in csv.DictReader(io.StringIO(text))
        }

    as_officer, as_viewer = keys(officer), keys(viewer)
    assert ("taif", "2018-Q2", "draft") in as_officer  # Taif's own draft
    assert ("jazan", "2018-Q2", "draft") not in as_officer  # Jazan's is not Taif's to read
    assert not any(status == "draft" for _s, _p, status in as_viewer)


def test_anonymous_is_refused(api_programme):
    for path in EXPORTS.values():
        response = Client().get(API + path)
        assert response.status_code == 401
        assert not response.streaming


def test_a_bad_filter_is_a_400_not_a_broken_stream(api_programme, viewer, token_client):
    response = token_client(viewer).get(API + "values/export.csv?period=2018-Q9")
    assert response.status_code == 400
    assert "period" in response.json()


# path → (queries, what they are)
# Every export also writes its audit entry (audit.middleware), once, whatever the number of rows.
EXPECTED = {
    "values/export.csv": (3, "token+user, audit entry, the rows joined with secretariat and indicator, target"),
    "values/export.csv?indicator=complaint-handling": (4, "token+user, indicator code check, audit entry, the rows"),
    "values/export.csv?status=off_track": (4, "token+user, scoring of the rows in scope, audit entry, the rows"),
    "progress/export.csv": (3, "token+user, audit entry, the rows joined with initiative and secretariat"),
}


@pytest.mark.parametrize("path", list(EXPECTED))
def test_queries_stay_flat_from_5_to_50_rows(api_programme, viewer, token_client, django_assert_num_queries, path):
    client = token_client(viewer)
    expected, _what = EXPECTED[path]
    grow(api_programme, 0, 5)
    body(client.get(API + path))  # marks the token as used
    with django_assert_num_queries(expected):
        small = body(client.get(API + path))
    grow(api_programme, 5, 50)
    with django_assert_num_queries(expected):
        large = body(client.get(API + path))
    assert large.count(b"\r\n") >= small.count(b"\r\n") + 30 or "status=" in path
