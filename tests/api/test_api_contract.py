"""Every endpoint of DESIGN §5 against a fixture whose figures are worked by hand (tests/api/fixtures.py)."""

import csv
import io

import pytest
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.utils import timezone, translation
from rest_framework.fields import DateTimeField

from registers.filters import IdeaRegisterPageFilter, RiskRegisterPageFilter, SupportRequestRegisterPageFilter
from registers.selectors import RegisterFilters

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/"


def stamp(moment):
    return DateTimeField().to_representation(moment)


def page(results, count=None):
    return {"count": len(results) if count is None else count, "next": None, "previous": None, "results": results}


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_secretariats(api_programme, viewer, token_client):
    client = token_client(viewer)
    riyadh = {
        "code": "riyadh",
        "name_ar": "أمانة منطقة الرياض",
        "name_en": "Riyadh Region Municipality",
        "region_ar": "منطقة",
        "region_en": "Region",
        "group": 1,
        "group_is_assumed": False,
    }
    assert get(client, "secretariats/") == page(
        [
            riyadh,
            {
                "code": "jazan",
                "name_ar": "أمانة منطقة جازان",
                "name_en": "Jazan Region Municipality",
                "region_ar": "منطقة",
                "region_en": "Region",
                "group": 2,
                "group_is_assumed": False,
            },
            {
                "code": "taif",
                "name_ar": "أمانة محافظة الطائف",
                "name_en": "Taif Governorate Municipality",
                "region_ar": "منطقة",
                "region_en": "Region",
                "group": 2,
                "group_is_assumed": False,
            },
        ]
    )
    assert get(client, "secretariats/", group=1) == page([riyadh])


def test_axes(api_programme, viewer, token_client):
    assert get(token_client(viewer), "axes/") == page(
        [
            {"code": "A", "name_ar": "جودة الخدمات", "name_en": "Quality of services", "is_demo": False},
            {"code": "B", "name_ar": "المشهد الحضري", "name_en": "Urban landscape", "is_demo": False},
        ]
    )


def test_initiatives_and_their_filters(api_programme, viewer, token_client):
    client = token_client(viewer)
    a01 = {
        "code": "A-01",
        "name_ar": "خدمات إلكترونية",
        "name_en": "E-services",
        "axis": "A",
        "lead_secretariat": None,
        "participants": ["jazan"],
        "weight": 2.0,
        "unit_ar": "",
        "unit_en": "",
        "target_quantity": None,
        "is_demo": False,
    }
    b01 = {
        "code": "B-01",
        "name_ar": "معالجة التشوه البصري",
        "name_en": "Visual distortion treatment",
        "axis": "B",
        "lead_secretariat": "taif",
        "participants": ["jazan", "taif"],
        "weight": 1.0,
        "unit_ar": "عنصر",
        "unit_en": "element",
        "target_quantity": 15.0,
        "is_demo": False,
    }
    assert get(client, "initiatives/") == page([a01, b01])
    assert get(client, "initiatives/", axis="B") == page([b01])
    assert get(client, "initiatives/", lead="taif") == page([b01])
    assert get(client, "initiatives/", participant="jazan") == page([a01, b01])
    assert get(client, "initiatives/", participant="riyadh") == page([])


def test_indicators(api_programme, viewer, token_client):
    common = {"unit": "percent", "polarity": "higher_better", "weight": 1.0, "green_at": 90.0, "amber_at": 70.0}
    common["is_demo"] = False
    assert get(token_client(viewer), "indicators/") == page(
        [
            {
                "code": "complaint-handling",
                "name_ar": "معالجة الشكاوى",
                "name_en": "Complaint handling",
                "source": "manual",
                **common,
            },
            {
                "code": "initiative-progress",
                "name_ar": "نسبة التقدم في المبادرات",
                "name_en": "Progress in initiatives",
                "source": "initiatives_all",
                **common,
            },
        ]
    )


