"""Plan against actual: variance, the computed schedule status at its boundaries, the sentence, the pages."""

from decimal import Decimal

import pytest
from django.utils import translation

from dashboards.plans import disagreement, plan_rows
from indicators.choices import WorkflowStatus
from indicators.models import ReportedStatus
from initiatives import plans
from initiatives.models import PlannedProgress
from tests.factories import (
    InitiativeFactory,
    InitiativeProgressFactory,
    ReportingPeriodFactory,
    SecretariatFactory,
)

D = Decimal


def test_variance_is_actual_minus_planned_in_points():
    assert plans.variance(actual=D("40"), planned=D("67")) == D("-27")
    assert plans.variance(actual=D("80"), planned=D("75.5")) == D("4.5")
    # No visible report yet counts 0 (DESIGN §4 rule 2): as far behind as the plan.
    assert plans.variance(actual=None, planned=D("30")) == D("-30")
    assert plans.variance(actual=D("50"), planned=None) is None


@pytest.mark.parametrize(
    ("variance", "status"),
    [
        (D("5"), plans.ON_PLAN),
        (D("0"), plans.ON_PLAN),
        (D("-10"), plans.ON_PLAN),  # exactly 10 behind: not *more than* 10
        (D("-10.01"), plans.BEHIND),
        (D("-25"), plans.BEHIND),  # exactly 25 behind: still only behind
        (D("-25.01"), plans.FAR_BEHIND),
        (D("-100"), plans.FAR_BEHIND),
        (None, plans.NO_PLAN),
    ],
)
def test_schedule_status_with_the_default_thresholds(variance, status):
    assert plans.schedule_status(variance=variance) == status


def test_schedule_status_takes_the_initiatives_own_thresholds(db):
    strict = InitiativeFactory(code="S-01", behind_after=D("5"), far_behind_after=D("8"))
    assert plans.status_for(strict, D("-5")) == plans.ON_PLAN
    assert plans.status_for(strict, D("-6")) == plans.BEHIND
    assert plans.status_for(strict, D("-8.5")) == plans.FAR_BEHIND
    default = InitiativeFactory(code="S-02")
    assert (default.behind_after, default.far_behind_after) == (10, 25)
    assert plans.status_for(default, D("-8.5")) == plans.ON_PLAN


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "reported on track, 27 points behind plan"),
        ("ar", "أُبلغ أنها على المسار، لكنها متأخرة 27 نقطة عن الخطة"),
    ],
)
def test_the_disagreement_in_words(language, expected):
    with translation.override(language):
        assert disagreement(reported=ReportedStatus.ON_TRACK, schedule=plans.FAR_BEHIND, variance=D("-27")) == expected


def test_the_sentence_in_english_singular_and_completed():
    with translation.override("en"):
        assert (
            disagreement(reported=ReportedStatus.COMPLETED, schedule=plans.BEHIND, variance=D("-11.5"))
            == "reported completed, 11.5 points behind plan"
        )


@pytest.mark.parametrize(
    ("reported", "schedule", "variance"),
    [
        (ReportedStatus.ON_TRACK, plans.ON_PLAN, D("-10")),  # on track and within the tolerance: they agree
        (ReportedStatus.DELAYED, plans.FAR_BEHIND, D("-30")),  # a worried report that the plan confirms
        (ReportedStatus.AT_RISK, plans.ON_PLAN, D("5")),  # caution ahead of plan is not a contradiction
        (ReportedStatus.ON_TRACK, plans.NO_PLAN, None),
        (None, plans.FAR_BEHIND, D("-40")),  # nothing reported
    ],
)
def test_no_sentence_when_they_do_not_contradict(reported, schedule, variance):
    assert disagreement(reported=reported, schedule=schedule, variance=variance) is None


@pytest.fixture
def quarters(db):
    return {
        key: ReportingPeriodFactory(year=year, quarter=quarter, state="scheduled")
        for key, (year, quarter) in {"q3": (2017, 3), "q4": (2017, 4), "q1": (2018, 1)}.items()
    }


def test_plan_rows_carry_the_plan_and_the_progress(quarters):
    taif, jazan = SecretariatFactory(code="taif"), SecretariatFactory(code="jazan")
    a01 = InitiativeFactory(code="A-01", participants=[taif, jazan])
    # Taif: reported on track at 40 in Q4 (carried into Q1), planned 67 from Q4 (carried into Q1).
    InitiativeProgressFactory(
        initiative=a01, secretariat=taif, period=quarters["q4"], percent_complete=D("40"), status="on_track"
    )
    PlannedProgress.objects.create(initiative=a01, secretariat=taif, period=quarters["q3"], planned_percent=D("20"))
    PlannedProgress.objects.create(initiative=a01, secretariat=taif, period=quarters["q4"], planned_percent=D("67"))
    # Jazan: a draft does not count (rule 1), so its actual is none (0) against a plan of 10.
    InitiativeProgressFactory(
        initiative=a01,
        secretariat=jazan,
        period=quarters["q1"],
        percent_complete=D("90"),
        workflow_status=WorkflowStatus.DRAFT,
    )
    PlannedProgress.objects.create(initiative=a01, secretariat=jazan, period=quarters["q1"], planned_percent=D("10"))
    rows = {r.secretariat.code: r for r in plan_rows(period=quarters["q1"], initiative=a01)}
    taif_row, jazan_row = rows["taif"], rows["jazan"]
    assert (taif_row.actual, taif_row.planned, taif_row.variance) == (D("40"), D("67"), D("-27"))
    assert taif_row.schedule == plans.FAR_BEHIND
    with translation.override("en"):
        assert taif_row.disagreement == "reported on track, 27 points behind plan"
    assert (jazan_row.actual, jazan_row.planned, jazan_row.variance) == (None, D("10"), D("-10"))
    assert jazan_row.schedule == plans.ON_PLAN
    assert jazan_row.disagreement is None
    # Before any plan: no plan, no status.
    early = {r.secretariat.code: r for r in plan_rows(period=quarters["q3"], initiative=a01)}
    assert early["jazan"].schedule == plans.NO_PLAN and early["taif"].planned == D("20")


def test_the_plan_percent_is_checked_by_the_database(quarters):
    from django.db import IntegrityError

    taif = SecretariatFactory(code="taif")
    a01 = InitiativeFactory(code="A-01", participants=[taif])
    with pytest.raises(IntegrityError):
        PlannedProgress.objects.create(initiative=a01, secretariat=taif, period=quarters["q1"], planned_percent=101)
