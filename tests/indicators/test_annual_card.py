"""The year to date (issue 15): DESIGN §4 applied to the year's figure against the annual target."""

from decimal import Decimal

import pytest

from indicators.annual import annual_card, compute_annual_card
from indicators.choices import WorkflowStatus
from indicators.groups import national_ranks
from indicators.models import AnnualTarget, AxisYearTarget, Source, Unit
from tests.factories import (
    AxisFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeProgressFactory,
    ReportingPeriodFactory,
    SecretariatFactory,
)
from tests.scoring_counts import SINGLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    """2017 (four quarters) and 2018 (two); indicators of each rule; two secretariats in group 2, one in group 1."""
    periods = {
        (y, q): ReportingPeriodFactory(year=y, quarter=q, state="scheduled")
        for y, q in [(2017, 1), (2017, 2), (2017, 3), (2017, 4), (2018, 1), (2018, 2)]
    }
    axis = AxisFactory(code="B")
    a = SecretariatFactory(code="a", group=2)
    b = SecretariatFactory(code="b", group=2)
    c = SecretariatFactory(code="c", group=1)
    indicators = {
        "revenue": IndicatorFactory(code="revenue", unit=Unit.SAR, sort_order=1),
        "days": IndicatorFactory(code="days", unit=Unit.DAYS, polarity="lower_better", sort_order=2),
        "share": IndicatorFactory(code="share", unit=Unit.PERCENT, sort_order=3),
        "progress": IndicatorFactory(code="progress", source=Source.INITIATIVES_ALL, sort_order=4),
    }
    initiative = InitiativeFactory(code="B-01", axis=axis, participants=[a, b, c])
    return {"periods": periods, "a": a, "b": b, "c": c, "axis": axis, "initiative": initiative, **indicators}


def value(fixture, code, secretariat, key, amount, status=WorkflowStatus.APPROVED):
    return IndicatorValueFactory(
        indicator=fixture[code],
        secretariat=fixture[secretariat],
        period=fixture["periods"][key],
        value=Decimal(amount),
        workflow_status=status,
    )


def target(fixture, code, secretariat, amount, year=2017):
    return AnnualTarget.objects.create(
        indicator=fixture[code], secretariat=fixture[secretariat], year=year, value=Decimal(amount)
    )


def test_year_to_date_sum_is_measured_against_the_whole_years_target(year):
    value(year, "revenue", "a", (2018, 1), "25")
    target(year, "revenue", "a", "100", year=2018)
    card = annual_card(year=2018)
    result = card.secretariat("a").indicators["revenue"]
    assert card.through.key == "2018-Q1"
    assert (result.value, result.target, result.achievement, result.status) == (
        Decimal("25"),
        Decimal("100"),
        Decimal("25"),
        "off_track",
    )
    assert (result.rule, result.quarters) == ("sum", 1)


def test_a_full_year_sums_its_quarters_and_clips_at_100(year):
    for q, amount in [(1, "30"), (2, "30"), (3, "30"), (4, "30")]:
        value(year, "revenue", "a", (2017, q), amount)
    value(year, "revenue", "a", (2018, 1), "1000")  # another year's quarter never counts
    target(year, "revenue", "a", "100")
    result = annual_card(year=2017).secretariat("a").indicators["revenue"]
    assert result.value == Decimal("120")
    assert result.achievement == Decimal("100")
    assert result.status == "on_track"


def test_lower_is_better_takes_the_mean_of_the_quarters(year):
    value(year, "days", "a", (2017, 1), "10")
    value(year, "days", "a", (2017, 2), "8")
    target(year, "days", "a", "6")
    result = annual_card(year=2017).secretariat("a").indicators["days"]
    assert result.value == Decimal("9")
    assert result.achievement == Decimal("100") * 6 / 9  # 100·t/v, unrounded
    assert result.status == "off_track"  # 66.67 < 70


def test_lower_is_better_at_zero_is_full_achievement(year):
    value(year, "days", "a", (2017, 1), "0")
    target(year, "days", "a", "5")
    assert annual_card(year=2017).secretariat("a").indicators["days"].achievement == Decimal("100")


def test_a_percentage_takes_the_latest_quarter_reported(year):
    value(year, "share", "a", (2017, 1), "95")
    value(year, "share", "a", (2017, 3), "72")
    target(year, "share", "a", "80")
    result = annual_card(year=2017).secretariat("a").indicators["share"]
    assert result.value == Decimal("72")
    assert result.achievement == Decimal("90")
    assert result.status == "on_track"  # exactly green_at


@pytest.mark.parametrize("amount", [None, "0"])
def test_no_annual_target_or_a_zero_one_is_no_data(year, amount):
    value(year, "share", "a", (2017, 1), "50")
    value(year, "revenue", "a", (2017, 1), "50")
    target(year, "revenue", "a", "100")
    if amount is not None:
        target(year, "share", "a", amount)
    summary = annual_card(year=2017).secretariat("a")
    assert summary.indicators["share"].value == Decimal("50")
    assert summary.indicators["share"].achievement is None
    assert summary.indicators["share"].status == "no_data"
    assert summary.score == Decimal("50")  # only the achievement there is