def test_periods(api_programme, viewer, token_client):
    assert get(token_client(viewer), "periods/") == page(
        [
            {
                "period": "2018-Q1",
                "year": 2018,
                "quarter": 1,
                "opens_on": "2018-01-01",
                "closes_on": "2018-05-01",
                "is_open": False,
            },
            {
                "period": "2018-Q2",
                "year": 2018,
                "quarter": 2,
                "opens_on": "2018-04-01",
                "closes_on": "2018-07-30",
                "is_open": True,
            },
        ]
    )


def test_targets_and_their_filters(api_programme, viewer, token_client):
    client = token_client(viewer)
    rows = [
        {"indicator": "complaint-handling", "secretariat": "jazan", "period": "2018-Q1", "target": 50.0},
        {"indicator": "complaint-handling", "secretariat": "taif", "period": "2018-Q1", "target": 50.0},
        {"indicator": "initiative-progress", "secretariat": "jazan", "period": "2018-Q1", "target": 80.0},
        {"indicator": "initiative-progress", "secretariat": "taif", "period": "2018-Q1", "target": 80.0},
    ]
    assert get(client, "targets/") == page(rows)
    assert get(client, "targets/", secretariat="taif", indicator="complaint-handling", period="2018-Q1") == page(
        [rows[1]]
    )
    assert get(client, "targets/", period="2018-Q2") == page([])


def value_row(value, *, target, achievement, status):
    return {
        "secretariat": value.secretariat.code,
        "indicator": value.indicator.code,
        "period": value.period.key,
        "value": float(value.value),
        "target": target,
        "achievement": achievement,
        "status": status,
        "workflow_status": value.workflow_status,
        "note": value.note,
        "updated_at": stamp(value.updated_at),
        "flags": [],  # no figure here trips a data-quality check: tests/api/test_api_flags.py has those
        "is_demo": value.is_demo,
    }


def test_values_carry_target_achievement_and_status(api_programme, viewer, token_client):
    values = api_programme["values"]
    jazan = value_row(values["jazan-q1"], target=50.0, achievement=60.0, status="off_track")
    taif = value_row(values["taif-q1"], target=50.0, achievement=90.0, status="on_track")
    # The viewer sees no draft at all; 2018-Q2 holds only drafts.
    assert get(token_client(viewer), "values/") == page([jazan, taif])


def test_value_filters(api_programme, viewer, token_client):
    client = token_client(viewer)
    values = api_programme["values"]
    jazan = value_row(values["jazan-q1"], target=50.0, achievement=60.0, status="off_track")
    taif = value_row(values["taif-q1"], target=50.0, achievement=90.0, status="on_track")
    assert get(client, "values/", secretariat="taif") == page([taif])
    assert get(client, "values/", indicator="complaint-handling", period="2018-Q1") == page([jazan, taif])
    assert get(client, "values/", period="2018-Q2") == page([])
    assert get(client, "values/", status="approved") == page([taif])
    assert get(client, "values/", status="submitted") == page([jazan])
    assert get(client, "values/", status="off_track") == page([jazan])
    assert get(client, "values/", status="on_track", secretariat="jazan") == page([])
    # Jazan's figure was written after Taif's.
    later = timezone.localtime(values["jazan-q1"].updated_at).isoformat()
    assert [r["secretariat"] for r in get(client, "values/", updated_since=later)["results"]] == ["jazan"]
    assert get(client, "values/", updated_since="2999-01-01T00:00:00Z") == page([])
    # Any ISO date-time is taken; one whose UTC is outside years 1-9999 is the first or the last instant.
    assert get(client, "values/", updated_since="0001-01-01T00:00:00+05:00") == page([jazan, taif])
    assert get(client, "values/", updated_since="9999-12-31T23:59:59-05:00") == page([])
    # An empty filter is no filter, as the schema says (allowEmptyValue).
    assert get(client, "values/", secretariat="", period="", updated_since="", status="") == page([jazan, taif])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "2018-Q5"}, "period"),
        ({"period": "Q1-2018"}, "period"),
        ({"period": "1999-Q4"}, "period"),  # reporting periods are 2000-2999, as the schema's pattern says
        ({"status": "lost"}, "status"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"page_size": "many"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "501"}, "page_size"),  # above the documented maximum: refused, not clamped
        ({"page": "-1"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "١"}, "page"),
    ],
)
def test_a_malformed_filter_is_a_400_naming_it(api_programme, viewer, token_client, params, field):
    response = token_client(viewer).get(API + "values/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"secretariat": "nowhere"}, "secretariat"), ({"indicator": "no-such-indicator"}, "indicator")],
)
def test_a_well_formed_code_that_names_nothing_is_a_404_naming_it(api_programme, viewer, token_client, params, field):
    response = token_client(viewer).get(API + "values/", params)
    assert response.status_code == 404
    assert list(response.json()) == [field]
    # A malformed parameter beside it makes the request a 400, naming both.
    response = token_client(viewer).get(API + "values/", {**params, "period": "2018-Q5"})
    assert response.status_code == 400
    assert sorted(response.json()) == sorted([field, "period"])


