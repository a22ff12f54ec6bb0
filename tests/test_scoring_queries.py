"""``scorecard()`` costs a fixed number of queries whatever the number of secretariats (STYLE trait 7)."""

import pytest

from indicators.scoring import scorecard, scorecards

pytestmark = pytest.mark.django_db

# secretariats, indicators, axes, the period's values, the period's targets, and carried progress
# (one query: an index probe per pair for its percent and one for its demo flag).
SCORECARD_QUERIES = 6


@pytest.mark.parametrize("n", [5, 50])
def test_scorecard_queries_do_not_grow_with_secretariats(programme, django_assert_num_queries, n):
    data = programme(n)
    q1 = data["periods"][1]
    with django_assert_num_queries(SCORECARD_QUERIES):
        card = scorecard(period=q1, group=2)
    assert len(card.secretariats) == n
    assert all(s.score is not None for s in card.secretariats)


@pytest.mark.parametrize("n", [5, 50])
def test_scorecards_cost_one_more_query_per_period(programme, django_assert_num_queries, n):
    data = programme(n)
    with django_assert_num_queries(SCORECARD_QUERIES - 1 + len(data["periods"])):
        cards = scorecards(periods=data["periods"])
    assert len(cards) == 3
