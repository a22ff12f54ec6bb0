"""The review cycle's API (DESIGN §5.1): meetings, actions, snapshots; scoped, filtered by code, paginated, ETag."""

import datetime

import pytest
from django.test import Client

from indicators import scoring, summaries
from indicators.models import IndicatorValue
from meetings.models import ActionStatus, Snapshot
from meetings.services import actions as action_services
from meetings.services.snapshots import snapshot_freeze

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("clear_throttles"),
]

API = "/api/v1/"
ENDPOINTS = ["meetings/", "actions/", "snapshots/"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_anonymous_is_refused(cycle, path):
    assert Client().get(API + path).status_code == 401


@pytest.mark.parametrize("role", ["viewer", "officer", "reviewer", "admin_user"])
@pytest.mark.parametrize("path", ENDPOINTS)
def test_every_role_reads_the_review_cycle(request, cycle, token_client, role, path):
    client = token_client(request.getfixturevalue(role))
    response = client.get(API + path)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == {"meetings/": 2, "actions/": 5, "snapshots/": 1}[path]


def test_a_meeting_row(cycle, token_client, viewer, secretariat):
    second = cycle["second"]
    rows = token_client(viewer).get(API + "meetings/", {"group": 2, "period": "2018-Q1"}).json()["results"]
    assert [row["id"] for row in rows] == [second.pk]
    row = rows[0]
    assert set(row) == {
        "id", "number", "group", "period", "held_on", "host", "chair", "status", "attendees", "agenda", "snapshot", "is_demo",
    }  # fmt: skip
    assert (row["number"], row["group"], row["period"], row["held_on"], row["host"], row["status"]) == (
        2,
        2,
        "2018-Q1",
        "2018-05-09",
        secretariat.code,
        "planned",
    )
    assert set(row["chair"]) == {"title_ar", "title_en", "name_ar", "name_en"}
    assert [item["kind"] for item in row["agenda"]][:3] == ["welcome", "address", "follow_up"]
    assert row["snapshot"] is None
    first = token_client(viewer).get(API + "meetings/", {"period": "2017-Q4"}).json()["results"][0]
    assert first["snapshot"] == cycle["first"].snapshot_id


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 2),
        ({"group": 2}, 2),
        ({"group": 1}, 0),
        ({"year": 2018}, 2),
        ({"year": 2017}, 0),
        ({"period": "2017-Q4"}, 1),
    ],
)
def test_meeting_filters(cycle, token_client, viewer, params, expected):
    assert token_client(viewer).get(API + "meetings/", params).json()["count"] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [({"group": "two"}, "group"), ({"year": "18"}, "year"), ({"period": "2018-5"}, "period")],
)
def test_malformed_meeting_filters_are_400_naming_the_field(cycle, token_client, viewer, params, field):
    response = token_client(viewer).get(API + "meetings/", params)
    assert response.status_code == 400 and field in response.json()


def test_an_action_row_and_its_filters(cycle, token_client, officer, reviewer):
    taif_open = cycle["actions"][0]
    action_services.action_update(action=taif_open, by=officer, status=ActionStatus.IN_PROGRESS, note="بدأنا")
    client = token_client(reviewer)
    rows = client.get(API + "actions/", {"owner": "taif", "status": "in_progress"}).json()["results"]
    assert [row["id"] for row in rows] == [taif_open.pk]
    row = rows[0]
    assert row["meeting"] == cycle["first"].pk and row["group"] == 2
    assert (row["owner"], row["owner_kind"], row["due_on"], row["overdue"]) == (
        "taif",
        "secretariat",
        "2018-03-31",
        True,
    )
    assert [(n["by"], n["status"], n["text"]) for n in row["notes"]] == [("taif-officer", "in_progress", "بدأنا")]
    center = client.get(API + "actions/", {"owner": "goal-achievement-center"}).json()["results"]
    assert [(r["owner"], r["owner_kind"]) for r in center] == [("goal-achievement-center", "ministry_unit")]
    assert client.get(API + "actions/", {"overdue": "true"}).json()["count"] == 1
    assert client.get(API + "actions/", {"overdue": "false"}).json()["count"] == 4
    assert client.get(API + "actions/", {"meeting": cycle["second"].pk}).json()["count"] == 0
    assert client.get(API + "actions/", {"meeting": cycle["first"].pk}).json()["count"] == 5


