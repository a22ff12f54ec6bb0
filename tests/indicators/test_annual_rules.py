"""How an indicator's quarters make its year (issue 15): each year rule, the defaults per unit, the constraint."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.annual import year_figure, year_rule_of
from indicators.models import Indicator, Source, Unit, YearRule, default_year_rule
from programme.models import ReportingPeriod
from tests.factories import IndicatorFactory

Q = {q: ReportingPeriod.ordinal(2017, q) for q in (1, 2, 3, 4)}


def d(text: str) -> Decimal:
    return Decimal(text)


@pytest.mark.parametrize(
    ("rule", "quarters", "expected"),
    [
        # The latest quarter: whatever order the rows come in, the last quarter's value, not the largest.
        (YearRule.LAST, [(Q[3], d("40")), (Q[1], d("90")), (Q[2], d("60"))], d("40")),
        (YearRule.LAST, [(Q[1], d("70.5"))], d("70.5")),
        # The sum: revenue adds up over the quarters reported so far.
        (YearRule.SUM, [(Q[1], d("1000000")), (Q[2], d("1250000.5")), (Q[4], d("900000"))], d("3150000.5")),
        # The mean of the quarters that have a value (a missing quarter is not a zero: rule 3, nothing carried).
        (YearRule.MEAN, [(Q[1], d("10")), (Q[2], d("8")), (Q[4], d("7.5"))], d("8.5")),
        (YearRule.MEAN, [(Q[1], d("10")), (Q[2], d("9"))], d("9.5")),
        # No quarter with a value: no figure, whatever the rule.
        (YearRule.LAST, [], None),
        (YearRule.SUM, [], None),
        (YearRule.MEAN, [], None),
    ],
)
def test_year_figure(rule, quarters, expected):
    assert year_figure(rule, quarters) == expected


def test_mean_keeps_every_digit():
    # Rounding happens at the edge only (DESIGN §4 rule 10): a third stays a third here.
    assert year_figure(YearRule.MEAN, [(Q[1], d("1")), (Q[2], d("1")), (Q[3], d("2"))]) == d("4") / 3


@pytest.mark.parametrize(
    ("unit", "rule"),
    [
        (Unit.PERCENT, YearRule.LAST),
        (Unit.SCORE, YearRule.LAST),
        (Unit.RATIO, YearRule.LAST),
        (Unit.SAR, YearRule.SUM),
        (Unit.COUNT, YearRule.SUM),
        (Unit.DAYS, YearRule.MEAN),
        (Unit.HOURS, YearRule.MEAN),
    ],
)
def test_default_rule_per_unit(db, unit, rule):
    assert default_year_rule(unit) == rule
    indicator = IndicatorFactory(unit=unit)
    indicator.refresh_from_db()
    assert indicator.year_rule == rule  # stored, so the admin shows it
    assert year_rule_of(indicator) == rule


def test_a_chosen_rule_is_kept(db):
    indicator = IndicatorFactory(unit=Unit.SAR, year_rule=YearRule.LAST)
    indicator.refresh_from_db()
    assert year_rule_of(indicator) == YearRule.LAST


@pytest.mark.parametrize("source", [Source.INITIATIVES_ALL, Source.INITIATIVES_LED])
def test_progress_indicators_take_the_latest_quarter(db, source):
    indicator = IndicatorFactory(source=source, unit=Unit.COUNT)  # a unit that would otherwise sum
    assert indicator.year_rule == YearRule.LAST
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.filter(pk=indicator.pk).update(year_rule=YearRule.SUM)


def test_an_unset_rule_reads_as_the_units(db):
    indicator = IndicatorFactory(unit=Unit.DAYS)
    Indicator.objects.filter(pk=indicator.pk).update(year_rule="")
    indicator.refresh_from_db()
    assert year_rule_of(indicator) == YearRule.MEAN
