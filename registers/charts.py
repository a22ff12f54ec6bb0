"""Figures of the registers, built with the shared helpers of ``madinati.charts``."""

from django.utils.translation import gettext as _

from madinati import plotly_dicts as go
from madinati.charts import base_layout, figure_json

LEVELS = [1, 2, 3, 4, 5]
# Light to dark in one hue (Okabe–Ito vermilion): reads in grey too, and each cell prints its count.
HEAT_SCALE = [[0.0, "#ffffff"], [0.001, "#fde0d2"], [1.0, "#D55E00"]]


def risk_heatmap_figure(grid: list[list[int]]) -> str:
    """Likelihood (rows) × impact (columns) counts, ``grid[likelihood - 1][impact - 1]``, as figure JSON."""
    fig = go.Figure(
        go.Heatmap(
            z=grid,
            x=LEVELS,
            y=LEVELS,
            text=[[str(n) for n in row] for row in grid],
            texttemplate="%{text}",
            colorscale=HEAT_SCALE,
            zmin=0,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate=_("Likelihood %{y} × impact %{x}: %{z}") + "<extra></extra>",
        )
    )
    base_layout(fig, title=_("Risks by likelihood and impact"), height=360)
    fig.update_xaxes(title={"text": _("Impact")}, tickvals=LEVELS, constrain="domain")
    fig.update_yaxes(title={"text": _("Likelihood")}, tickvals=LEVELS, scaleanchor="x")
    return figure_json(fig)
