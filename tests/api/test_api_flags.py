"""``values/`` rows carry their data-quality ``flags`` (in the request's language), documented in the schema and
computed for the page in one grouped query; ``values/bulk/`` refuses to submit a flagged figure without a note."""

import json
from decimal import Decimal

import pytest

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from reporting.models import QualityRule
from tests.factories import IndicatorValueFactory, ReportingPeriodFactory, SecretariatFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

# Taif's complaint-handling: 45 days in 2018-Q1 (approved); 10 days in 2018-Q2 is down 77.8 %.
DOWN = "Down 77.8% on Q1 2018 (45): a change above 50% in a quarter is unusual."
DOWN_AR = "انخفاض بنسبة 77.8% عن الربع الأول 2018 (45): التغير الذي يتجاوز 50% في ربع واحد غير معتاد."


def values(client, language="en", **params):
    response = client.get("/api/v1/values/", params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content
    return {(r["secretariat"], r["period"]): r["flags"] for r in response.json()["results"]}


def test_values_carry_their_flags_in_the_requests_language(api_programme, officer, token_client):
    client = token_client(officer)  # the officer sees Taif's own 2018-Q2 draft
    assert values(client) == {
        ("jazan", "2018-Q1"): [],
        ("taif", "2018-Q1"): [],
        ("taif", "2018-Q2"): [{"code": "change", "message": DOWN}],
    }
    assert values(client, "ar")[("taif", "2018-Q2")] == [{"code": "change", "message": DOWN_AR}]


def test_a_rule_row_replaces_the_units_defaults(api_programme, viewer, token_client):
    complaints = api_programme["indicators"][0]
    QualityRule.objects.create(indicator=complaints, min_value=Decimal(35), max_change_percent=None)
    flags = values(token_client(viewer))
    assert flags[("taif", "2018-Q1")] == []
    assert flags[("jazan", "2018-Q1")] == [
        {"code": "range_low", "message": "30 is below 35, the lowest plausible figure for this indicator."}
    ]


def grow(programme, n: int) -> None:
    """``n`` more group-two secretariats with 10 in 2017-Q4 and 30 or 70 in 2018-Q1: each up more than 50 %."""
    complaints = programme["indicators"][0]
    q4 = ReportingPeriodFactory(year=2017, quarter=4, state="closed")
    q1 = programme["periods"][0]
    for i in range(n):
        sec = SecretariatFactory(code=f"grown-{n}-{i}", group=2)
        IndicatorValueFactory(indicator=complaints, secretariat=sec, period=q4, value=Decimal(10))
        IndicatorValueFactory(indicator=complaints, secretariat=sec, period=q1, value=Decimal(30 + 40 * (i % 2)))


@pytest.mark.parametrize("n", [4, 40])
def test_values_with_flags_cost_the_same_queries_at_any_size(
    api_programme, viewer, token_client, django_assert_num_queries, n
):
    grow(api_programme, n)
    client = token_client(viewer)
    client.get("/api/v1/values/")  # the token's last use is recorded once
    # token+user, count, the page (with indicator, its rule and secretariat), the page's grouped figures
    with django_assert_num_queries(4):
        response = client.get("/api/v1/values/", {"page_size": 500})
    rows = response.json()["results"]
    assert len(rows) == n + 2 + n  # each grown secretariat's two quarters, plus Taif's and Jazan's 2018-Q1
    flagged = [r for r in rows if r["period"] == "2018-Q1" and r["secretariat"].startswith("grown")]
    assert all(any(f["code"] == "change" for f in r["flags"]) for r in flagged)


def test_the_schema_documents_the_flags(client):
    schema = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en").json()
    value = schema["components"]["schemas"]["Value"]["properties"]["flags"]
    assert value["type"] == "array" and value["readOnly"] is True
    assert "one grouped query" in value["description"]
    flag = schema["components"]["schemas"]["QualityFlag"]
    assert set(flag["properties"]) == {"code", "message"}
    assert "range_low, range_high, change or outlier" in flag["properties"]["code"]["description"]


# --------------------------------------------------------------------------- bulk submit


def post(client, body, language="en", **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(
        f"/api/v1/values/bulk/?{query}",
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def figure(**overrides):
    return {"secretariat": "taif", "indicator": "complaint-handling", "period": "2018-Q2", "value": "10", **overrides}


@pytest.mark.parametrize("dry_run", ["false", "true"])
def test_bulk_submit_of_a_flagged_figure_needs_a_note(api_programme, officer, token_client, dry_run):
    client = token_client(officer)
    before = list(IndicatorValue.objects.order_by("pk").values_list("value", "note", "workflow_status", "version"))
    response = post(client, {"values": [figure()], "submit": True}, dry_run=dry_run)
    assert response.status_code == 400, response.content
    assert response.json() == {
        "dry_run": dry_run == "true",
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "errors": [
            {
                "index": 0,
                "field": "note",
                "message": f"A data-quality check flagged this figure: explain it in a note before submitting. {DOWN}",
            }
        ],
    }
    assert (
        list(IndicatorValue.objects.order_by("pk").values_list("value", "note", "workflow_status", "version")) == before
    )
    arabic = post(client, {"values": [figure()], "submit": True}, "ar", dry_run=dry_run).json()["errors"][0]["message"]
    assert arabic == f"نبّه فحص جودة البيانات إلى هذا الرقم: اشرحه في ملاحظة قبل الإرسال. {DOWN_AR}"


def test_bulk_without_submit_saves_the_flagged_draft_and_with_a_note_submits_it(api_programme, officer, token_client):
    client = token_client(officer)
    assert post(client, {"values": [figure(value="11")]}).status_code == 200  # a draft is never blocked
    body = {"values": [figure(value="11", note="Call centre opened in April")], "submit": True}
    assert post(client, body).status_code == 200
    row = IndicatorValue.objects.get(secretariat__code="taif", period_id=2018 * 4 + 1)
    assert (row.value, row.workflow_status) == (Decimal("11"), WorkflowStatus.SUBMITTED)


def test_a_csv_cell_holds_the_flags_codes(api_programme, officer, token_client):
    response = token_client(officer).get("/api/v1/values/", {"format": "csv", "period": "2018-Q2"})
    header, taif = response.content.decode("utf-8-sig").splitlines()
    assert header.split(",")[-2:] == ["flags", "is_demo"]
    assert taif.split(",")[-2:] == ["change", "false"]
