"""DESIGN §4 through ``scorecard()``: every rule and edge on a tiny, hand-computed programme."""

from decimal import Decimal as D

import pytest

from indicators.choices import WorkflowStatus
from indicators.models import Source
from indicators.scoring import latest_period_with_data, scorecard, scorecards
from tests.factories import (
    AxisFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeProgressFactory,
    ReportingPeriodFactory,
    SecretariatFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

APPROVED, SUBMITTED = WorkflowStatus.APPROVED, WorkflowStatus.SUBMITTED
DRAFT, RETURNED = WorkflowStatus.DRAFT, WorkflowStatus.RETURNED


@pytest.fixture
def q1():
    return ReportingPeriodFactory(year=2018, quarter=1, state="scheduled")


@pytest.fixture
def q2():
    return ReportingPeriodFactory(year=2018, quarter=2)


@pytest.fixture
def q3():
    return ReportingPeriodFactory(year=2018, quarter=3, state="scheduled")


@pytest.fixture
def taif():
    return SecretariatFactory(code="taif", group=2)


@pytest.fixture
def jazan():
    return SecretariatFactory(code="jazan", group=2)


def value(indicator, secretariat, period, amount, status=APPROVED, **kwargs):
    return IndicatorValueFactory(
        indicator=indicator, secretariat=secretariat, period=period, value=D(amount), workflow_status=status, **kwargs
    )


def progress(initiative, secretariat, period, percent, status=APPROVED, **kwargs):
    return InitiativeProgressFactory(
        initiative=initiative,
        secretariat=secretariat,
        period=period,
        percent_complete=D(percent),
        workflow_status=status,
        **kwargs,
    )


def target(indicator, secretariat, period, amount):
    return TargetFactory(indicator=indicator, secretariat=secretariat, period=period, value=D(amount))


# --- rule 1: visible values -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "counted"), [(APPROVED, True), (SUBMITTED, True), (DRAFT, False), (RETURNED, False)]
)
def test_only_submitted_and_approved_values_count(q1, taif, status, counted):
    ind = IndicatorFactory(code="m")
    target(ind, taif, q1, "80")
    value(ind, taif, q1, "60", status)
    result = scorecard(period=q1).secretariat("taif").indicators["m"]
    if counted:
        assert (result.value, result.target, result.achievement, result.status) == (
            D("60"),
            D("80"),
            D("75"),
            "at_risk",
        )
    else:
        assert (result.value, result.target, result.achievement, result.status) == (None, D("80"), None, "no_data")


def test_approved_only_drops_submitted_values(q1, taif):
    ind = IndicatorFactory(code="m")
    target(ind, taif, q1, "80")
    value(ind, taif, q1, "60", SUBMITTED)
    assert scorecard(period=q1).secretariat("taif").indicators["m"].value == D("60")
    card = scorecard(period=q1, approved_only=True)
    assert card.approved_only is True
    assert card.secretariat("taif").indicators["m"].value is None
    assert card.secretariat("taif").score is None


@pytest.mark.parametrize("status", [DRAFT, RETURNED])
def test_hidden_progress_row_falls_back_to_the_last_visible_one(q1, q2, taif, status):
    ini = InitiativeFactory(code="A-01", participants=[taif])
    progress(ini, taif, q1, "30")
    progress(ini, taif, q2, "90", status)
    assert scorecard(period=q2).progress[("A-01", "taif")] == D("30")


def test_approved_only_progress_carries_the_last_approved_row(q1, q2, taif):
    ini = InitiativeFactory(code="A-01", participants=[taif])
    progress(ini, taif, q1, "30")
    progress(ini, taif, q2, "45", SUBMITTED)
    assert scorecard(period=q2).progress[("A-01", "taif")] == D("45")
    assert scorecard(period=q2, approved_only=True).progress[("A-01", "taif")] == D("30")


# --- rule 2: cumulative progress ----------------------------------------------------------------


def test_progress_is_carried_over_a_quarter_with_no_report(q1, q2, q3, taif):
    ini = InitiativeFactory(code="A-01", participants=[taif])
    progress(ini, taif, q1, "40")
    progress(ini, taif, q3, "70")
    assert scorecard(period=q1).progress[("A-01", "taif")] == D("40")
    assert scorecard(period=q2).progress[("A-01", "taif")] == D("40")  # carried
    assert scorecard(period=q3).progress[("A-01", "taif")] == D("70")  # a later row never leaks backwards


