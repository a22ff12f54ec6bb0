"""``summary/groups/`` and ``summary/annual/`` (issue 15): contract, scoping, errors and query counts."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest

from indicators.annual import annual_card
from indicators.groups import national_ranks
from indicators.scoring import scorecard
from programme.models import ReportingPeriod
from tests.dashboards.fixtures import build_programme
from tests.scoring_counts import SINGLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/summary/"


def edge(value):
    return None if value is None else float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("path", ["groups/", "annual/"])
def test_anonymous_is_refused(client, demo_data, path):
    assert client.get(API + path).status_code == 401


def test_groups_for_a_quarter(demo_data, viewer, token_client):
    response = token_client(viewer).get(API + "groups/", {"period": "2018-Q1"})
    assert response.status_code == 200
    rows = {row["group"]: row for row in response.json()}
    assert set(rows) == {1, 2, 3}
    card = scorecard(period=ReportingPeriod.objects.by_key("2018-Q1"))
    two = [s for s in card.secretariats if s.secretariat.group == 2]
    scores = [s.score for s in two]
    best = max(two, key=lambda s: s.score)
    weakest = min(two, key=lambda s: s.score)
    national = national_ranks(card)
    assert rows[2] == {
        "group": 2,
        "period": "2018-Q1",
        "year": None,
        "through": None,
        "secretariats": 5,
        "reported": 5,
        "has_data": True,
        "score": edge(sum(scores) / len(scores)),
        "axes": {a.axis.code: edge(a.progress) for a in scorecard(period=card.period, group=2).axes},
        "best": {"secretariat": best.secretariat.code, "score": edge(best.score)},
        "weakest": {"secretariat": weakest.secretariat.code, "score": edge(weakest.score)},
        "members": [
            {
                "secretariat": s.secretariat.code,
                "score": edge(s.score),
                "rank": s.rank,
                "national_rank": national[s.secretariat.code],
            }
            for s in two
        ],
    }
    for empty in (1, 3):
        assert rows[empty]["has_data"] is False
        assert rows[empty]["reported"] == 0
        assert rows[empty]["score"] is None and rows[empty]["best"] is None
    assert rows[3]["secretariats"] == 7


def test_groups_for_a_year(demo_data, viewer, token_client):
    response = token_client(viewer).get(API + "groups/", {"year": 2017})
    assert response.status_code == 200
    two = next(row for row in response.json() if row["group"] == 2)
    card = annual_card(year=2017)
    scores = [s.score for s in card.secretariats if s.secretariat.group == 2]
    assert (two["period"], two["year"], two["through"]) == (None, 2017, "2017-Q4")
    assert two["score"] == edge(sum(scores) / len(scores))
    assert two["axes"] == {a.axis.code: edge(a.progress) for a in annual_card(year=2017, group=2).axes}


def test_the_year_per_secretariat(demo_data, viewer, token_client):
    response = token_client(viewer).get(API + "annual/", {"year": 2017, "group": 2})
    assert response.status_code == 200
    rows = response.json()
    card = annual_card(year=2017)
    national = national_ranks(card)
    assert [row["secretariat"] for row in rows] == [
        s.secretariat.code for s in card.secretariats if s.secretariat.group == 2
    ]
    taif = next(row for row in rows if row["secretariat"] == "taif")
    summary = card.secretariat("taif")
    assert taif["year"] == 2017 and taif["through"] == "2017-Q4"
    assert (taif["score"], taif["rank"], taif["national_rank"]) == (edge(summary.score), summary.rank, national["taif"])
    assert taif["reported"] is True
    revenue = summary.indicators["financial-resources"]
    assert taif["indicators"]["financial-resources"] == {
        "rule": "sum",
        "quarters": 4,
        "value": edge(revenue.value),
        "target": edge(revenue.target),
        "achievement": edge(revenue.achievement),
        "status": revenue.status,
    }
    assert taif["indicators"]["complaint-handling"]["rule"] == "mean"
    assert taif["indicators"]["initiative-progress"]["rule"] == "last"


def test_the_year_defaults_to_the_latest_with_figures_and_is_the_same_for_an_officer(
    demo_data, viewer, officer, token_client
):
    as_viewer = token_client(viewer).get(API + "annual/")
    as_officer = token_client(officer, name="officer").get(API + "annual/")
    assert as_viewer.status_code == as_officer.status_code == 200
    assert {row["year"] for row in as_viewer.json()} == {2018}
    assert as_viewer.json() == as_officer.json()  # only visible figures count: everyone sees the same
    assert len(as_viewer.json()) == 17


def test_as_csv(demo_data, viewer, token_client):
    response = token_client(viewer).get(API + "annual/", {"year": 2017, "group": 2, "format": "csv"})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(table) == 6
    assert "indicators.financial-resources.target" in table[0]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("groups/", {"period": "2018-Q7"}, "period"),
        ("groups/", {"year": "twenty"}, "year"),
        ("annual/", {"year": 1999}, "year"),
        ("annual/", {"year": 2017, "group": 0}, "group"),
        ("annual/", {"approved_only": "maybe"}, "approved_only"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(demo_data, viewer, token_client, path, params, field):
    response = token_client(viewer).get(API + path, params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("groups/", {"period": "2031-Q1"}, "period"),
        ("groups/", {"year": 2031}, "year"),
        ("annual/", {"year": 2031}, "year"),
    ],
)
def test_a_well_formed_quarter_or_year_that_names_nothing_is_a_404(
    demo_data, viewer, token_client, path, params, field
):
    response = token_client(viewer).get(API + path, params)
    assert response.status_code == 404
    assert field in response.json()


def test_an_empty_parameter_is_left_out(demo_data, viewer, token_client):
    client = token_client(viewer)
    assert client.get(API + "annual/", {"year": "", "group": ""}).json() == client.get(API + "annual/").json()
    assert client.get(API + "groups/", {"year": "", "period": "2018-Q1"}).status_code == 200


def test_a_year_with_a_quarter_shows_the_year(demo_data, viewer, token_client):
    client = token_client(viewer)
    both = client.get(API + "groups/", {"period": "2018-Q1", "year": 2017})
    assert both.status_code == 200
    assert both.json() == client.get(API + "groups/", {"year": 2017}).json()
    assert both.json() != client.get(API + "groups/", {"period": "2018-Q1"}).json()


def test_arabic_and_english_errors(demo_data, viewer, token_client):
    client = token_client(viewer)
    arabic = client.get(API + "groups/", {"period": "2018-Q9"}, headers={"Accept-Language": "ar"})
    english = client.get(API + "groups/", {"period": "2018-Q9"}, headers={"Accept-Language": "en"})
    assert english.json() == {"period": ["Use the form YYYY-Qn for a period, e.g. 2018-Q1."]}
    assert arabic.json() == {"period": ["اكتب الفترة بالصيغة YYYY-Qn، مثل 2018-Q1."]}


# token+user; the card of the year: its quarters, values, who reported progress, annual targets, axis
# targets, and its quarter's scorecard (tests/scoring_counts.py).
ANNUAL = 1 + 5 + SINGLE
EXPECTED = {
    "annual/?year=2018": ANNUAL,
    "annual/?year=2018&group=2": ANNUAL,
    # + initiatives → axes
    "groups/?year=2018": ANNUAL + 1,
    # token+user, the period, the scorecard, who reported (one UNION), initiatives → axes
    "groups/?period=2018-Q1": 1 + 1 + SINGLE + 1 + 1,
}


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize(("path", "queries"), EXPECTED.items())
def test_queries_stay_flat(viewer, token_client, django_assert_num_queries, n, path, queries):
    build_programme(n)
    client = token_client(viewer)
    assert client.get(API + path).status_code == 200  # marks the token as used
    with django_assert_num_queries(queries):
        response = client.get(API + path)
    assert response.status_code == 200
    assert response.json()
