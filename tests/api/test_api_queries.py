"""The number of queries of every list and summary stays flat as rows grow (STYLE trait 7).

Every request below authenticates with a token that was already used once,
so ``last_used_at`` is fresh and not rewritten: the first query is always
the token lookup (joined with its user). Throttles count in the cache, not
in the database.
"""

from decimal import Decimal

import pytest

from tests.factories import (
    AxisFactory,
    IdeaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeProgressFactory,
    ReportingPeriodFactory,
    RiskFactory,
    SecretariatFactory,
    SupportRequestFactory,
    TargetFactory,
)
from tests.scoring_counts import SINGLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/"

# endpoint → (queries, what they are)
EXPECTED = {
    "secretariats/": (3, "token+user, count, page"),
    "axes/": (3, "token+user, count, page"),
    "initiatives/": (4, "token+user, count, page joined with axis and lead, participations joined with secretariat"),
    "indicators/": (3, "token+user, count, page"),
    "periods/": (3, "token+user, count, page"),
    "targets/": (3, "token+user, count, page joined with indicator and secretariat"),
    "values/": (
        4,
        "token+user, count, page joined with indicator, its quality rule and secretariat, target as a subquery; "
        "the page's flags: last quarter's and the groups' figures",
    ),
    "values/?indicator=complaint-handling": (5, "token+user, indicator code check, count, page, the page's flags"),
    "values/?status=off_track": (5, "token+user, scoring of the rows in scope, count, page, the page's flags"),
    "progress/": (3, "token+user, count, page joined with initiative and secretariat"),
    "risks/": (3, "token+user, count, page joined with secretariat, axis, initiative"),
    "support-requests/": (3, "token+user, count, page joined with secretariat, axis, initiative"),
    "ideas/": (3, "token+user, count, page joined with secretariat and axis"),
    "summary/secretariats/?period=2018-Q1": (2 + SINGLE, "token+user, period; the scorecard"),
    "summary/axes/?period=2018-Q1": (2 + SINGLE, "token+user, period; the scorecard"),
}


def grow(programme, start, stop):
    """Rows number ``start`` to ``stop - 1`` of everything each endpoint lists."""
    complaints = programme["indicators"][0]
    q1 = programme["periods"][0]
    b01 = programme["initiatives"][1]
    for n in range(start, stop):
        sec = SecretariatFactory(code=f"grown-{n}", group=2)
        TargetFactory(indicator=complaints, secretariat=sec, period=q1, value=Decimal("50"))
        IndicatorValueFactory(indicator=complaints, secretariat=sec, period=q1, value=Decimal(n % 60))
        b01.participation_set.create(secretariat=sec)
        InitiativeProgressFactory(initiative=b01, secretariat=sec, period=q1, percent_complete=Decimal(n % 100))
        axis = AxisFactory(code=f"G{n}")
        InitiativeFactory(code=f"G-{n}", axis=axis, lead_secretariat=sec, participants=[sec, programme["taif"]])
        IndicatorFactory(code=f"grown-indicator-{n}")
        ReportingPeriodFactory(year=2100 + n, quarter=1)
        RiskFactory(secretariat=sec, axis=axis)
        SupportRequestFactory(secretariat=sec, axis=axis)
        IdeaFactory(secretariat=sec, axis=axis)


@pytest.mark.parametrize("path", list(EXPECTED))
def test_queries_stay_flat_from_5_to_50_rows(api_programme, viewer, token_client, django_assert_num_queries, path):
    client = token_client(viewer)
    separator = "&" if "?" in path else "?"
    url = f"{API}{path}{separator}page_size=500"
    expected, _what = EXPECTED[path]
    grow(api_programme, 0, 5)
    assert client.get(url).status_code == 200  # marks the token as used
    with django_assert_num_queries(expected):
        small = client.get(url)
    grow(api_programme, 5, 50)
    with django_assert_num_queries(expected):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert len(rows(large)) >= len(rows(small)) + 30


def rows(response):
    body = response.json()
    return body if isinstance(body, list) else body["results"]