def test_missing_progress_counts_as_zero(q1, taif, jazan):
    ini = InitiativeFactory(code="A-01", participants=[taif, jazan])
    progress(ini, taif, q1, "50")
    card = scorecard(period=q1)
    assert card.progress[("A-01", "jazan")] == D("0")
    assert card.secretariat("jazan").progress == D("0")
    assert card.axis(ini.axis.code).progress == D("25")  # (50 + 0) / 2


def test_progress_only_for_participants(q1, taif, jazan):
    InitiativeFactory(code="A-01", participants=[taif])
    card = scorecard(period=q1)
    assert set(card.progress) == {("A-01", "taif")}
    assert card.secretariat("jazan").progress is None  # rule 10: empty weighted mean


# --- rule 3: indicator values are not carried -----------------------------------------------------


def test_indicator_values_are_not_carried(q1, q2, taif):
    ind = IndicatorFactory(code="m")
    target(ind, taif, q1, "80")
    target(ind, taif, q2, "80")
    value(ind, taif, q1, "80")
    assert scorecard(period=q1).secretariat("taif").indicators["m"].status == "on_track"
    result = scorecard(period=q2).secretariat("taif").indicators["m"]
    assert (result.value, result.achievement, result.status) == (None, None, "no_data")


# --- rule 4: derived indicators -------------------------------------------------------------------


def test_derived_indicators_are_weighted_means_of_progress(q1, taif, jazan):
    all_ = IndicatorFactory(code="all", source=Source.INITIATIVES_ALL)
    led = IndicatorFactory(code="led", source=Source.INITIATIVES_LED)
    heavy = InitiativeFactory(code="A-01", weight=D("3"), lead_secretariat=taif, participants=[taif, jazan])
    light = InitiativeFactory(code="A-02", weight=D("1"), participants=[taif])
    ministry_led = InitiativeFactory(code="B-01", weight=D("1"), participants=[jazan])
    progress(heavy, taif, q1, "60")
    progress(light, taif, q1, "20")
    progress(heavy, jazan, q1, "10")
    progress(ministry_led, jazan, q1, "50")
    for ind in (all_, led):
        for sec in (taif, jazan):
            target(ind, sec, q1, "50")

    card = scorecard(period=q1)
    taif_ = card.secretariat("taif")
    assert taif_.indicators["all"].value == D("50")  # (3·60 + 1·20) / 4
    assert taif_.progress == D("50")
    assert taif_.indicators["all"].achievement == D("100")
    assert taif_.indicators["led"].value == D("60")  # only A-01 is led by Taif
    jazan_ = card.secretariat("jazan")
    assert jazan_.indicators["all"].value == D("20")  # (3·10 + 1·50) / 4
    # Jazan leads nothing: null, not zero, and it does not drag the score down.
    assert jazan_.indicators["led"] == type(jazan_.indicators["led"])(
        value=None, target=D("50"), achievement=None, status="no_data"
    )
    assert jazan_.score == D("40")  # only "all": 100·20/50


def test_derived_indicator_ignores_a_typed_value(q1, taif):
    ind = IndicatorFactory(code="all", source=Source.INITIATIVES_ALL)
    ini = InitiativeFactory(code="A-01", participants=[taif])
    progress(ini, taif, q1, "30")
    value(ind, taif, q1, "99")
    assert scorecard(period=q1).secretariat("taif").indicators["all"].value == D("30")


def test_derived_indicator_uses_carried_progress(q1, q2, taif):
    IndicatorFactory(code="all", source=Source.INITIATIVES_ALL)
    ini = InitiativeFactory(code="A-01", participants=[taif])
    progress(ini, taif, q1, "35")
    assert scorecard(period=q2).secretariat("taif").indicators["all"].value == D("35")


# --- rule 5 through the scorecard: polarity -------------------------------------------------------


def test_lower_is_better_with_zero_value_is_100(q1, taif):
    ind = IndicatorFactory(code="days", polarity="lower_better")
    target(ind, taif, q1, "7")
    value(ind, taif, q1, "0")
    result = scorecard(period=q1).secretariat("taif").indicators["days"]
    assert (result.achievement, result.status) == (D("100"), "on_track")