def progress_row(row):
    return {
        "initiative": row.initiative.code,
        "secretariat": row.secretariat.code,
        "period": row.period.key,
        "percent_complete": float(row.percent_complete),
        "quantity_achieved": None if row.quantity_achieved is None else float(row.quantity_achieved),
        "status": row.status,
        "workflow_status": row.workflow_status,
        "narrative": row.narrative,
        "updated_at": stamp(row.updated_at),
        # No plan in this programme; tests/api/test_api_elements.py checks rows with one.
        "planned_percent": None,
        "variance": None,
        "is_demo": row.is_demo,
    }


def test_progress_and_its_filters(api_programme, viewer, token_client):
    client = token_client(viewer)
    progress = api_programme["progress"]
    a01_jazan, b01_jazan, b01_taif = (
        progress_row(progress[key]) for key in ("a01-jazan-q1", "b01-jazan-q1", "b01-taif-q1")
    )
    assert b01_jazan["quantity_achieved"] == 6.0
    assert get(client, "progress/") == page([a01_jazan, b01_jazan, b01_taif])
    assert get(client, "progress/", axis="B") == page([b01_jazan, b01_taif])
    assert get(client, "progress/", initiative="B-01", secretariat="taif", period="2018-Q1") == page([b01_taif])
    assert get(client, "progress/", period="2018-Q2") == page([])
    assert token_client(viewer).get(API + "progress/", {"axis": "Z"}).status_code == 404


def test_secretariat_summary_equals_the_scorecard_worked_by_hand(api_programme, viewer, token_client):
    no_data = {"value": None, "target": None, "achievement": None, "status": "no_data"}
    riyadh = {
        "secretariat": "riyadh",
        "period": "2018-Q1",
        "score": None,
        "rank": None,
        "progress": None,
        "axes": {"A": None, "B": None},
        "indicators": {"complaint-handling": no_data, "initiative-progress": no_data},
    }
    taif = {
        "secretariat": "taif",
        "period": "2018-Q1",
        "score": 82.5,  # mean of 90 (45 of 50) and 75 (60 of 80)
        "rank": 1,
        "progress": 60.0,
        "axes": {"A": None, "B": 60.0},
        "indicators": {
            "complaint-handling": {"value": 45.0, "target": 50.0, "achievement": 90.0, "status": "on_track"},
            "initiative-progress": {"value": 60.0, "target": 80.0, "achievement": 75.0, "status": "at_risk"},
        },
    }
    jazan = {
        "secretariat": "jazan",
        "period": "2018-Q1",
        "score": 46.67,  # mean of 60 and 33.333… (26.666… of 80)
        "rank": 2,
        "progress": 26.67,  # (40·1 + 20·2) / 3
        "axes": {"A": 20.0, "B": 40.0},
        "indicators": {
            "complaint-handling": {"value": 30.0, "target": 50.0, "achievement": 60.0, "status": "off_track"},
            "initiative-progress": {"value": 26.67, "target": 80.0, "achievement": 33.33, "status": "off_track"},
        },
    }
    client = token_client(viewer)
    # Without ?period= the latest period with visible data (2018-Q1: 2018-Q2 holds only drafts).
    assert get(client, "summary/secretariats/") == [riyadh, taif, jazan]
    assert get(client, "summary/secretariats/", period="2018-Q1", group=2) == [taif, jazan]
    approved = get(client, "summary/secretariats/", period="2018-Q1", group=2, approved_only="true")
    assert [(r["secretariat"], r["score"], r["progress"]) for r in approved] == [
        ("taif", 82.5, 60.0),
        ("jazan", 16.67, 13.33),  # progress (0·1 + 20·2) / 3 is 16.67 % of 80; no approved complaint value
    ]


