"""``scorecard()`` costs a fixed number of queries whatever the number of secretariats (STYLE trait 7)."""

import pytest

from indicators.scoring import scorecard, scorecards
from tests.scoring_counts import SINGLE, WINDOW

pytestmark = pytest.mark.django_db

# secretariats, indicators, axes; then the scoring statement (PostgreSQL), or the period's values, its targets
# and carried progress (one query: an index probe per pair for its percent and one for its demo flag).
SCORECARD_QUERIES = SINGLE


@pytest.mark.parametrize("n", [5, 50])
def test_scorecard_queries_do_not_grow_with_secretariats(programme, django_assert_num_queries, n):
    data = programme(n)
    q1 = data["periods"][1]
    with django_assert_num_queries(SCORECARD_QUERIES):
        card = scorecard(period=q1, group=2)
    assert len(card.secretariats) == n
    assert all(s.score is not None for s in card.secretariats)


@pytest.mark.parametrize("n", [5, 50])
def test_a_trend_costs_the_same_queries_whatever_its_number_of_periods(programme, django_assert_num_queries, n):
    data = programme(n)
    # secretariats, indicators, axes; the statement, or values, targets, carried progress before the first
    # period and the rows in the span
    with django_assert_num_queries(WINDOW):
        cards = scorecards(periods=data["periods"])
    assert len(cards) == 3
    with django_assert_num_queries(WINDOW):
        assert len(scorecards(periods=data["periods"][1:])) == 2
    # the same figures as one scorecard per period
    for period in data["periods"]:
        assert cards[period.pk] == scorecards(periods=[period])[period.pk]
