"""The review cycle's pages and endpoints cost the same number of queries with 3 secretariats as with 30
(STYLE trait 7): attendees, agenda items, decisions, actions, carried actions and workshop outcomes grow with
the secretariats; the queries do not."""

import datetime

import pytest

from meetings.models import ActionStatus, AttendeeRole, WorkshopTopic
from meetings.services import actions as action_services
from meetings.services import meetings as meeting_services
from meetings.services import workshops as workshop_services
from tests.factories import RiskFactory
from tests.scoring_counts import SINGLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]


@pytest.fixture
def grown(programme, reviewer, unit):
    """``grown(n)``: n secretariats with figures; meeting 1 (2017-Q4, held) with an attendee, a decision, an
    action and a workshop outcome per secretariat; meeting 2 (2018-Q1, held) carrying the open actions."""

    def build(n: int) -> dict:
        figures = programme(n)
        q4, q1, _q2 = figures["periods"]
        first = meeting_services.meeting_create(by=reviewer, group=2, period=q4, held_on=datetime.date(2018, 1, 24))
        for secretariat in figures["secretariats"]:
            meeting_services.attendee_add(meeting=first, by=reviewer, role=AttendeeRole.MAYOR, secretariat=secretariat)
            decision = meeting_services.decision_save(meeting=first, by=reviewer, text_ar=f"قرار {secretariat.code}")
            action = action_services.action_create(
                decision=decision,
                by=reviewer,
                due_on=datetime.date(2018, 3, 1),
                text_ar="إجراء",
                owner_secretariat=secretariat,
            )
            action_services.action_update(action=action, by=reviewer, status=ActionStatus.IN_PROGRESS, note="ملاحظة")
        first = meeting_services.meeting_mark_held(meeting=first, by=reviewer)
        workshop = workshop_services.workshop_save(
            meeting=first, by=reviewer, topic=WorkshopTopic.RISKS, title_ar="ورشة"
        )
        for secretariat in figures["secretariats"]:
            workshop_services.workshop_link_risk(
                workshop=workshop, risk=RiskFactory(secretariat=secretariat), by=reviewer
            )
        second = meeting_services.meeting_create(by=reviewer, group=2, period=q1, held_on=datetime.date(2018, 5, 9))
        second = meeting_services.meeting_mark_held(meeting=second, by=reviewer)
        return {"first": first, "second": second, "workshop": workshop, "figures": figures}

    return build


def page_urls(built) -> dict[str, tuple[int, str]]:
    first, second, workshop = built["first"], built["second"], built["workshop"]
    action = first.decisions.first().actions.first()
    return {
        "/meetings/": (5, "session, user, groups and years of the filter bar, the meetings with their counts"),
        f"/meetings/{first.pk}/": (
            11,
            "session, user, the meeting (period, host, snapshot), attendees, agenda, decisions, their actions, "
            "carried actions, workshops, their risks, their requests",
        ),
        f"/meetings/{second.pk}/": (
            8,
            "the same for the meeting that carried every action; it has no decision and no workshop yet, and a "
            "prefetch of nothing runs no query (its actions, the workshops' risks and requests)",
        ),
        "/actions/": (6, "session, user, count, page, secretariats and units of the filter bar"),
        "/actions/?owner=s001&overdue=true": (7, "the same, plus the owner code check"),
        f"/actions/{action.pk}/": (4, "session, user, the action (meeting, owner), its notes with their writers"),
        "/snapshots/": (3, "session, user, snapshots with period and who froze them"),
        "/snapshots/2018-Q1/2/": (
            7 + SINGLE,
            "session, user, the snapshot; secretariats, indicators, axes of the frozen card; the live scorecard "
            "(tests/scoring_counts.py); the meetings that saw it",
        ),
        f"/workshops/{workshop.pk}/": (5, "session, user, the workshop with its meeting, its risks, its requests"),
    }


@pytest.mark.parametrize("n", [3, 30])
def test_page_queries_do_not_grow(grown, viewer_client, django_assert_num_queries, n):
    built = grown(n)
    for url, (queries, _what) in page_urls(built).items():
        with django_assert_num_queries(queries):
            assert viewer_client.get(url).status_code == 200, url


@pytest.mark.parametrize("n", [3, 30])
def test_the_reviewers_workshop_page_adds_the_candidates(grown, reviewer_client, django_assert_num_queries, n):
    built = grown(n)
    # The viewer's five, plus the group's top-level risks with their reach and their merged duplicates.
    with django_assert_num_queries(7):
        assert reviewer_client.get(f"/workshops/{built['workshop'].pk}/").status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_revised_figures_cost_two_queries_more(grown, viewer_client, django_assert_num_queries, admin_user, n):
    built = grown(n)
    for value in list(built["figures"]["periods"][1].values.all()[:n]):
        value.value += 1
        value._history_user = admin_user
        value.save()
    # The page's own, plus the history of values and of progress after the freeze.
    with django_assert_num_queries(7 + SINGLE + 2):
        response = viewer_client.get("/snapshots/2018-Q1/2/")
    assert len(response.context["revisions"]) >= 1


API = "/api/v1/"


def api_urls(built) -> dict[str, tuple[int, str]]:
    return {
        "meetings/": (5, "token+user, count, page joined with host, attendees with their secretariat or unit, agenda"),
        "meetings/?group=2&year=2018&period=2018-Q1": (5, "the same, filtered in the page query"),
        "actions/": (4, "token+user, count, page joined with meeting and owner, notes with their writers"),
        "actions/?owner=s001": (5, "the same, plus the owner code check"),
        "snapshots/": (3, "token+user, count, page joined with who froze it"),
        f"snapshots/{built['second'].snapshot_id}/": (2 + SINGLE, "token+user, the snapshot; the live scorecard"),
    }


@pytest.mark.parametrize("n", [3, 30])
def test_api_queries_do_not_grow(grown, token_client, viewer, django_assert_num_queries, n):
    built = grown(n)
    client = token_client(viewer)
    client.get(API + "snapshots/")  # the token's first use writes last_used_at
    for path, (queries, _what) in api_urls(built).items():
        with django_assert_num_queries(queries):
            assert client.get(API + path).status_code == 200, path
