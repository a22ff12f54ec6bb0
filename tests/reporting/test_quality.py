"""The data-quality checks one by one (reporting.quality): where each fires, its boundaries, and its words.

Each message is checked whole, in English and in Arabic, so a change of wording or a lost
translation fails here.
"""

from decimal import Decimal as D

import pytest
from django.utils import translation

from indicators.models import Indicator, Unit
from reporting.models import QualityRule
from reporting.quality import (
    DEFAULT_RULES,
    MIN_GROUP,
    Figure,
    Rule,
    assess,
    change_flag,
    checks,
    median,
    note_required,
    outlier_flag,
    range_flag,
    rule_of,
)
from tests.factories import IndicatorFactory, IndicatorValueFactory, ReportingPeriodFactory, SecretariatFactory

Q1_2018 = 2018 * 4  # the ordinal of 2018-Q1; last quarter is 2017-Q4
RULE = Rule(min_value=D(10), max_value=D(90), max_change_percent=D(50), outlier_mads=D(3))


def say(flag, language: str) -> str:
    with translation.override(language):
        return flag.message


# --------------------------------------------------------------------------- range


def test_range_boundaries_are_plausible_and_beyond_them_is_flagged():
    assert range_flag(D(10), RULE) is None
    assert range_flag(D(90), RULE) is None
    assert range_flag(D("9.99"), RULE).code == "range_low"
    assert range_flag(D("90.01"), RULE).code == "range_high"
    assert range_flag(D(-1000), Rule()) is None  # no bounds, no check


def test_range_messages_in_english_and_arabic():
    low, high = range_flag(D("9.5"), RULE), range_flag(D(95), RULE)
    assert say(low, "en") == "9.5 is below 10, the lowest plausible figure for this indicator."
    assert say(low, "ar") == "الرقم 9.5 أقل من 10، وهو أدنى رقم معقول لهذا المؤشر."
    assert say(high, "en") == "95 is above 90, the highest plausible figure for this indicator."
    assert say(high, "ar") == "الرقم 95 أعلى من 90، وهو أعلى رقم معقول لهذا المؤشر."


# --------------------------------------------------------------------------- change


def test_change_of_exactly_the_limit_passes_and_beyond_it_is_flagged():
    assert change_flag(D(150), previous=D(100), previous_period_id=Q1_2018 - 1, rule=RULE) is None
    assert change_flag(D(50), previous=D(100), previous_period_id=Q1_2018 - 1, rule=RULE) is None
    assert change_flag(D("150.01"), previous=D(100), previous_period_id=Q1_2018 - 1, rule=RULE).code == "change"
    assert change_flag(D("49.99"), previous=D(100), previous_period_id=Q1_2018 - 1, rule=RULE).code == "change"


def test_change_says_nothing_without_last_quarter_or_from_zero_or_without_a_limit():
    assert change_flag(D(500), previous=None, previous_period_id=Q1_2018 - 1, rule=RULE) is None
    assert change_flag(D(500), previous=D(0), previous_period_id=Q1_2018 - 1, rule=RULE) is None
    assert (
        change_flag(D(500), previous=D(1), previous_period_id=Q1_2018 - 1, rule=Rule(max_change_percent=None)) is None
    )


def test_change_messages_name_the_quarter_the_figure_and_the_limit():
    up = change_flag(D(340), previous=D(100), previous_period_id=Q1_2018 - 1, rule=RULE)
    down = change_flag(D("12.5"), previous=D(50), previous_period_id=Q1_2018 - 1, rule=RULE)
    assert say(up, "en") == "Up 240% on Q4 2017 (100): a change above 50% in a quarter is unusual."
    assert (
        say(up, "ar") == "ارتفاع بنسبة 240% عن الربع الرابع 2017 (100): التغير الذي يتجاوز 50% في ربع واحد غير معتاد."
    )
    assert say(down, "en") == "Down 75% on Q4 2017 (50): a change above 50% in a quarter is unusual."
    assert (
        say(down, "ar") == "انخفاض بنسبة 75% عن الربع الرابع 2017 (50): التغير الذي يتجاوز 50% في ربع واحد غير معتاد."
    )


