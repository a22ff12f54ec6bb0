"""madinati.plotly_dicts writes the JSON plotly.graph_objects writes, and every chart of the pages is a figure
plotly itself accepts (its validation is what the dict builder skips)."""

import json
import re

import plotly.graph_objects
import pytest

from madinati import plotly_dicts

pytestmark = pytest.mark.django_db


def _draw(go) -> str:
    """One figure through either module: every call the dashboards make."""
    fig = go.Figure(go.Heatmap(z=[[1, None], [3, 4]], x=["a", "b"], y=["c", "d"], colorbar={"len": 0.6}, zmin=0))
    fig.add_trace(go.Scatter(x=["a", "b"], y=[1.5, None], name="s", marker={"symbol": "square", "size": 8}))
    fig.add_trace(go.Bar(x=[1, 2], y=["a", "b"], orientation="h", marker={"color": ["#000000", "#ffffff"]}))
    fig.add_trace(go.Box(x=["a", "a"], y=[1, 2], boxpoints="outliers", line={"color": "#0072B2"}))
    fig.update_layout(title={"text": "t", "x": 1}, font={"size": 13}, paper_bgcolor="white", height=300)
    fig.update_layout(title={"xanchor": "right"}, margin={"l": 40})
    fig.update_xaxes(autorange="reversed", title={"text": "x"})
    fig.update_yaxes(side="right")
    fig.update_yaxes(automargin=True, title={"text": "y"})
    return fig.to_json()


def test_the_dict_builder_writes_what_plotly_writes():
    assert json.loads(_draw(plotly_dicts)) == json.loads(_draw(plotly.graph_objects))


def test_a_later_update_does_not_change_a_dict_the_caller_kept():
    margin = {"l": 40}
    fig = plotly_dicts.Figure()
    fig.update_layout(margin=margin)
    fig.update_layout(margin={"r": 10})
    assert margin == {"l": 40}
    assert json.loads(fig.to_json())["layout"]["margin"] == {"l": 40, "r": 10}


PAGES = ["/", "/secretariats/taif/", "/axes/B/", "/initiatives/B-01/", "/indicators/complaint-handling/", "/risks/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_chart_of_the_pages_is_a_valid_plotly_figure(demo_data, viewer_client, url):
    html = viewer_client.get(url).content.decode()
    figures = re.findall(r'<script id="[^"]+-data" type="application/json">(.*?)</script>', html, flags=re.S)
    assert figures, url
    for figure in figures:
        plotly.graph_objects.Figure(json.loads(figure))  # raises ValueError on any property plotly does not know