def test_lower_is_better_and_clipping_through_the_scorecard(q1, taif, jazan):
    days = IndicatorFactory(code="days", polarity="lower_better")
    target(days, taif, q1, "6")
    value(days, taif, q1, "8")
    target(days, jazan, q1, "6")
    value(days, jazan, q1, "2")
    card = scorecard(period=q1)
    assert card.secretariat("taif").indicators["days"].achievement == D("75")
    assert card.secretariat("jazan").indicators["days"].achievement == D("100")  # 300 clipped


def test_no_target_is_no_data(q1, taif):
    IndicatorFactory(code="m")
    value(IndicatorFactory(code="m"), taif, q1, "50")
    result = scorecard(period=q1).secretariat("taif").indicators["m"]
    assert (result.value, result.target, result.achievement, result.status) == (D("50"), None, None, "no_data")


# --- rule 6 through the scorecard: thresholds per indicator -------------------------------------


def test_status_uses_each_indicators_own_thresholds(q1, taif):
    strict = IndicatorFactory(code="strict")  # 90 / 70
    lenient = IndicatorFactory(code="lenient", green_at=D("80"), amber_at=D("50"))
    for ind in (strict, lenient):
        target(ind, taif, q1, "100")
        value(ind, taif, q1, "85")
    indicators = scorecard(period=q1).secretariat("taif").indicators
    assert indicators["strict"].status == "at_risk"
    assert indicators["lenient"].status == "on_track"


# --- rule 7: weighted score -------------------------------------------------------------------------


def test_score_is_the_weighted_mean_of_non_null_achievements(q1, taif):
    light = IndicatorFactory(code="light", weight=D("1"))
    heavy = IndicatorFactory(code="heavy", weight=D("3"))
    empty = IndicatorFactory(code="empty", weight=D("5"))  # no value: left out, not counted as 0
    target(light, taif, q1, "50")
    value(light, taif, q1, "50")  # 100
    target(heavy, taif, q1, "100")
    value(heavy, taif, q1, "60")  # 60
    target(empty, taif, q1, "10")
    assert scorecard(period=q1).secretariat("taif").score == D("70")  # (100 + 180) / 4


def test_score_is_null_without_any_achievement(q1, taif):
    ind = IndicatorFactory(code="m")
    value(ind, taif, q1, "50")  # no target
    summary = scorecard(period=q1).secretariat("taif")
    assert summary.score is None
    assert summary.rank is None


# --- rule 8: rank within the group --------------------------------------------------------------------


def test_ties_share_a_rank_and_null_is_unranked(q1):
    ind = IndicatorFactory(code="m")
    scores = {"a": "90", "b": "80", "c": "80", "d": "70", "e": None}
    for code, amount in scores.items():
        sec = SecretariatFactory(code=code, group=2)
        target(ind, sec, q1, "100")
        if amount:
            value(ind, sec, q1, amount)
    other = SecretariatFactory(code="z", group=3)
    target(ind, other, q1, "100")
    value(ind, other, q1, "10")

    card = scorecard(period=q1)
    assert [(s.secretariat.code, s.rank, s.score) for s in card.secretariats] == [
        ("a", 1, D("90")),
        ("b", 2, D("80")),
        ("c", 2, D("80")),
        ("d", 4, D("70")),
        ("e", None, None),
        ("z", 1, D("10")),  # ranked in its own group
    ]
    group_two = scorecard(period=q1, group=2)
    assert group_two.group == 2
    assert [s.secretariat.code for s in group_two.secretariats] == ["a", "b", "c", "d", "e"]
    assert scorecard(period=q1, group=3).secretariat("z").rank == 1


def test_ties_are_decided_on_unrounded_scores(q1):
    ind = IndicatorFactory(code="m")
    for code, amount in {"a": "2", "b": "2.0001"}.items():
        sec = SecretariatFactory(code=code, group=2)
        target(ind, sec, q1, "3")
        value(ind, sec, q1, amount)
    card = scorecard(period=q1)
    assert [(s.secretariat.code, s.rank) for s in card.secretariats] == [("b", 1), ("a", 2)]