# --------------------------------------------------------------------------- outlier


def test_median_of_odd_and_even_samples():
    assert median([D(3), D(1), D(2)]) == D(2)
    assert median([D(4), D(1), D(3), D(2)]) == D("2.5")


def test_outlier_beyond_three_mads_is_flagged_and_at_three_is_not():
    # With the figure, the sample's median is 52 and its deviations 4, 2, 0, 2, 6 → MAD 2; 3 × MAD = 6.
    others = [D(48), D(50), D(52), D(54)]
    assert outlier_flag(D(58), sample=[*others, D(58)], group=2, rule=RULE) is None
    flag = outlier_flag(D("58.01"), sample=[*others, D("58.01")], group=2, rule=RULE)
    assert flag.code == "outlier"
    assert (flag.params["median"], flag.params["spread"], flag.params["distance"]) == (D(52), D(2), D("6.01"))
    assert outlier_flag(D(46), sample=[*others, D(46)], group=2, rule=RULE) is None  # 6 below, in the other direction
    assert outlier_flag(D(80), sample=[D(48), D(50), D(52), D(54), D(80)], group=2, rule=RULE).params == {
        "value": D(80),
        "distance": D(28),
        "median": D(52),
        "spread": D(2),
        "mad_is_zero": False,
        "group": 2,
        "count": 5,
        "limit": D(3),
    }


def test_outlier_needs_a_group_of_four_and_a_rule():
    assert MIN_GROUP == 4
    assert outlier_flag(D(1000), sample=[D(50), D(51), D(1000)], group=2, rule=RULE) is None
    assert outlier_flag(D(1000), sample=[D(50), D(51), D(52), D(1000)], group=2, rule=RULE).code == "outlier"
    assert outlier_flag(D(1000), sample=[D(50), D(51), D(52), D(1000)], group=2, rule=Rule(outlier_mads=None)) is None


def test_outlier_message_in_english_and_arabic():
    flag = outlier_flag(D(80), sample=[D(48), D(50), D(52), D(54), D(80)], group=2, rule=RULE)
    assert say(flag, "en") == (
        "80 is 28 away from 52, the median of the 5 figures of group 2 this quarter: "
        "more than 3 times their median absolute deviation (2)."
    )
    assert say(flag, "ar") == (
        "يبعد الرقم 80 بمقدار 28 عن 52، وهو وسيط أرقام المجموعة 2 في هذا الربع (وعددها 5): "
        "أي أكثر من 3 أضعاف الانحراف المطلق الوسيط لها (2)."
    )


def test_when_the_mad_is_zero_the_mean_absolute_deviation_is_the_spread():
    # Four of five gave 100: MAD 0. Mean absolute deviation of (0, 0, 0, 0, 40) is 8; 40 > 3 × 8.
    flag = outlier_flag(D(60), sample=[D(100)] * 4 + [D(60)], group=2, rule=RULE)
    assert flag.params["mad_is_zero"] is True
    assert flag.params["spread"] == D(8)
    assert say(flag, "en") == (
        "60 is 40 away from 100, the median of the 5 figures of group 2 this quarter. At least half of them are "
        "the same figure, so their median absolute deviation is 0 and the spread is their mean absolute deviation "
        "(8) instead: this figure is more than 3 times it away."
    )
    assert say(flag, "ar").startswith("يبعد الرقم 60 بمقدار 40 عن 100، وهو وسيط أرقام المجموعة 2 في هذا الربع")
    assert "فالانحراف المطلق الوسيط صفر" in say(flag, "ar")
    assert "بمتوسط الانحراف المطلق (8)" in say(flag, "ar")
    # Three of five equal and two apart: MAD 0, mean deviation (0, 0, 0, 10, 10) = 4; 10 is not beyond 3 × 4.
    assert outlier_flag(D(90), sample=[D(100)] * 3 + [D(90), D(110)], group=2, rule=RULE) is None


