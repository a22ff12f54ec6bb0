"""POST /api/v1/values/bulk/: a quarter's figures in one call, all or nothing (DESIGN §5)."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from rest_framework import exceptions

from api.base import BULK_MAX_ROWS
from api.errors import exception_handler
from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from madinati.errors import Refused
from madinati.text import NOTE_MAX_LENGTH
from tests.factories import PASSWORD, IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

URL = "/api/v1/values/bulk/"


def snapshot():
    """Everything a write would touch: the rows and their history."""
    rows = sorted(
        IndicatorValue.objects.values_list("secretariat__code", "indicator__code", "period_id", "value", "note")
    )
    return rows, IndicatorValue.history.count()


def post(client, body, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(URL + (f"?{query}" if query else ""), json.dumps(body), content_type="application/json")


def row(**overrides):
    base = {"secretariat": "taif", "indicator": "complaint-handling", "period": "2018-Q2", "value": 80}
    return {**base, **overrides}


@pytest.fixture
def satisfaction(api_programme):
    return IndicatorFactory(code="beneficiary-satisfaction", name_en="Beneficiary satisfaction", sort_order=4)


def test_dry_run_counts_and_writes_nothing(api_programme, satisfaction, officer, token_client):
    before = snapshot()
    body = {"values": [row(), row(indicator="beneficiary-satisfaction", value="٧٥٫٥", note="survey")]}
    response = post(token_client(officer), body, dry_run="true")
    assert response.status_code == 200
    assert response.json() == {"dry_run": True, "created": 1, "updated": 1, "unchanged": 0, "errors": []}
    assert snapshot() == before


def test_import_writes_every_row_and_can_submit(api_programme, satisfaction, officer, token_client):
    client = token_client(officer)
    body = {"values": [row(value=80.25), row(indicator="beneficiary-satisfaction", value="٧٥٫٥", note="survey")]}
    response = post(client, body)
    assert response.status_code == 200, response.content
    assert response.json() == {"dry_run": False, "created": 1, "updated": 1, "unchanged": 0, "errors": []}
    written = IndicatorValue.objects.filter(secretariat__code="taif", period_id=2018 * 4 + 1)
    assert sorted(written.values_list("indicator__code", "value", "note", "workflow_status")) == [
        ("beneficiary-satisfaction", Decimal("75.5"), "survey", WorkflowStatus.DRAFT),
        ("complaint-handling", Decimal("80.25"), "", WorkflowStatus.DRAFT),
    ]
    # The same call again changes nothing; with submit it submits the rows for review.
    again = post(client, body)
    assert again.json() == {"dry_run": False, "created": 0, "updated": 0, "unchanged": 2, "errors": []}
    # 80.25 is up 78% from 45 last quarter: a data-quality flag, so submitting it needs a note.
    explained = [row(value=80.25, note="New counting method"), body["values"][1]]
    assert post(client, {"values": explained, "submit": True}).status_code == 200
    assert set(written.values_list("workflow_status", flat=True)) == {WorkflowStatus.SUBMITTED}


def refused(response, status):
    assert response.status_code == status, response.content
    data = response.json()
    assert (data["created"], data["updated"], data["unchanged"]) == (0, 0, 0)
    return data["errors"]


def test_another_secretariat_is_forbidden_and_nothing_is_written(api_programme, officer, token_client):
    before = snapshot()
    response = post(token_client(officer), {"values": [row(), row(secretariat="jazan", value=99)]})
    errors = refused(response, 403)
    assert [(e["index"], e["field"]) for e in errors] == [(1, "secretariat")]
    assert snapshot() == before


@pytest.mark.parametrize("user", ["viewer", "reviewer", "admin_user"])
def test_only_an_officer_writes(api_programme, token_client, request, user):
    before = snapshot()
    errors = refused(post(token_client(request.getfixturevalue(user)), {"values": [row()]}), 403)
    assert [(e["index"], e["field"]) for e in errors] == [(0, "secretariat")]
    assert snapshot() == before


def test_a_closed_period_is_refused_with_the_reason(api_programme, officer, token_client):
    before = snapshot()
    errors = refused(post(token_client(officer), {"values": [row(), row(period="2018-Q1")]}), 400)
    assert [(e["index"], e["field"]) for e in errors] == [(1, "period")]
    assert errors[0]["message"]
    assert snapshot() == before


def test_an_approved_or_submitted_value_is_refused(api_programme, satisfaction, officer, token_client):
    q2 = api_programme["periods"][1]
    taif = api_programme["taif"]
    IndicatorValueFactory(indicator=satisfaction, secretariat=taif, period=q2, value=Decimal("70"))
    before = snapshot()
    errors = refused(
        post(token_client(officer), {"values": [row(), row(indicator="beneficiary-satisfaction", value=71)]}), 400
    )
    assert [(e["index"], e["field"]) for e in errors] == [(1, "value")]
    assert snapshot() == before


def test_every_bad_row_is_listed_and_nothing_is_written(api_programme, officer, token_client):
    before = snapshot()
    body = {
        "values": [
            row(),  # fine on its own
            row(value=""),
            row(indicator="no-such-indicator"),
            row(indicator="initiative-progress"),  # derived: computed, never typed
            row(period="2018-Q9"),
            row(value="a lot"),
            row(value=150),  # a percentage above 100
            row(),  # duplicate of row 0
        ]
    }
    # (A row of another secretariat is a 403 of its own: see the next test.)
    errors = refused(post(token_client(officer), body, dry_run="false"), 400)
    assert [(e["index"], e["field"]) for e in errors] == [
        (1, "value"),
        (2, "indicator"),
        (3, "indicator"),
        (4, "period"),
        (5, "value"),
        (6, "value"),
        (7, "indicator"),
    ]
    assert all(e["message"] for e in errors)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ([row()], [(None, "values")]),
        ("values", [(None, "values")]),
        ({}, [(None, "values")]),
        ({"values": {"0": row()}}, [(None, "values")]),
        ({"values": [row()] * (BULK_MAX_ROWS + 1)}, [(None, "values")]),
        ({"values": [row()], "submit": "yes"}, [(None, "submit")]),
        ({"values": [row()], "dry_run": True}, [(None, "dry_run")]),
        ({"values": [row(), "taif,80"]}, [(1, "values")]),
        ({"values": [row(value=True)]}, [(0, "value")]),
        ({"values": [row(value=[80])]}, [(0, "value")]),
        ({"values": [row(secretariat=7)]}, [(0, "secretariat")]),
        ({"values": [row(note={"text": "x"})]}, [(0, "note")]),
        ({"values": [row(notes="typo")]}, [(0, "notes")]),
        ({"values": [row(secretariat="ta\x00if")]}, [(0, "secretariat")]),
        ({"values": [row(note="n" * (NOTE_MAX_LENGTH + 1))]}, [(0, "note")]),
    ],
)
def test_a_malformed_body_is_a_400_and_nothing_is_written(api_programme, officer, token_client, body, expected):
    before = snapshot()
    errors = refused(post(token_client(officer), body), 400)
    assert [(e["index"], e["field"]) for e in errors] == expected
    assert snapshot() == before


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        '{"values": [{"value": NaN}]}',
        "",
        "[1, 2",
        '{"values": [' * 100_000,  # deeper than the parser's recursion limit
        '{"values": [' + "1" * 5000 + "]}",  # an integer longer than Python parses
        b'{"values": "\xff"}',
    ],
    ids=["broken", "nan", "empty", "truncated", "deep", "huge-integer", "not-utf8"],
)
def test_unparseable_json_is_a_400(api_programme, officer, token_client, raw):
    before = snapshot()
    response = token_client(officer).post(URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert snapshot() == before


def test_a_body_over_the_upload_limit_is_refused_unread(api_programme, officer, token_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = snapshot()
    response = post(token_client(officer), {"values": [row(note="x" * 2000)]})
    # In the bulk's documented shape, as every answer of values/bulk/ is.
    [error] = refused(response, 400)
    assert (error["index"], error["field"]) == (None, "values") and "1000" in error["message"]
    assert snapshot() == before


def test_a_body_that_is_not_json_is_refused_in_the_bulks_shape(api_programme, officer, token_client):
    response = token_client(officer).post(URL, data=b"{not json", content_type="application/json")
    [error] = refused(response, 400)
    assert (error["index"], error["field"]) == (None, "values") and error["message"]


def test_a_malformed_dry_run_is_a_400(api_programme, officer, token_client):
    before = snapshot()
    response = post(token_client(officer), {"values": [row()]}, dry_run="perhaps")
    # In the bulk's own documented shape, like every other refusal of values/bulk/.
    assert [(e["index"], e["field"]) for e in refused(response, 400)] == [(None, "dry_run")]
    assert snapshot() == before


@pytest.mark.parametrize("code", ["atlantis", "jazan", ""])
def test_a_row_of_any_secretariat_but_the_officers_own_is_forbidden_whatever_else_is_wrong(
    api_programme, officer, token_client, code
):
    """Scope first: a 403, whether the code names a secretariat or not (so the answer never says which exist)."""
    before = snapshot()
    rows = [row(secretariat=code, indicator="no-such-indicator", value=""), row(indicator="no-such-indicator")]
    errors = [
        (e["index"], e["field"]) for e in refused(post(token_client(officer), {"values": rows}, dry_run="true"), 403)
    ]
    assert errors[0] == (0, "secretariat") and errors[-1] == (1, "indicator")  # every bad row is still listed
    assert snapshot() == before


def test_numbers_keep_their_exact_decimal_value(api_programme, officer, token_client):
    client = token_client(officer)
    response = client.post(
        URL,
        '{"values": [{"secretariat": "taif", "indicator": "complaint-handling", "period": "2018-Q2", '
        '"value": 33.3333}]}',
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert IndicatorValue.objects.get(secretariat__code="taif", period_id=2018 * 4 + 1).value == Decimal("33.3333")


def test_a_session_post_needs_the_csrf_token(api_programme, officer):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=officer.username, password=PASSWORD)
    before = snapshot()
    assert post(client, {"values": [row()]}).status_code == 403
    assert snapshot() == before


def test_get_is_not_allowed(api_programme, officer, token_client):
    assert token_client(officer).get(URL).status_code == 405


# --------------------------------------------------------------------------- api.errors: any refused write, in JSON


@pytest.mark.parametrize(
    ("refusal", "status", "body"),
    [
        (Refused("Not yours.", field="secretariat", forbidden=True), 403, {"detail": "Not yours."}),
        (Refused("Give a reason.", field="reason"), 400, {"reason": ["Give a reason."]}),
        (Refused("Already answered."), 400, {"detail": "Already answered."}),
    ],
)
def test_a_refusal_raised_in_any_view_is_answered_in_json(refusal, status, body):
    response = exception_handler(refusal, {"view": object()})
    assert (response.status_code, response.data) == (status, body)


def test_other_errors_are_left_to_drf():
    response = exception_handler(exceptions.NotFound("No such row."), {"view": object()})
    assert (response.status_code, response.data) == (404, {"detail": "No such row."})
