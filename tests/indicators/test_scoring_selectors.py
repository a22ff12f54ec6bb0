"""DESIGN §4 rule 2 as a query (``indicators.selectors``), checked against the rule written out in Python."""

import random
from decimal import Decimal as D

import pytest

from indicators.choices import VISIBLE_STATUSES, WorkflowStatus
from indicators.models import InitiativeProgress
from indicators.selectors import carried_progress, latest_visible_progress
from initiatives.models import Participation
from tests.factories import (
    InitiativeFactory,
    InitiativeProgressFactory,
    ReportingPeriodFactory,
    SecretariatFactory,
)

pytestmark = pytest.mark.django_db

STATUSES = list(WorkflowStatus.values)


@pytest.fixture
def history():
    """Four quarters, two groups, rows in every workflow state, gaps, and one pair that never reported."""
    rng = random.Random(11)
    periods = [ReportingPeriodFactory(year=2018, quarter=q, state="scheduled") for q in (1, 2, 3, 4)]
    secretariats = [SecretariatFactory(code=f"s{i}", group=1 + i % 2) for i in range(4)]
    initiatives = [InitiativeFactory(code=f"I-{k}", participants=secretariats[k:]) for k in range(3)]
    for initiative in initiatives:
        for secretariat in initiative.participants.all():
            if (initiative.code, secretariat.code) == ("I-2", "s3"):
                continue  # never reported: carried as nothing
            for period in periods:
                if rng.random() < 0.3:
                    continue
                InitiativeProgressFactory(
                    initiative=initiative,
                    secretariat=secretariat,
                    period=period,
                    percent_complete=D(rng.randint(0, 100)),
                    quantity_achieved=D(rng.randint(0, 9)),
                    workflow_status=rng.choice(STATUSES),
                    is_demo=rng.random() < 0.5,
                )
    return {"periods": periods, "secretariats": secretariats, "initiatives": initiatives}


def by_hand(*, period, statuses, strictly_before=False):
    """Rule 2 in Python: (initiative id, secretariat id) → its latest visible row at or before (or before) the period."""
    latest = {}
    for row in InitiativeProgress.objects.order_by("period_id"):
        visible = row.workflow_status in statuses
        in_time = row.period_id < period.pk if strictly_before else row.period_id <= period.pk
        if visible and in_time:
            latest[(row.initiative_id, row.secretariat_id)] = row
    return latest


@pytest.mark.parametrize("statuses", [VISIBLE_STATUSES, (WorkflowStatus.APPROVED,)])
@pytest.mark.parametrize("strictly_before", [False, True])
def test_latest_visible_progress_is_rule_two(history, statuses, strictly_before):
    for period in history["periods"]:
        expected = by_hand(period=period, statuses=statuses, strictly_before=strictly_before)
        rows = latest_visible_progress(period=period, statuses=statuses, strictly_before=strictly_before)
        assert {(r.initiative_id, r.secretariat_id): r for r in rows} == expected


@pytest.mark.parametrize("statuses", [VISIBLE_STATUSES, (WorkflowStatus.APPROVED,)])
def test_carried_progress_gives_every_pair_its_rule_two_row(history, statuses):
    pairs = set(Participation.objects.values_list("initiative_id", "secretariat_id"))
    for period in history["periods"]:
        expected = by_hand(period=period, statuses=statuses)
        carried = carried_progress(
            period=period, statuses=statuses, fields=("percent_complete", "quantity_achieved", "is_demo")
        )
        got = {
            (p.initiative_id, p.secretariat_id): (
                p.carried_percent_complete,
                p.carried_quantity_achieved,
                p.carried_is_demo,
            )
            for p in carried
        }
        assert set(got) == pairs  # a pair with no visible row is still there
        for pair in pairs:
            row = expected.get(pair)
            assert got[pair] == (
                (row.percent_complete, row.quantity_achieved, row.is_demo) if row else (None, None, None)
            )


def test_the_scopes_narrow_the_pairs_not_the_rule(history):
    q4 = history["periods"][-1]
    s1 = history["secretariats"][1]
    i1 = history["initiatives"][1]
    everything = by_hand(period=q4, statuses=VISIBLE_STATUSES)

    def keys(rows):
        return {(r.initiative_id, r.secretariat_id) for r in rows}

    assert keys(latest_visible_progress(period=q4, secretariat=s1)) == {k for k in everything if k[1] == s1.pk}
    assert keys(latest_visible_progress(period=q4, initiative=i1)) == {k for k in everything if k[0] == i1.pk}
    group_one = {s.pk for s in history["secretariats"] if s.group == 1}
    assert keys(latest_visible_progress(period=q4, group=1)) == {k for k in everything if k[1] in group_one}
    assert {(p.initiative_id, p.secretariat_id) for p in carried_progress(period=q4, group=1, initiative=i1)} == {
        (i1.pk, s.pk) for s in i1.participants.all() if s.group == 1
    }


def test_one_query_each_whatever_the_history(history, django_assert_num_queries):
    q4 = history["periods"][-1]
    with django_assert_num_queries(1):
        list(carried_progress(period=q4, fields=("percent_complete", "is_demo")))
    with django_assert_num_queries(1):
        list(latest_visible_progress(period=q4, secretariat=history["secretariats"][0]).select_related("period"))
