"""Who may do what in the review cycle, per role: everyone signed in reads; reviewers run meetings;
an officer updates the actions of their own secretariat only. Pages and services refuse alike."""

import datetime

import pytest
from django.test import Client

from madinati.errors import Refused
from meetings.models import Action, ActionStatus, Meeting, Snapshot
from meetings.services import actions as action_services
from meetings.services import meetings as meeting_services

pytestmark = pytest.mark.django_db

ROLES = ["viewer_client", "officer_client", "reviewer_client", "admin_client_"]


def pages(cycle) -> list[str]:
    first, second = cycle["first"], cycle["second"]
    return [
        "/meetings/",
        f"/meetings/{first.pk}/",
        f"/meetings/{second.pk}/",
        "/actions/",
        f"/actions/{cycle['actions'][0].pk}/",
        "/snapshots/",
        f"/snapshots/{first.period.key}/2/",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_reads_every_page(request, cycle, role):
    client = request.getfixturevalue(role)
    for url in pages(cycle):
        assert client.get(url).status_code == 200, url


def test_anonymous_users_are_sent_to_sign_in(cycle):
    for url in pages(cycle):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def write_pages(cycle) -> list[str]:
    first, second = cycle["first"], cycle["second"]
    decision = first.decisions.first()
    return [
        "/meetings/new/",
        f"/meetings/{second.pk}/edit/",
        f"/meetings/{second.pk}/attendees/new/",
        f"/meetings/{second.pk}/agenda/new/",
        f"/meetings/agenda/{second.agenda_items.first().pk}/edit/",
        f"/meetings/{second.pk}/decisions/new/",
        f"/meetings/decisions/{decision.pk}/edit/",
        f"/meetings/decisions/{decision.pk}/actions/new/",
        f"/meetings/carried/{second.carried_actions.first().pk}/edit/",
        f"/meetings/{first.pk}/workshops/new/",
        f"/actions/{cycle['actions'][0].pk}/edit/",
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer_client", 403), ("officer_client", 403), ("reviewer_client", 200), ("admin_client_", 200)],
)
def test_only_reviewers_and_admins_open_the_writing_pages(request, cycle, role, status):
    client = request.getfixturevalue(role)
    for url in write_pages(cycle):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("role", ["viewer_client", "officer_client"])
def test_a_forged_post_from_a_viewer_or_officer_changes_nothing(request, cycle, periods, role):
    client = request.getfixturevalue(role)
    second = cycle["second"]
    assert (
        client.post(
            "/meetings/new/", {"group": 2, "period": periods["2018-Q2"].pk, "held_on": "2018-08-15"}
        ).status_code
        == 403
    )
    assert client.post(f"/meetings/{second.pk}/held/").status_code == 403
    assert client.post("/snapshots/freeze/", {"period": periods["2018-Q1"].pk, "group": 2}).status_code == 403
    assert Meeting.objects.count() == 2
    assert Meeting.objects.get(pk=second.pk).status == "planned"
    assert not Snapshot.objects.filter(period=periods["2018-Q1"]).exists()


def test_a_reviewer_plans_holds_and_freezes_through_the_pages(reviewer_client, cycle, periods):
    response = reviewer_client.post(
        "/meetings/new/",
        {"group": 2, "period": periods["2018-Q2"].pk, "held_on": "2018-08-15", "chair_name_ar": "رئيس"},
    )
    third = Meeting.objects.get(group=2, number=3)
    assert response.status_code == 302 and response["Location"] == f"/meetings/{third.pk}/"
    second = cycle["second"]
    assert reviewer_client.post(f"/meetings/{second.pk}/held/", {"held_on": "2018-05-09"}).status_code == 302
    second.refresh_from_db()
    assert second.status == "held" and second.snapshot.period_id == periods["2018-Q1"].pk
    response = reviewer_client.post("/snapshots/freeze/", {"period": periods["2018-Q2"].pk, "group": 2})
    assert response.status_code == 302 and response["Location"] == "/snapshots/2018-Q2/2/"


def test_an_officer_updates_the_actions_of_their_own_secretariat_only(officer_client, officer, cycle):
    own, others = cycle["actions"][0], cycle["actions"][1]
    assert own.owner_secretariat_id == officer.secretariat_id != others.owner_secretariat_id
    response = officer_client.post(f"/actions/{own.pk}/", {"status": ActionStatus.IN_PROGRESS, "note": "بدأ التنفيذ"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ActionStatus.IN_PROGRESS
    note = own.notes.get()
    assert (note.by, note.text, note.status) == (officer, "بدأ التنفيذ", ActionStatus.IN_PROGRESS)
    # Another secretariat's action, and a ministry unit's, are refused with the 403 page.
    for action in (others, cycle["actions"][2]):
        response = officer_client.post(f"/actions/{action.pk}/", {"status": ActionStatus.DONE, "note": "x"})
        assert response.status_code == 403
        assert Action.objects.get(pk=action.pk).status == action.status
    # The form is shown only where it may be used.
    assert 'name="status"' in officer_client.get(f"/actions/{own.pk}/").content.decode()
    assert 'name="status"' not in officer_client.get(f"/actions/{others.pk}/").content.decode()


def test_a_reviewer_updates_any_action_a_viewer_none(cycle, reviewer, viewer):
    action = cycle["actions"][2]  # owned by a ministry unit
    action_services.action_update(action=action, by=reviewer, status=ActionStatus.DONE, note="تم")
    with pytest.raises(Refused) as refused:
        action_services.action_update(action=cycle["actions"][1], by=viewer, status=ActionStatus.DONE, note="x")
    assert refused.value.forbidden


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_services_refuse_viewers_and_officers_every_meeting_write(request, cycle, periods, role):
    user = request.getfixturevalue(role)
    second = cycle["second"]
    writes = [
        lambda: meeting_services.meeting_create(
            by=user, group=2, period=periods["2018-Q2"], held_on=datetime.date(2018, 8, 1)
        ),
        lambda: meeting_services.meeting_update(meeting=second, by=user, chair_name_ar="x"),
        lambda: meeting_services.meeting_mark_held(meeting=second, by=user),
        lambda: meeting_services.decision_save(meeting=second, by=user, text_ar="قرار"),
        lambda: meeting_services.agenda_item_save(meeting=second, by=user, order=9, title_ar="بند"),
        lambda: action_services.action_create(
            decision=cycle["first"].decisions.first(),
            by=user,
            due_on=datetime.date(2018, 9, 1),
            text_ar="x",
            owner_unit=cycle["actions"][2].owner_unit,
        ),
    ]
    for write in writes:
        with pytest.raises(Refused) as refused:
            write()
        assert refused.value.forbidden
