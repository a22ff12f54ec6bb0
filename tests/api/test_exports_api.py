"""``values/export.csv`` and ``progress/export.csv``: the list's rows, filters and scoping, streamed as one CSV file.

The export is the list's ``?format=csv`` without pages: the same header, the
same cells (one CSV writer), the same rows for every user and filter. Its
queries do not grow with the rows (STYLE trait 7): the stream is one query
read in chunks.
"""

import csv
import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import Client

from api import pgcopy
from api.exports import PROGRESS_HEADER, VALUE_HEADER
from indicators.models import IndicatorValue, InitiativeProgress
from madinati.csv import write_csv
from tests.api.test_api_queries import grow
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeProgressFactory,
    SecretariatFactory,
    TargetFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/"
EXPORTS = {"values": "values/export.csv", "progress": "progress/export.csv"}
HEADERS = {"values": VALUE_HEADER, "progress": PROGRESS_HEADER}
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
    """The list's CSV, in the export's columns: the list may carry more (``flags``, ``planned_percent``: figures
    of one page, computed per page), and the export's columns must be the list's, cell for cell."""
    response = client.get(f"{API}{path}/?format=csv&page_size=500&{query}")
    assert response.status_code == 200, response.content
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    columns = [rows[0].index(name) for name in HEADERS[path]]
    return write_csv(([row[i] for i in columns] for row in rows[1:]), header=HEADERS[path])


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
        "is_demo",
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


# --- the PostgreSQL path (COPY) writes what the Python path writes ----------------------------------

# Notes that exercise every rule of the one CSV writer: formula triggers and the numbers that are not
# formulas (Python's \d is any Unicode decimal digit, and its $ matches before a final newline), quoting,
# PostgreSQL's text-format escapes (backslash, tab, CR, LF, other control characters), Arabic.
TRICKY_TEXT = [
    "",
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-12.5",
    "+٣٫٥",
    "-٣٤",
    "-12\n",
    "-12\n\n",
    "@SUM(A1)",
    "\tindented",
    "\rcarriage",
    "a,b",
    'say "hi"',
    "line one\nline two",
    "line one\r\nline two",
    "back\\slash \\n not a newline \\\\",
    "tab\tin the middle\vand\fform\bfeed\x01",
    "ملاحظة بالعربية، مع فاصلة",
    "'already quoted",
]
# (value, target, polarity): ties at the cent round half up, clipping, no target, a zero target, zero values.
FIGURES = [
    ("12.345", "100", "higher_better"),
    ("1", "3", "higher_better"),
    ("2", "3", "higher_better"),
    ("150", "100", "higher_better"),
    ("-5", "100", "higher_better"),
    ("0", "40", "lower_better"),
    ("45", "40", "lower_better"),
    ("89.9999", "100", "higher_better"),
    ("90", "100", "higher_better"),
    ("70", "100", "higher_better"),
    ("69.9999", "100", "higher_better"),
    ("7", None, "higher_better"),
    ("7", "0", "higher_better"),
    ("0.0001", "1234567.8912", "lower_better"),
]
MOMENTS = [
    datetime.datetime(2026, 1, 2, 3, 4, 5, 0, tzinfo=datetime.UTC),
    datetime.datetime(2026, 1, 2, 23, 59, 59, 120000, tzinfo=datetime.UTC),
    datetime.datetime(2026, 6, 30, 21, 0, 0, 1, tzinfo=datetime.UTC),
]


@pytest.fixture
def tricky(api_programme):
    """Values and progress rows whose every cell needs one of the writer's rules."""
    q1 = api_programme["periods"][0]
    b01 = api_programme["initiatives"][1]
    indicators = {
        polarity: IndicatorFactory(code=f"tricky-{polarity.replace('_', '-')}", polarity=polarity, sort_order=9)
        for polarity in ("higher_better", "lower_better")
    }
    rows = []
    for n, (value, target, polarity) in enumerate(FIGURES):
        sec = SecretariatFactory(code=f"tricky-{n:02d}", group=2)
        indicator = indicators[polarity]
        if target is not None:
            TargetFactory(indicator=indicator, secretariat=sec, period=q1, value=Decimal(target))
        row = IndicatorValueFactory(
            indicator=indicator, secretariat=sec, period=q1, value=Decimal(value), workflow_status="approved"
        )
        b01.participation_set.create(secretariat=sec)
        progress = InitiativeProgressFactory(
            initiative=b01,
            secretariat=sec,
            period=q1,
            percent_complete=Decimal(n * 7 % 101),
            workflow_status="approved",
        )
        rows.append((row.pk, progress.pk))
    for n, (value_pk, progress_pk) in enumerate(rows):
        text = TRICKY_TEXT[n % len(TRICKY_TEXT)]
        moment = MOMENTS[n % len(MOMENTS)]
        IndicatorValue.objects.filter(pk=value_pk).update(note=text, updated_at=moment)
        InitiativeProgress.objects.filter(pk=progress_pk).update(narrative=TRICKY_TEXT[-1 - n], updated_at=moment)
    # The texts the figures did not reach, on the fixture's own rows.
    for n, pk in enumerate(IndicatorValue.objects.exclude(secretariat__code__startswith="tricky").values_list("pk")):
        text = TRICKY_TEXT[(len(FIGURES) + n) % len(TRICKY_TEXT)]
        IndicatorValue.objects.filter(pk=pk[0]).update(note=text)
    return api_programme