@pytest.mark.parametrize("params", [{"overdue": "yes"}, {"status": "late"}, {"meeting": "x"}, {"meeting": "0"}])
def test_malformed_action_filters_are_400(cycle, token_client, viewer, params):
    response = token_client(viewer).get(API + "actions/", params)
    assert response.status_code == 400 and next(iter(params)) in response.json()


def test_an_owner_code_that_names_nothing_is_a_404_naming_it(cycle, token_client, viewer):
    response = token_client(viewer).get(API + "actions/", {"owner": "nowhere"})
    assert response.status_code == 404 and list(response.json()) == ["owner"]


@pytest.fixture
def frozen(programme, reviewer):
    figures = programme(5)
    snapshot = snapshot_freeze(period=figures["periods"][1], group=2, by=reviewer)
    return snapshot, figures


def test_snapshot_list_and_detail(frozen, token_client, viewer):
    snapshot, figures = frozen
    client = token_client(viewer)
    rows = client.get(API + "snapshots/", {"period": "2018-Q1", "group": 2}).json()["results"]
    assert rows == [
        {
            "id": snapshot.pk,
            "period": "2018-Q1",
            "group": 2,
            "frozen_at": rows[0]["frozen_at"],
            "frozen_by": "reviewer",
            "sha256": snapshot.sha256,
            "is_demo": True,
        }
    ]
    detail = client.get(f"{API}snapshots/{snapshot.pk}/").json()
    assert set(detail) == {
        "id", "period", "group", "frozen_at", "frozen_by", "sha256", "is_demo", "secretariats", "axes", "revised_since",
    }  # fmt: skip
    assert detail["secretariats"] == snapshot.data["secretariats"]
    assert detail["axes"] == snapshot.data["axes"]
    assert detail["revised_since"] == []


def test_revised_since_after_a_correction(frozen, token_client, viewer, admin_user):
    snapshot, figures = frozen
    value = IndicatorValue.objects.get(
        secretariat=figures["secretariats"][2], period=figures["periods"][1], indicator__code="innovation-index"
    )
    frozen_row = next(r for r in snapshot.data["secretariats"] if r["secretariat"] == "s002")["indicators"]
    value.value, value._history_user, value._change_reason = value.value + 11, admin_user, "correction"
    value.save()
    detail = token_client(viewer).get(f"{API}snapshots/{snapshot.pk}/").json()
    live = summaries.secretariat_rows(scoring.scorecard(period=figures["periods"][1], group=2))
    live_row = next(r for r in live if r["secretariat"] == "s002")["indicators"]
    assert detail["revised_since"] == [
        {
            "secretariat": "s002",
            "indicator": "innovation-index",
            "frozen": frozen_row["innovation-index"],
            "live": live_row["innovation-index"],
        }
    ]
    assert live_row["innovation-index"]["value"] == float(value.value) != frozen_row["innovation-index"]["value"]
    assert detail["secretariats"] == snapshot.data["secretariats"]  # the frozen figures never move
    assert Snapshot.objects.get(pk=snapshot.pk).body == snapshot.body


def test_lists_answer_an_etag_and_304(cycle, token_client, viewer):
    client = token_client(viewer)
    for path in ENDPOINTS:
        first = client.get(API + path)
        assert first.status_code == 200 and first["ETag"]
        assert client.get(API + path, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_unknown_snapshot_is_404(cycle, token_client, viewer):
    assert token_client(viewer).get(f"{API}snapshots/999999/").status_code == 404


def test_dates_are_iso(cycle, token_client, viewer):
    row = token_client(viewer).get(API + "actions/").json()["results"][0]
    datetime.date.fromisoformat(row["due_on"])
    datetime.datetime.fromisoformat(row["created_at"])
