"""``?year=`` on the overview, secretariat and axis pages (issue 15): the chair's "2017 achievements"."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards.exports import fmt
from indicators.annual import annual_card
from indicators.groups import national_ranks
from tests.dashboards.fixtures import build_programme
from tests.scoring_counts import SINGLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_viewer(viewer_client, english):
    return english(viewer_client)


def test_a_viewer_sees_2017_as_a_year(english_viewer, demo_data):
    response = english_viewer.get(reverse("home"), {"year": "2017"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["year"] == 2017
    assert response.context["group"] == 2  # the group with figures
    assert "Achievements of 2017" in html
    assert "The year to date, through Q4 2017" in html
    assert re.search(r'<option value="2017" selected>2017</option>', html)
    assert 'name="period"' not in html  # the year replaces the quarter in the selector
    card = annual_card(year=2017, group=2)
    national = national_ranks(annual_card(year=2017))
    ranking = response.context["tables"]["ranking"]
    assert [row[1].text for row in ranking.rows] == [s.secretariat.name for s in card.secretariats]
    assert [row[0].value for row in ranking.rows] == [s.rank for s in card.secretariats]
    assert [row[2].value for row in ranking.rows] == [national[s.secretariat.code] for s in card.secretariats]
    assert [row[4].text for row in ranking.rows] == [fmt(s.score) for s in card.secretariats]
    # The axes against the plan for the year: the seeded plan for B is 60%.
    axes = {row[0].text: row for row in response.context["tables"]["axes"].rows}
    b = card.axis("B")
    assert axes[b.axis.name][2].text == "60"
    assert axes[b.axis.name][1].text == fmt(b.progress)
    assert axes[b.axis.name][3].text == fmt(b.gap, signed=True)
    assert 'data-testid="demo-notice"' in html
    # The same axes as a chart: progress as bars, the plan for the year as markers.
    figure = json.loads(re.search(r'<script id="chart-axes-plan-data" type="application/json">(.*?)</script>', html)[1])
    assert figure["data"][1]["y"] == [float(a.planned) for a in card.axes]
    assert figure["data"][0]["y"] == [float(a.progress.quantize(Decimal("0.01"))) for a in card.axes]


def test_the_year_in_arabic(viewer_client, demo_data):
    html = viewer_client.get(reverse("home"), {"year": "2017"}).content.decode()
    assert "إنجازات عام 2017" in html
    assert "السنة حتى نهاية الربع الرابع 2017" in html


def test_year_wins_over_period_and_an_empty_year_keeps_the_quarter(viewer_client, demo_data):
    both = viewer_client.get(reverse("home"), {"year": "2017", "period": "2018-Q1"})
    assert both.context["year"] == 2017 and both.context["card"].through.key == "2017-Q4"
    quarter = viewer_client.get(reverse("home"), {"year": "", "period": "2017-Q3"})
    assert quarter.context["card"].period.key == "2017-Q3"
    assert re.search(r'<option value="" selected>', quarter.content.decode())  # "by quarter" in the year selector


@pytest.mark.parametrize("raw", ["1999", "20x7", "٢٠١٧", "2017.0"])
def test_a_year_outside_the_programme_is_a_friendly_400(english_viewer, demo_data, raw):
    response = english_viewer.get(reverse("home"), {"year": raw})
    assert response.status_code == 400
    assert "A parameter in the address is not valid." in response.content.decode()


def test_the_secretariat_year(english_viewer, demo_data):
    response = english_viewer.get(reverse("secretariat-detail", args=["taif"]), {"year": "2017"})
    html = response.content.decode()
    card = annual_card(year=2017)
    taif = card.secretariat("taif")
    assert f"{taif.rank} of 5" in html
    assert f"{national_ranks(card)['taif']} of 17" in html
    rows = {row[0].text: row for row in response.context["tables"]["indicators"].rows}
    revenue = rows["Financial resources"]
    result = taif.indicators["financial-resources"]
    assert revenue[1].text == "Sum of the quarters"
    assert revenue[2].value == 4
    assert [revenue[3].text, revenue[4].text, revenue[5].text] == [
        fmt(result.value),
        fmt(result.target),
        fmt(result.achievement),
    ]
    assert rows["Complaint handling"][1].text == "Mean of the quarters"
    assert rows["Measurement efficiency"][1].text == "Latest quarter"
    assert rows["Progress in initiatives"][2].text == "–"
    assert 'id="chart-achievement"' in html


def test_the_2018_year_to_date_runs_through_q1(english_viewer, demo_data):
    response = english_viewer.get(reverse("secretariat-detail", args=["taif"]), {"year": "2018"})
    assert "The year to date, through Q1 2018" in response.content.decode()
    revenue = annual_card(year=2018).secretariat("taif").indicators["financial-resources"]
    assert revenue.quarters == 1
    assert revenue.achievement < Decimal(40)  # one quarter of revenue against the whole year's target


def test_the_axis_year(english_viewer, demo_data):
    response = english_viewer.get(reverse("axis-detail", args=["B"]), {"year": "2017"})
    html = response.content.decode()
    axis = annual_card(year=2017).axis("B")
    assert axis.gap > 0
    assert f"{axis.gap.quantize(Decimal('0.01'))} points ahead of the plan for the year." in html
    assert 'data-testid="axis-planned">60.00%' in html


def test_quarter_pages_offer_the_year_and_others_do_not(viewer_client, demo_data):
    for url in ["/", "/secretariats/taif/", "/axes/B/"]:
        assert 'data-testid="year-selector"' in viewer_client.get(url).content.decode(), url
    assert 'data-testid="year-selector"' not in viewer_client.get("/indicators/complaint-handling/").content.decode()


def test_a_year_export_is_the_pages_table(viewer_client, demo_data):
    response = viewer_client.get(reverse("home"), {"year": "2017", "export": "csv", "table": "ranking"})
    assert response.status_code == 200
    assert 'filename="overview-2017-group-2-ranking.csv"' in response["Content-Disposition"]


# Session, user; the selector's periods and groups.
FRAME = 4
CARD = 5 + SINGLE  # the year's card: five reads and its through quarter's scorecard
PAGES = {
    # Every group's card (its national rank), then the group's.
    "/?year=2018&group=2": FRAME + CARD + CARD,
    # The secretariat, every group's card.
    "/secretariats/s001/?year=2018": FRAME + 1 + CARD,
    # The axis, the card of the selection.
    "/axes/A/?year=2018&group=2": FRAME + 1 + CARD,
}


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize(("url", "queries"), PAGES.items())
def test_year_pages_do_not_grow_with_secretariats(viewer_client, django_assert_num_queries, n, url, queries):
    build_programme(n)
    with django_assert_num_queries(queries):
        response = viewer_client.get(url)
    assert response.status_code == 200
    assert response.context["card"].through.key == "2018-Q1"
