"""DESIGN §4 rules 5 and 6 as pure functions: achievement with polarity and clipping, status thresholds."""

from decimal import Decimal as D

import pytest

from indicators.scoring import achievement, status_for


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (D("45"), D("60"), D("75")),
        (D("60"), D("60"), D("100")),
        (D("0"), D("60"), D("0")),
        (D("120"), D("100"), D("100")),  # clipped to 100
        (D("-5"), D("100"), D("0")),  # clipped to 0
        (D("1.5"), D("6"), D("25")),
    ],
)
def test_higher_is_better_is_value_over_target(value, target, expected):
    assert achievement(value=value, target=target, polarity="higher_better") == expected


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (D("8"), D("6"), D("75")),  # 100·6/8
        (D("6"), D("6"), D("100")),
        (D("3"), D("6"), D("100")),  # 200 clipped to 100
        (D("0"), D("6"), D("100")),  # a zero value is perfect, not a division by zero
        (D("24"), D("6"), D("25")),
    ],
)
def test_lower_is_better_is_target_over_value(value, target, expected):
    assert achievement(value=value, target=target, polarity="lower_better") == expected


@pytest.mark.parametrize("polarity", ["higher_better", "lower_better"])
@pytest.mark.parametrize(
    ("value", "target"),
    [(D("50"), None), (None, D("50")), (None, None), (D("50"), D("0")), (D("50"), D("-10"))],
)
def test_no_value_or_no_positive_target_is_null(value, target, polarity):
    assert achievement(value=value, target=target, polarity=polarity) is None


def test_achievement_is_not_rounded():
    assert achievement(value=D("1"), target=D("3"), polarity="higher_better") == D(100) * D(1) / D(3)
    assert achievement(value=D("1"), target=D("3"), polarity="higher_better") != D("33.33")


@pytest.mark.parametrize(
    ("ach", "expected"),
    [
        (D("100"), "on_track"),
        (D("90"), "on_track"),  # the threshold itself is on track
        (D("89.99"), "at_risk"),
        (D("70"), "at_risk"),
        (D("69.999"), "off_track"),
        (D("0"), "off_track"),
        (None, "no_data"),
    ],
)
def test_status_thresholds_default(ach, expected):
    assert status_for(achievement=ach, green_at=D("90"), amber_at=D("70")) == expected


@pytest.mark.parametrize(
    ("ach", "expected"),
    [(D("85"), "on_track"), (D("79.99"), "at_risk"), (D("50"), "at_risk"), (D("49.99"), "off_track")],
)
def test_status_thresholds_per_indicator(ach, expected):
    assert status_for(achievement=ach, green_at=D("80"), amber_at=D("50")) == expected


def test_status_when_green_equals_amber():
    assert status_for(achievement=D("60"), green_at=D("60"), amber_at=D("60")) == "on_track"
    assert status_for(achievement=D("59"), green_at=D("60"), amber_at=D("60")) == "off_track"
