"""Follow-up actions: statuses, progress notes with who and when, dropping with a reason, overdue in words."""

import datetime
import re

import pytest
from django.utils import translation

from madinati.errors import Refused
from meetings.models import Action, ActionStatus
from meetings.selectors import secretariat_open_actions
from meetings.services import actions as action_services

pytestmark = pytest.mark.django_db


def test_dropping_an_action_needs_a_reason(cycle, reviewer):
    action = cycle["actions"][0]
    with pytest.raises(Refused) as refused:
        action_services.action_update(action=action, by=reviewer, status=ActionStatus.DROPPED, note="لا حاجة")
    assert refused.value.field == "drop_reason"
    action_services.action_update(action=action, by=reviewer, status=ActionStatus.DROPPED, drop_reason="أُلغيت المبادرة")
    action.refresh_from_db()
    assert (action.status, action.drop_reason) == (ActionStatus.DROPPED, "أُلغيت المبادرة")


def test_an_update_needs_a_note_or_a_new_status(cycle, reviewer):
    with translation.override("en"), pytest.raises(Refused, match="note"):
        action_services.action_update(action=cycle["actions"][0], by=reviewer, status=ActionStatus.OPEN)


def test_every_update_leaves_a_note_and_a_history_record(cycle, officer):
    action = cycle["actions"][0]
    action_services.action_update(action=action, by=officer, status=ActionStatus.IN_PROGRESS, note="بدأنا")
    action_services.action_update(action=action, by=officer, status=ActionStatus.IN_PROGRESS, note="نصف الطريق")
    notes = list(action.notes.order_by("at", "id").values_list("by__username", "status", "text"))
    assert notes == [
        ("taif-officer", ActionStatus.IN_PROGRESS, "بدأنا"),
        ("taif-officer", ActionStatus.IN_PROGRESS, "نصف الطريق"),
    ]
    latest = action.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == officer and latest.status == ActionStatus.IN_PROGRESS


def test_an_action_has_exactly_one_owner(cycle, reviewer, secretariat, unit):
    decision = cycle["first"].decisions.first()
    for owners in ({}, {"owner_secretariat": secretariat, "owner_unit": unit}):
        with pytest.raises(Refused) as refused:
            action_services.action_create(
                decision=decision, by=reviewer, due_on=datetime.date(2018, 9, 1), text_ar="إجراء", **owners
            )
        assert refused.value.field == "owner"


def test_overdue_is_said_in_words_on_the_pages(viewer_client, cycle):
    overdue, later = cycle["actions"][0], cycle["actions"][1]
    assert overdue.is_overdue and not later.is_overdue
    html = viewer_client.get("/actions/").content.decode()
    rows = dict(re.findall(r'<tr data-action="(\d+)">(.*?)</tr>', html, flags=re.S))
    assert "Overdue" in rows[str(overdue.pk)] or "متأخر" in rows[str(overdue.pk)]
    assert 'data-testid="overdue"' in rows[str(overdue.pk)]
    assert 'data-testid="overdue"' not in rows[str(later.pk)]
    # Done and dropped actions are never overdue, even past their date.
    assert 'data-testid="overdue"' not in rows[str(cycle["actions"][3].pk)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {0, 1, 2, 3, 4}),
        ("?overdue=true", {0}),
        ("?overdue=false", {1, 2, 3, 4}),
        ("?status=open", {0, 2}),
        ("?owner=taif", {0, 3}),
        ("?owner=goal-achievement-center", {2}),
        ("?group=2&status=in_progress", {1}),
        ("?group=1", set()),
    ],
)
def test_the_action_list_filters(viewer_client, cycle, query, expected):
    html = viewer_client.get(f"/actions/{query}").content.decode()
    shown = {int(pk) for pk in re.findall(r'<tr data-action="(\d+)">', html)}
    assert shown == {cycle["actions"][n].pk for n in expected}


@pytest.mark.parametrize("query", ["?overdue=maybe", "?owner=nowhere", "?status=late", "?group=x", "?meeting=-1"])
def test_a_malformed_filter_is_a_400_never_ignored(viewer_client, cycle, query):
    assert viewer_client.get(f"/actions/{query}").status_code == 400


def test_the_secretariat_widget_lists_its_open_actions(cycle, secretariat):
    assert [a.pk for a in secretariat_open_actions(secretariat)] == [cycle["actions"][0].pk]
    Action.objects.filter(pk=cycle["actions"][0].pk).update(status=ActionStatus.DONE)
    assert secretariat_open_actions(secretariat) == []