def test_axis_summary(api_programme, viewer, token_client):
    client = token_client(viewer)
    assert get(client, "summary/axes/", period="2018-Q1") == [
        {"axis": "A", "period": "2018-Q1", "progress": 20.0, "secretariats": {"jazan": 20.0}},
        {"axis": "B", "period": "2018-Q1", "progress": 50.0, "secretariats": {"taif": 60.0, "jazan": 40.0}},
    ]
    assert get(client, "summary/axes/", period="2018-Q1", group=1) == [
        {"axis": "A", "period": "2018-Q1", "progress": None, "secretariats": {}},
        {"axis": "B", "period": "2018-Q1", "progress": None, "secretariats": {}},
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "2018"}, "period"),
        ({"period": "1999-Q1"}, "period"),
        ({"group": "two"}, "group"),
        ({"group": "0"}, "group"),
        ({"approved_only": "maybe"}, "approved_only"),
    ],
)
@pytest.mark.parametrize("path", ["summary/secretariats/", "summary/axes/"])
def test_summary_rejects_malformed_parameters(api_programme, viewer, token_client, path, params, field):
    response = token_client(viewer).get(API + path, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize("path", ["summary/secretariats/", "summary/axes/"])
def test_a_summary_of_a_quarter_without_a_reporting_period_is_a_404(api_programme, viewer, token_client, path):
    response = token_client(viewer).get(API + path, {"period": "2030-Q1"})
    assert response.status_code == 404
    assert list(response.json()) == ["period"]
    # Malformed beats missing: with a bad group beside it, the 400 names the group.
    response = token_client(viewer).get(API + path, {"period": "2030-Q1", "group": "0"})
    assert (response.status_code, list(response.json())) == (400, ["group"])


def test_summaries_are_empty_without_any_visible_data(db, viewer, token_client):
    assert get(token_client(viewer), "summary/secretariats/") == []
    assert get(token_client(viewer), "summary/axes/") == []


def test_registers(api_programme, viewer, token_client):
    from tests.factories import IdeaFactory, RiskFactory, SupportRequestFactory

    taif, jazan = api_programme["taif"], api_programme["jazan"]
    axis_b = api_programme["axes"][1]
    risk = RiskFactory(secretariat=taif, axis=axis_b, title="Budget cut", likelihood=4, impact=5)
    RiskFactory(secretariat=jazan, status="closed")
    request = SupportRequestFactory(secretariat=jazan, title="Staff", category="staffing")
    idea = IdeaFactory(secretariat=taif, axis=axis_b, title="Mobile app", status="adopted")
    client = token_client(viewer)
    assert get(client, "risks/", secretariat="taif", axis="B", status="open") == page(
        [
            {
                "id": risk.pk,
                "secretariat": "taif",
                "axis": "B",
                "initiative": None,
                "kind": "risk",
                "title": "Budget cut",
                "description": "",
                "likelihood": 4,
                "impact": 5,
                "severity": 20,
                "mitigation": "",
                "owner": "",
                "status": "open",
                "status_reason": "",
                "canonical": None,
                "is_demo": False,
                "created_at": stamp(risk.created_at),
                "updated_at": stamp(risk.updated_at),
            }
        ]
    )
    assert get(client, "risks/")["count"] == 2
    assert get(client, "support-requests/", status="open") == page(
        [
            {
                "id": request.pk,
                "secretariat": "jazan",
                "axis": None,
                "initiative": None,
                "category": "staffing",
                "title": "Staff",
                "description": "",
                "status": "open",
                "response": "",
                "responded_at": None,
                "is_demo": False,
                "created_at": stamp(request.created_at),
                "updated_at": stamp(request.updated_at),
            }
        ]
    )
    assert get(client, "ideas/", axis="B") == page(
        [
            {
                "id": idea.pk,
                "secretariat": "taif",
                "axis": "B",
                "title": "Mobile app",
                "description": "",
                "status": "adopted",
                "decision_reason": "",
                "decided_at": None,
                "is_demo": False,
                "created_at": stamp(idea.created_at),
                "updated_at": stamp(idea.updated_at),
            }
        ]
    )
    assert client.get(API + "ideas/", {"status": "maybe"}).status_code == 400


def test_pagination_is_bounded(api_programme, viewer, token_client):
    client = token_client(viewer)
    first = get(client, "secretariats/", page_size=2)
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["next"] == "http://testserver/api/v1/secretariats/?page=2&page_size=2"
    assert first["previous"] is None
    second = get(client, "secretariats/", page_size=2, page=2)
    assert [r["code"] for r in second["results"]] == ["taif"]
    as_csv = client.get(API + "values/", {"page_size": 1, "format": "csv"})
    assert as_csv["Link"] == '<http://testserver/api/v1/values/?format=csv&page=2&page_size=1>; rel="next"'
    assert len(get(client, "secretariats/", page_size=500)["results"]) == 3
    # Above the documented maximum is refused (naming page_size), however many digits.
    for too_many in (501, 10_000, "9" * 5000, "0" * 5000 + "501"):
        assert list(client.get(API + "secretariats/", {"page_size": too_many}).json()) == ["page_size"]
    assert len(get(client, "secretariats/", page_size="0" * 5000 + "500")["results"]) == 3
    assert client.get(API + "secretariats/", {"page": "9" * 5000}).status_code == 404
    assert client.get(API + "secretariats/", {"page": 9}).status_code == 404


def test_errors_speak_the_language_the_client_asks_for(api_programme, viewer, token_client):
    client = token_client(viewer)
    arabic = client.get(API + "values/", {"period": "2018-Q5"}, headers={"Accept-Language": "ar"})
    english = client.get(API + "values/", {"period": "2018-Q5"}, headers={"Accept-Language": "en"})
    assert arabic.json() == {"period": ["اكتب الفترة بالصيغة YYYY-Qn، مثل 2018-Q1."]}
    assert english.json() == {"period": ["Use the form YYYY-Qn for a period, e.g. 2018-Q1."]}


@pytest.mark.parametrize("period", ["2017-Q4", "2018-Q1"])
def test_summaries_equal_the_scorecard_on_the_demo_programme(demo_data, viewer, token_client, period):
    from api.base import edge_number
    from indicators import scoring
    from programme.models import ReportingPeriod

    card = scoring.scorecard(period=ReportingPeriod.objects.by_key(period), group=2)
    client = token_client(viewer)
    secretariats = get(client, "summary/secretariats/", period=period, group=2)
    assert [row["secretariat"] for row in secretariats] == [s.secretariat.code for s in card.secretariats]
    for row, summary in zip(secretariats, card.secretariats, strict=True):
        assert row["score"] == edge_number(summary.score)
        assert row["rank"] == summary.rank
        assert row["progress"] == edge_number(summary.progress)
        assert row["axes"] == {code: edge_number(p) for code, p in summary.axes.items()}
        assert row["indicators"] == {
            code: {
                "value": edge_number(r.value),
                "target": edge_number(r.target),
                "achievement": edge_number(r.achievement),
                "status": r.status,
            }
            for code, r in summary.indicators.items()
        }
    assert any(row["score"] is not None for row in secretariats)
    axes = get(client, "summary/axes/", period=period, group=2)
    assert axes == [
        {
            "axis": a.axis.code,
            "period": period,
            "progress": edge_number(a.progress),
            "secretariats": {code: edge_number(p) for code, p in a.secretariats.items()},
        }
        for a in card.axes
    ]


def test_a_viewer_pulls_a_demo_quarter_as_json_and_csv(demo_data, viewer, token_client):
    client = token_client(viewer)
    for path in ("values/", "progress/", "summary/secretariats/", "summary/axes/"):
        as_json = client.get(API + path, {"period": "2018-Q1", "page_size": 500})
        as_csv = client.get(API + path, {"period": "2018-Q1", "page_size": 500, "format": "csv"})
        assert as_json.status_code == as_csv.status_code == 200
        body = as_json.json()
        rows = body if isinstance(body, list) else body["results"]
        assert rows
        assert len(list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))) == len(rows) + 1