def test_when_every_figure_is_the_same_nothing_is_an_outlier():
    assert outlier_flag(D(100), sample=[D(100)] * 5, group=2, rule=RULE) is None


def test_checks_list_every_flag_that_fires_in_a_fixed_order():
    flags = checks(D(95), rule=RULE, previous=D(40), period_id=Q1_2018, sample=[D(40), D(41), D(42), D(95)], group=2)
    assert [f.code for f in flags] == ["range_high", "change", "outlier"]
    assert checks(D(41), rule=RULE, previous=D(40), period_id=Q1_2018, sample=[D(40), D(41), D(42)], group=2) == []


def test_note_required_names_the_reasons():
    flags = [range_flag(D(95), RULE)]
    with translation.override("en"):
        assert note_required(flags) == (
            "A data-quality check flagged this figure: explain it in a note before submitting. "
            "95 is above 90, the highest plausible figure for this indicator."
        )
    with translation.override("ar"):
        assert note_required(flags) == (
            "نبّه فحص جودة البيانات إلى هذا الرقم: اشرحه في ملاحظة قبل الإرسال. "
            "الرقم 95 أعلى من 90، وهو أعلى رقم معقول لهذا المؤشر."
        )


# --------------------------------------------------------------------------- rules and the batch


def test_defaults_per_unit_when_no_rule_row_exists():
    assert rule_of(None, Unit.PERCENT) == Rule(D(0), D(100), D(50), D(3))
    assert rule_of(None, Unit.COUNT) == Rule(D(0), None, D(100), D(3))
    assert set(DEFAULT_RULES) == set(Unit.values)
    row = QualityRule(min_value=D(5), max_value=None, max_change_percent=None, outlier_mads=D(2))
    assert rule_of(row, Unit.PERCENT) == Rule(D(5), None, None, D(2))


@pytest.mark.django_db
def test_assess_reads_last_quarter_and_the_group_in_one_query(django_assert_num_queries):
    q4, q1 = ReportingPeriodFactory(year=2017, quarter=4), ReportingPeriodFactory(year=2018, quarter=1)
    indicator = IndicatorFactory(code="satisfaction", unit=Unit.PERCENT)
    QualityRule.objects.create(indicator=indicator, min_value=D(20), max_value=D(95), max_change_percent=D(30))
    group = [SecretariatFactory(code=f"g{i}", group=2) for i in range(5)]
    elsewhere = SecretariatFactory(code="far", group=3)
    for sec, figure in zip(group, (70, 72, 74, 76, 78), strict=True):
        IndicatorValueFactory(indicator=indicator, secretariat=sec, period=q4, value=D(figure))
        IndicatorValueFactory(indicator=indicator, secretariat=sec, period=q1, value=D(figure))
    IndicatorValueFactory(indicator=indicator, secretariat=elsewhere, period=q1, value=D(5))  # another group
    draft = SecretariatFactory(code="g-draft", group=2)  # a draft is no one's figure yet: not in the sample
    IndicatorValueFactory(indicator=indicator, secretariat=draft, period=q1, value=D(1), workflow_status="draft")
    indicator = Indicator.objects.get(pk=indicator.pk)  # without the rule cached by create()
    candidates = [
        Figure(indicator, group[0], q1.pk, D(73)),  # replaces g0's 70: plain
        Figure(indicator, group[1], q1.pk, D(99)),  # above 95, +37.5 % on 72, and beyond 3 MADs
        Figure(indicator, elsewhere, q1.pk, D(5)),  # below 20; alone in group 3, no outlier test; no last quarter
    ]
    with django_assert_num_queries(2):  # the rules, then the figures
        found = assess(candidates)
    assert [[f.code for f in a.flags] for a in found] == [[], ["range_high", "change", "outlier"], ["range_low"]]
    assert [a.previous for a in found] == [D(70), D(72), None]