# --- rule 9: axis progress ------------------------------------------------------------------------------


def test_axis_progress_per_secretariat_and_overall(q1, taif, jazan):
    axis_a, axis_b = AxisFactory(code="A"), AxisFactory(code="B")
    AxisFactory(code="C")  # no initiative at all
    far = SecretariatFactory(code="far", group=3)
    one = InitiativeFactory(code="A-01", axis=axis_a, weight=D("1"), participants=[taif, jazan])
    three = InitiativeFactory(code="A-02", axis=axis_a, weight=D("3"), participants=[taif, far])
    b = InitiativeFactory(code="B-01", axis=axis_b, participants=[jazan])
    progress(one, taif, q1, "20")
    progress(three, taif, q1, "60")
    progress(one, jazan, q1, "40")
    progress(three, far, q1, "100")
    progress(b, jazan, q1, "10")

    card = scorecard(period=q1)
    assert card.secretariat("taif").axes == {"A": D("50"), "B": None, "C": None}  # (20 + 3·60) / 4
    assert card.secretariat("jazan").axes == {"A": D("40"), "B": D("10"), "C": None}
    axis = card.axis("A")
    assert axis.progress == D("67.5")  # (20 + 180 + 40 + 300) / 8
    assert axis.secretariats == {"taif": D("50"), "jazan": D("40"), "far": D("100")}
    assert card.axis("C").progress is None
    assert card.axis("C").secretariats == {}
    assert [a.axis.code for a in card.axes] == ["A", "B", "C"]

    group_two = scorecard(period=q1, group=2).axis("A")
    assert group_two.progress == D("48")  # (20 + 180 + 40) / 5: the group-3 pair is out of scope
    assert group_two.secretariats == {"taif": D("50"), "jazan": D("40")}


# --- is_demo and the default period ----------------------------------------------------------------------


def test_is_demo_follows_the_figures(q1, q2, taif):
    ind = IndicatorFactory(code="m")
    value(ind, taif, q1, "50", is_demo=True)
    value(ind, taif, q2, "50")
    cards = scorecards(periods=[q1, q2])
    assert cards[q1.pk].is_demo is True
    assert cards[q2.pk].is_demo is False


def test_progress_carried_from_a_demo_row_is_demo(q1, q2, q3, taif):
    ini = InitiativeFactory(code="A-01", participants=[taif])
    progress(ini, taif, q1, "20", is_demo=True)
    progress(ini, taif, q2, "40")
    cards = scorecards(periods=[q1, q2, q3])
    # q1 shows its own seeded row; q2 a real one; q3 carries q2's real row forward.
    assert [cards[p.pk].is_demo for p in (q1, q2, q3)] == [True, False, False]


def test_a_quarter_that_only_carries_seeded_progress_is_demo(q1, q2, taif):
    ini = InitiativeFactory(code="A-01", participants=[taif])
    progress(ini, taif, q1, "33.33", is_demo=True)
    card = scorecard(period=q2)
    assert card.progress[("A-01", "taif")] == D("33.33")
    assert card.is_demo is True


def test_scorecards_match_scorecard(q1, q2, taif):
    ind = IndicatorFactory(code="m")
    ini = InitiativeFactory(code="A-01", participants=[taif])
    target(ind, taif, q1, "80")
    value(ind, taif, q1, "40")
    progress(ini, taif, q1, "25")
    cards = scorecards(periods=[q1, q2])
    assert set(cards) == {q1.pk, q2.pk}
    for period in (q1, q2):
        single = scorecard(period=period)
        assert cards[period.pk].secretariats == single.secretariats
        assert cards[period.pk].progress == single.progress


def test_latest_period_with_data_ignores_drafts(q1, q2, q3, taif):
    ind = IndicatorFactory(code="m")
    assert latest_period_with_data() is None
    value(ind, taif, q1, "50")
    value(ind, taif, q3, "50", DRAFT)
    assert latest_period_with_data() == q1
    ini = InitiativeFactory(code="A-01", participants=[taif])
    progress(ini, taif, q2, "10", SUBMITTED)
    assert latest_period_with_data() == q2
    assert latest_period_with_data(approved_only=True) == q1
