"""The next meeting of a group lists every action of earlier meetings still open when it was planned."""

import datetime

import pytest

from meetings.models import ActionStatus, AgendaKind, CarriedAction
from meetings.services import actions as action_services
from meetings.services import meetings as meeting_services

pytestmark = pytest.mark.django_db


def carried_ids(meeting):
    return set(CarriedAction.objects.filter(meeting=meeting).values_list("action_id", flat=True))


def test_open_and_in_progress_actions_are_carried_done_and_dropped_are_not(cycle):
    open_taif, in_progress_jazan, open_center, done, dropped = cycle["actions"]
    assert carried_ids(cycle["second"]) == {open_taif.pk, in_progress_jazan.pk, open_center.pk}
    statuses = dict(
        CarriedAction.objects.filter(meeting=cycle["second"]).values_list("action_id", "status_when_planned")
    )
    assert statuses == {
        open_taif.pk: ActionStatus.OPEN,
        in_progress_jazan.pk: ActionStatus.IN_PROGRESS,
        open_center.pk: ActionStatus.OPEN,
    }


def test_the_agenda_has_a_follow_up_item_after_the_chairs_address(cycle):
    kinds = list(cycle["second"].agenda_items.order_by("order").values_list("kind", flat=True))
    assert kinds == [
        AgendaKind.WELCOME,
        AgendaKind.ADDRESS,
        AgendaKind.FOLLOW_UP,
        AgendaKind.TARGETS,
        AgendaKind.INDICATORS,
        AgendaKind.INITIATIVES,
        AgendaKind.WORKSHOPS,
    ]
    # The first meeting carried nothing, so its agenda is the report's order without a follow-up item.
    assert not cycle["first"].agenda_items.filter(kind=AgendaKind.FOLLOW_UP).exists()


def test_the_list_is_fixed_when_the_meeting_is_planned(cycle, reviewer):
    open_taif = cycle["actions"][0]
    action_services.action_update(action=open_taif, by=reviewer, status=ActionStatus.DONE, note="أُنجز")
    # Still on the second meeting's list (it was open when planned), now shown as done.
    carried = CarriedAction.objects.select_related("action").get(meeting=cycle["second"], action=open_taif)
    assert carried.status_when_planned == ActionStatus.OPEN
    assert carried.action.status == ActionStatus.DONE


def test_a_third_meeting_carries_what_is_still_open_from_both(cycle, plan, decide, periods, secretariat, reviewer):
    open_taif, in_progress_jazan, open_center, _done, _dropped = cycle["actions"]
    action_services.action_update(action=open_taif, by=reviewer, status=ActionStatus.DONE, note="أُنجز")
    _decision, (new_action,) = decide(cycle["second"], [(secretariat, datetime.date(2018, 7, 31), ActionStatus.OPEN)])
    third = plan(period=periods["2018-Q2"])
    assert carried_ids(third) == {in_progress_jazan.pk, open_center.pk, new_action.pk}


def test_other_groups_actions_are_not_carried(cycle, plan, periods, group_one):
    other = plan(period=periods["2018-Q1"], group=1)
    assert carried_ids(other) == set()
    assert not other.agenda_items.filter(kind=AgendaKind.FOLLOW_UP).exists()


def test_the_minutes_record_what_was_said_about_each_carried_action(cycle, reviewer, reviewer_client):
    carried = CarriedAction.objects.filter(meeting=cycle["second"]).first()
    meeting_services.carried_note_save(
        carried=carried, by=reviewer, note_ar="التزمت الأمانة بإنجازه", note_en="Committed"
    )
    html = reviewer_client.get(f"/meetings/{cycle['second'].pk}/").content.decode()
    assert "التزمت الأمانة بإنجازه" in html
    assert html.count('data-testid="carried-actions"') == 1


def test_meeting_numbers_follow_the_groups_series(cycle, plan, periods):
    assert (cycle["first"].number, cycle["second"].number) == (1, 2)
    assert plan(period=periods["2018-Q2"]).number == 3
