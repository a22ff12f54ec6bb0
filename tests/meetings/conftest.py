"""Fixtures of the review cycle: a group's meetings, their decisions and actions, built through the services."""

import datetime

import pytest

from meetings.models import ActionStatus, MinistryUnit
from meetings.services import actions as action_services
from meetings.services import meetings as meeting_services
from tests.factories import ReportingPeriodFactory, SecretariatFactory


@pytest.fixture
def unit(db):
    return MinistryUnit.objects.create(
        code="goal-achievement-center", name_ar="مركز تحقيق الأهداف", name_en="Goal Achievement Center"
    )


@pytest.fixture
def periods(db):
    """2017-Q4 and 2018-Q1, closed; 2018-Q2 open."""
    return {
        "2017-Q4": ReportingPeriodFactory(year=2017, quarter=4, state="scheduled"),
        "2018-Q1": ReportingPeriodFactory(year=2018, quarter=1, state="scheduled"),
        "2018-Q2": ReportingPeriodFactory(year=2018, quarter=2),
    }


@pytest.fixture
def plan(reviewer):
    """``plan(group=2, period=…)`` plans the group's next meeting through the service."""

    def make(*, period, group: int = 2, held_on=datetime.date(2018, 5, 9), host=None, **fields):
        return meeting_services.meeting_create(
            by=reviewer, group=group, period=period, held_on=held_on, host=host, **fields
        )

    return make


@pytest.fixture
def decide(reviewer):
    """``decide(meeting, [(owner, due_on, status), …])`` records a decision with those actions."""

    def make(meeting, actions, *, text_ar="قرار", text_en="A decision"):
        decision = meeting_services.decision_save(meeting=meeting, by=reviewer, text_ar=text_ar, text_en=text_en)
        made = []
        for n, (owner, due_on, status) in enumerate(actions):
            owner_field = "owner_unit" if isinstance(owner, MinistryUnit) else "owner_secretariat"
            action = action_services.action_create(
                decision=decision, by=reviewer, due_on=due_on, text_ar=f"إجراء {n}", **{owner_field: owner}
            )
            if status != ActionStatus.OPEN:
                action_services.action_update(
                    action=action,
                    by=reviewer,
                    status=status,
                    drop_reason="لم يعد لازماً" if status == ActionStatus.DROPPED else "",
                )
                action.refresh_from_db()
            made.append(action)
        return decision, made

    return make


@pytest.fixture
def cycle(periods, plan, decide, secretariat, other_secretariat, unit, reviewer):
    """Meeting 1 of group 2 (2017-Q4, held) with five actions, and meeting 2 (2018-Q1) planned after it.

    Meeting 1's actions: Taif open and overdue, Jazan in progress, the center open, one done, one dropped.
    """
    first = plan(period=periods["2017-Q4"], held_on=datetime.date(2018, 1, 24), host=other_secretariat)
    due = datetime.date(2018, 3, 31)
    _decision, actions = decide(
        first,
        [
            (secretariat, due, ActionStatus.OPEN),
            (other_secretariat, datetime.date(2099, 1, 1), ActionStatus.IN_PROGRESS),
            (unit, datetime.date(2099, 1, 1), ActionStatus.OPEN),
            (secretariat, due, ActionStatus.DONE),
            (other_secretariat, due, ActionStatus.DROPPED),
        ],
    )
    first = meeting_services.meeting_mark_held(meeting=first, by=reviewer)
    second = plan(period=periods["2018-Q1"], host=secretariat)
    return {"first": first, "second": second, "actions": actions}


@pytest.fixture
def group_one(db):
    return SecretariatFactory(
        code="riyadh", name_ar="أمانة منطقة الرياض", name_en="Riyadh Region Municipality", group=1
    )
