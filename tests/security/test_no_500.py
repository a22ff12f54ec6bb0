"""Item 7 of issue 12: every input the attack found answering 500 answers 400 or 404, and stores nothing."""

import json
from decimal import Decimal

import pytest

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from madinati.errors import Refused
from madinati.numbers import NotANumber, parse_number
from registers.models import Risk
from registers.services import risk_unmerge
from reporting.services.review import row_return
from tests.factories import IndicatorValueFactory

BULK = "/api/v1/values/bulk/"


def stored():
    return sorted(
        IndicatorValue.objects.values_list("secretariat__code", "indicator__code", "period_id", "value", "note")
    )


def bulk_body(value_json: str, note: str = '"ok"') -> str:
    # Written by hand: json.dumps cannot spell 1e1000000 or a lone surrogate escape.
    return (
        '{"values": [{"secretariat": "taif", "indicator": "complaint-handling", "period": "2018-Q2", '
        f'"value": {value_json}, "note": {note}}}]}}'
    )


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1e1000000", "too large"),
        ("-1e1000000", "too large"),
        ("1e-999999999", "decimal places"),
        ("1e-5", "decimal places"),
    ],
)
@pytest.mark.parametrize("dry_run", ["true", "false"])
@pytest.mark.usefixtures("clear_throttles")
def test_bulk_overflow_and_underflow_are_a_400_on_the_value_alike_in_dry_and_real_runs(
    api_programme, officer, token_client, number, message, dry_run
):
    client = token_client(officer)
    before = stored()
    response = client.post(
        f"{BULK}?dry_run={dry_run}", bulk_body(number), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400, response.content
    [error] = response.json()["errors"]
    assert error["index"] == 0 and error["field"] == "value"
    assert message in error["message"]
    assert stored() == before


@pytest.mark.usefixtures("clear_throttles")
def test_bulk_exponent_within_range_is_stored_in_plain_notation(api_programme, officer, token_client):
    response = token_client(officer).post(BULK, bulk_body("8e1"), content_type="application/json")
    assert response.status_code == 200, response.content
    assert IndicatorValue.objects.get(
        secretariat__code="taif", indicator__code="complaint-handling", period_id=2018 * 4 + 1
    ).value == Decimal("80")


@pytest.mark.parametrize("note", [r'"\ud800"', r'"tail \udfff"', r'"\udc00\ud800"'], ids=["high", "low", "reversed"])
@pytest.mark.usefixtures("clear_throttles")
def test_a_lone_surrogate_or_nul_in_json_is_a_400(api_programme, officer, token_client, note):
    before = stored()
    response = token_client(officer).post(
        BULK, bulk_body("80", note=note), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "not allowed" in response.json()["detail"]
    assert stored() == before


@pytest.mark.usefixtures("clear_throttles")
def test_a_surrogate_pair_is_a_character_like_any_other(api_programme, officer, token_client):
    response = token_client(officer).post(
        BULK, bulk_body("80", note=r'"\ud83d\ude00"'), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert (
        IndicatorValue.objects.get(
            secretariat__code="taif", indicator__code="complaint-handling", period_id=2018 * 4 + 1
        ).note
        == "\U0001f600"
    )


@pytest.mark.parametrize("path", ["/axes/%00/", "/secretariats/%00/", "/risks/%00/", "/api/v1/axes/%00/"])
def test_a_nul_in_a_path_is_a_404(viewer_client, path):
    assert viewer_client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["period=%00", "group=1%00", "%00=1", "status=open%00"])
def test_a_nul_in_a_query_is_a_400(viewer_client, query):
    assert viewer_client.get(f"/risks/?{query}").status_code == 400
    assert viewer_client.get(f"/api/v1/values/?{query}").status_code == 400


def test_a_nul_in_a_posted_return_reason_is_a_400(entry_programme, secretariat, open_period, reviewer_client):
    row = IndicatorValueFactory(
        indicator=entry_programme["percent"],
        secretariat=secretariat,
        period=open_period,
        workflow_status=WorkflowStatus.SUBMITTED,
    )
    form = {"return": f"value:{row.pk}:{row.version}", f"reason-value-{row.pk}": "wrong\x00figure"}
    assert reviewer_client.post("/review/", form).status_code == 400
    row.refresh_from_db()
    assert row.workflow_status == WorkflowStatus.SUBMITTED


def test_the_return_service_refuses_nul_and_strips_bidi_controls(entry_programme, secretariat, open_period, reviewer):
    row = IndicatorValueFactory(
        indicator=entry_programme["percent"],
        secretariat=secretariat,
        period=open_period,
        workflow_status=WorkflowStatus.SUBMITTED,
    )
    with pytest.raises(Refused) as refused:
        row_return(row=row, by=reviewer, reason="wrong\x00figure")
    assert refused.value.field == "reason"
    with pytest.raises(Refused):
        row_return(row=row, by=reviewer, reason="x" * 2001)
    row_return(row=row, by=reviewer, reason="\u202eerugif gnorw\u202c, \u2066check\u2069")
    row.refresh_from_db()
    assert row.return_reason == "erugif gnorw, check"


def test_the_unmerge_service_refuses_nul(unified_risk, reviewer):
    with pytest.raises(Refused) as refused:
        risk_unmerge(risk=unified_risk, by=reviewer, reason="oops\x00")
    assert refused.value.field == "reason"
    assert Risk.objects.filter(canonical=unified_risk).count() == 2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (Decimal("1E+2"), Decimal("100")),
        (Decimal("-0E-1000"), Decimal("0")),
        (Decimal("99999999999999.9999"), Decimal("99999999999999.9999")),
        ("٧٥٫٥", Decimal("75.5")),
    ],
)
def test_parse_number_gives_plain_decimals(raw, expected):
    assert parse_number(raw) == expected
    assert "E" not in str(parse_number(raw))


@pytest.mark.parametrize(
    "raw", [Decimal("1e1000000"), Decimal("-1e1000000"), Decimal("1e-999999999"), Decimal("1E+14"), Decimal("1E-5")]
)
def test_parse_number_refuses_what_overflows_or_underflows(raw):
    with pytest.raises(NotANumber):
        parse_number(raw)


def test_json_with_a_huge_exponent_never_reaches_the_decimal_context():
    # What the bulk parser hands over for 1e1000000: parse_float=Decimal keeps the exponent as written.
    assert json.loads("1e1000000", parse_float=Decimal) == Decimal("1e1000000")


@pytest.mark.parametrize("path", ["/api/nothing/", "/api/v1/nothing/", "/api/v1/values/nothing/"])
def test_an_unknown_api_path_is_a_json_404(viewer_client, path):
    response = viewer_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_an_unknown_page_is_still_the_html_404(viewer_client):
    response = viewer_client.get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.usefixtures("clear_throttles")
def test_a_nul_in_a_bulk_note_is_a_400_on_that_row_and_bidi_controls_are_stripped(api_programme, officer, token_client):
    client = token_client(officer)
    before = stored()
    response = client.post(BULK, bulk_body("80", note=r'"nul \u0000"'), content_type="application/json")
    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(0, "note")]
    assert stored() == before
    response = client.post(BULK, bulk_body("80", note=r'"\u202eetoN"'), content_type="application/json")
    assert response.status_code == 200, response.content
    row = IndicatorValue.objects.get(
        secretariat__code="taif", indicator__code="complaint-handling", period_id=2018 * 4 + 1
    )
    assert row.note == "etoN"