def test_only_visible_figures_count(year):
    value(year, "revenue", "a", (2017, 1), "10")
    value(year, "revenue", "a", (2017, 2), "20", status=WorkflowStatus.SUBMITTED)
    value(year, "revenue", "a", (2017, 3), "40", status=WorkflowStatus.DRAFT)
    value(year, "revenue", "a", (2017, 4), "80", status=WorkflowStatus.RETURNED)
    target(year, "revenue", "a", "100")
    assert annual_card(year=2017).secretariat("a").indicators["revenue"].value == Decimal("30")
    approved = annual_card(year=2017, approved_only=True)
    assert approved.secretariat("a").indicators["revenue"].value == Decimal("10")
    assert approved.through.key == "2017-Q1"


def test_progress_is_carried_to_the_last_quarter_of_the_year_with_figures(year):
    InitiativeProgressFactory(
        initiative=year["initiative"], secretariat=year["a"], period=year["periods"][(2017, 2)], percent_complete=40
    )
    value(year, "share", "b", (2017, 4), "50")  # the year runs through Q4
    target(year, "progress", "a", "50")
    AxisYearTarget.objects.create(axis=year["axis"], year=2017, planned_progress=Decimal("60"))
    card = annual_card(year=2017)
    result = card.secretariat("a").indicators["progress"]
    assert card.through.key == "2017-Q4"
    assert (result.value, result.achievement, result.rule, result.quarters) == (Decimal("40"), Decimal("80"), "last", 0)
    assert card.secretariat("b").indicators["progress"].value == Decimal("0")  # rule 2: none yet counts as 0
    axis = card.axis("B")
    assert axis.planned == Decimal("60")
    assert axis.progress == Decimal("40") / 3  # a 40, b 0, c 0, equal weights
    assert axis.gap == Decimal("40") / 3 - 60


def test_ranks_within_the_group_and_national(year):
    for code, amount in [("a", "80"), ("b", "60"), ("c", "70")]:
        value(year, "share", code, (2017, 4), amount)
        target(year, "share", code, "100")
    card = annual_card(year=2017)
    assert {s.secretariat.code: s.rank for s in card.secretariats} == {"a": 1, "b": 2, "c": 1}
    assert national_ranks(card) == {"a": 1, "c": 2, "b": 3}
    assert [s.secretariat.code for s in card.secretariats] == ["c", "a", "b"]  # group, then rank


def test_equal_scores_share_a_national_rank(year):
    for code, amount in [("a", "70"), ("b", "60"), ("c", "70")]:
        value(year, "share", code, (2017, 4), amount)
        target(year, "share", code, "100")
    assert national_ranks(annual_card(year=2017)) == {"a": 1, "c": 1, "b": 3}


def test_the_score_weighs_the_years_achievements(year):
    year["revenue"].weight = Decimal("3")
    year["revenue"].save()
    value(year, "revenue", "a", (2017, 1), "100")
    value(year, "share", "a", (2017, 1), "20")
    target(year, "revenue", "a", "100")
    target(year, "share", "a", "40")
    assert annual_card(year=2017).secretariat("a").score == (3 * Decimal(100) + 1 * Decimal(50)) / 4


def test_a_year_without_figures_has_none(year):
    target(year, "share", "a", "80", year=2018)
    card = annual_card(year=2018)
    assert not card.has_data
    assert card.through is None
    assert card.reported == set()
    assert all(s.score is None for s in card.secretariats)
    assert annual_card(year=2016) is None  # no quarter set up


def test_a_group_keeps_to_its_secretariats(year):
    value(year, "share", "c", (2017, 4), "50")
    card = annual_card(year=2017, group=2)
    assert [s.secretariat.code for s in card.secretariats] == ["a", "b"]
    assert not card.has_data  # only group 1 reported


@pytest.mark.parametrize("n", [3, 30])
def test_the_year_costs_the_same_queries_whatever_the_number_of_secretariats(year, django_assert_num_queries, n):
    extra = [SecretariatFactory(code=f"x{i:02d}", group=3) for i in range(n)]
    for s in extra:
        for q in (1, 2, 3):
            IndicatorValueFactory(indicator=year["revenue"], secretariat=s, period=year["periods"][(2017, q)])
        AnnualTarget.objects.create(indicator=year["revenue"], secretariat=s, year=2017, value=Decimal("10"))
    # The year's quarters, its values, who reported progress, its annual targets, its axis targets; the
    # through quarter's scorecard: secretariats, indicators, axes, values, targets, carried progress.
    with django_assert_num_queries(5 + SINGLE):
        card = compute_annual_card(year=2017)
    assert len(card.reported) == n


def test_demo_annual_targets_are_the_quarters_made_into_a_year(demo_data):
    from indicators.models import Target

    assert AnnualTarget.objects.count() == 2 * 5 * 7  # 2017 and 2018, group two, seven indicators
    assert AxisYearTarget.objects.filter(year__in=[2017, 2018]).count() == 6
    assert not AnnualTarget.objects.filter(is_demo=False).exists()
    assert not AxisYearTarget.objects.filter(is_demo=False).exists()
    quarterly = Target.objects.filter(secretariat__code="taif", period__year=2017).order_by("period_id")
    revenue = [t.value for t in quarterly if t.indicator.code == "financial-resources"]
    days = [t.value for t in quarterly if t.indicator.code == "complaint-handling"]
    share = [t.value for t in quarterly if t.indicator.code == "measurement-efficiency"]
    annual = {t.indicator.code: t.value for t in AnnualTarget.objects.filter(secretariat__code="taif", year=2017)}
    assert annual["financial-resources"] == sum(revenue)
    assert annual["complaint-handling"] == (sum(days) / 4).quantize(Decimal("0.01"))
    assert annual["measurement-efficiency"] == share[-1]