@pytest.mark.parametrize("path", ["values/", "summary/secretariats/", "initiatives/"])
def test_a_browser_gets_the_browsable_api(api_programme, viewer_client, path):
    response = viewer_client.get(API + path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# --- the register pages read their filter bar with the API's FilterSets (registers/filters.py) ----------------------

PAGE_FILTERS = {
    "risks": RiskRegisterPageFilter,
    "requests": SupportRequestRegisterPageFilter,
    "ideas": IdeaRegisterPageFilter,
}


def raw(**given):
    return {key: given.get(key, "") for key in ("group", "secretariat", "axis", "kind", "status", "category")}


@pytest.mark.parametrize("register", PAGE_FILTERS)
def test_register_page_filters_read_codes_groups_and_statuses(api_programme, register):
    taif, axis_b = api_programme["taif"], api_programme["axes"][1]
    status = {"risks": "mitigating", "requests": "in_progress", "ideas": "submitted"}[register]
    page_filter = PAGE_FILTERS[register](QueryDict(f"group=2&secretariat=taif&axis=B&status={status}"))
    assert page_filter.register_filters() == RegisterFilters(
        group=2, secretariat=taif, axis_id=axis_b.pk, kind=None, status=status, category=None
    )
    assert page_filter.raw == raw(group="2", secretariat="taif", axis="B", status=status)
    assert PAGE_FILTERS[register](QueryDict("")).register_filters() == RegisterFilters()


def test_each_register_reads_its_own_choice(api_programme):
    risks = RiskRegisterPageFilter(QueryDict("kind=obstacle")).register_filters()
    requests = SupportRequestRegisterPageFilter(QueryDict("category=technical")).register_filters()
    assert (risks.kind, requests.category) == ("obstacle", "technical")
    # A filter the register does not have is ignored, as the API ignores it.
    assert IdeaRegisterPageFilter(QueryDict("kind=obstacle&category=technical")).register_filters() == RegisterFilters()


BAD_QUERIES = ["group=0", "group=two", "secretariat=nowhere", "axis=Z", "status=lost"]


@pytest.mark.parametrize("register", PAGE_FILTERS)
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_register_page_filters_refuse_nonsense_naming_the_field(api_programme, register, query):
    field = query.split("=")[0]
    with translation.override("en"), pytest.raises(BadRequest) as refused:
        PAGE_FILTERS[register](QueryDict(query)).register_filters()
    assert str(refused.value).startswith(f"{field.capitalize()}: ")  # names the field at fault


@pytest.mark.parametrize("query", ["kind=nonsense", "category=nonsense"])
def test_a_register_refuses_a_bad_choice_of_its_own_filter(api_programme, query):
    page_filter = RiskRegisterPageFilter if query.startswith("kind") else SupportRequestRegisterPageFilter
    with pytest.raises(BadRequest):
        page_filter(QueryDict(query)).register_filters()