def python_path(client, path: str, monkeypatch) -> bytes:
    """The export as the keyset path writes it (what SQLite always takes)."""
    with monkeypatch.context() as patch:
        patch.setattr(pgcopy, "is_postgresql", lambda queryset: False)
        return body(client.get(API + path))


@pytest.mark.parametrize("path", ["values/export.csv", "progress/export.csv"])
def test_tricky_cells_are_written_as_the_list_writes_them(tricky, admin_user, token_client, path):
    client = token_client(admin_user)
    exported = body(client.get(API + path))
    assert exported == listed(client, path.split("/")[0], "")
    text = exported.decode("utf-8-sig")
    if path.startswith("values"):
        assert (
            "'=HYPERLINK" in text
            and ",-12.5," in text
            and ",-٣٤," in text
            and ",'+٣٫٥," in text
            and ",'@SUM(A1)," in text
        )
        assert '"line one\nline two"' in text and "back\\slash \\n not a newline \\\\" in text
        assert ",12.35,on_track" not in text and ",12.35,off_track," in text  # 12.345 → 12.35 (half up)


@pytest.mark.parametrize("query", ["", "period=2018-Q1", "secretariat=taif", "status=off_track", "status=draft"])
@pytest.mark.parametrize("user", ["officer", "viewer"])
def test_copy_gives_the_bytes_of_the_python_path(tricky, token_client, request, monkeypatch, user, query):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's; SQLite always takes the Python path")
    client = token_client(request.getfixturevalue(user))
    for path in EXPORTS.values():
        copied = body(client.get(f"{API}{path}?{query}"))
        assert copied == python_path(client, f"{path}?{query}", monkeypatch)
        assert copied.count(b"\r\n") > 1 or "status=" in query


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: a cancelled COPY aborts no test transaction
def test_copy_streams_in_chunks_and_a_client_that_leaves_stops_it(tricky, admin_user, token_client, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    monkeypatch.setattr(pgcopy, "CHUNK_BYTES", 200)  # several chunks from a few rows
    monkeypatch.setattr(pgcopy, "QUEUED_CHUNKS", 1)
    client = token_client(admin_user)
    whole = body(client.get(API + "values/export.csv"))
    response = client.get(API + "values/export.csv")
    chunks = iter(response.streaming_content)
    head, first = next(chunks), next(chunks)
    assert head.startswith("\ufeff".encode()) and head.endswith(b"\r\n") and head.count(b"\r\n") == 1
    assert 200 <= len(first) < len(whole) // 2 and whole.startswith(head + first)
    # The client went away: the server closes the response (without the test client's connection handling);
    # the copy's thread ends and the connection still answers.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert not any(thread.name == "export-copy" for thread in threading.enumerate())
    assert IndicatorValue.objects.filter(secretariat__code__startswith="tricky").count() == len(FIGURES)


def test_an_export_that_matches_nothing_is_the_header_alone(api_programme, viewer, token_client):
    response = token_client(viewer).get(API + "values/export.csv?secretariat=taif&status=draft")
    assert (
        body(response)
        == "\ufeffsecretariat,indicator,period,value,target,achievement,status,workflow_status,note,updated_at,is_demo\r\n".encode()
    )


def test_the_exports_sort_memory_is_its_own(api_programme, viewer, token_client):
    """COPY sorts with more memory than PostgreSQL's default, and gives the connection back as it found it."""
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")

    def work_mem():
        with connection.cursor() as cursor:
            cursor.execute("SHOW work_mem")
            return cursor.fetchone()[0]

    before = work_mem()
    assert before != pgcopy.WORK_MEM
    assert body(token_client(viewer).get(API + "values/export.csv")).count(b"\r\n") > 1
    assert work_mem() == before
