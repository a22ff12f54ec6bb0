"""A page of many secretariats stays readable and light: long tables paged, trends as a spread."""

import json

import pytest

from dashboards.spread import SPREAD_FROM
from tests.dashboards.fixtures import build_programme

pytestmark = pytest.mark.django_db

INDICATOR = "/indicators/complaint-handling/?period=2018-Q1&group=2"
INITIATIVE = "/initiatives/B-01/?period=2018-Q1&group=2"


def _traces(response, name: str) -> list[str]:
    return [trace["type"] for trace in json.loads(response.context[name])["data"]]


def test_a_few_secretariats_get_a_line_each(viewer_client):
    build_programme(SPREAD_FROM - 1)
    indicator = viewer_client.get(INDICATOR)
    assert _traces(indicator, "trend_chart") == ["scatter"] * (SPREAD_FROM - 1)
    assert "مخطط خطي لقيمة كل أمانة حسب الربع" in indicator.content.decode()
    assert _traces(viewer_client.get(INITIATIVE), "progress_chart") == ["scatter"] * (SPREAD_FROM - 1)


def test_many_secretariats_get_one_box_per_quarter(viewer_client):
    build_programme(SPREAD_FROM)
    indicator = viewer_client.get(INDICATOR)
    chart = json.loads(indicator.context["trend_chart"])
    assert [trace["type"] for trace in chart["data"]] == ["box"]
    # Every reported figure of the window is in the spread: two quarters of SPREAD_FROM secretariats.
    assert len(chart["data"][0]["y"]) == 2 * SPREAD_FROM
    assert "مخطط صندوقي" in indicator.content.decode()
    assert _traces(viewer_client.get(INITIATIVE), "progress_chart") == ["box"]


def _ranking_rows(html: str) -> int:
    table = html[html.index('id="table-ranking"') :]
    return table[: table.index("</tbody>")].count("</tr>\n  ")


def test_a_long_table_shows_its_first_page_and_links_to_the_whole(viewer_client):
    build_programme(26)
    html = viewer_client.get("/?period=2018-Q1&group=2").content.decode()
    assert _ranking_rows(html) == 25
    assert 'data-testid="more-ranking"' in html
    assert "(عدد الصفوف: 26)" in html
    assert 'href="?period=2018-Q1&amp;group=2&amp;all=ranking#table-ranking"' in html
    whole = viewer_client.get("/?period=2018-Q1&group=2&all=ranking").content.decode()
    assert _ranking_rows(whole) == 26
    assert 'data-testid="more-ranking"' not in whole


def test_a_short_table_is_shown_whole(viewer_client):
    build_programme(25)
    html = viewer_client.get("/?period=2018-Q1&group=2").content.decode()
    assert 'data-testid="more-ranking"' not in html
    assert _ranking_rows(html) == 25
