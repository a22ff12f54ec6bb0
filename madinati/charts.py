"""Plotly figures built in Python, drawn in the browser by the app's own plotly.js.

Figures travel as JSON in ``<script type="application/json">`` and
``static/js/charts.js`` draws them: no inline script. plotly.js is its strict
bundle, vendored from npm at the release the pinned Python plotly bundles
(``static/vendor/plotly/VERSION``): it needs no ``eval``, so the pages keep
their content security policy without ``'unsafe-eval'``.
"""

from django.utils.translation import get_language_bidi

from madinati import plotly_dicts as go

# Okabe–Ito: told apart by readers with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "on_track": "#009E73",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "no_data": "#999999",
}
# Status is never colour alone: each has a symbol too.
STATUS_SYMBOLS = {"on_track": "●", "at_risk": "▲", "off_track": "✖", "no_data": "–"}
SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
FONT = "Noto Sans Arabic, system-ui, sans-serif"
#: The static path of plotly.js (the strict bundle: no ``eval``).
PLOTLY_JS = "vendor/plotly/plotly-strict.min.js"


def base_layout(fig: go.Figure, *, title: str = "", height: int = 360) -> go.Figure:
    """Common layout: the page's direction, our font, room for phone widths."""
    rtl = get_language_bidi()
    fig.update_layout(
        title={"text": title, "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left"},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 40, "r": 40, "t": 50 if title else 20, "b": 40},
        legend={"orientation": "h", "y": -0.2, "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left"},
        colorway=SERIES_COLOURS,
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    if rtl:
        # Categories read right to left in Arabic.
        fig.update_xaxes(autorange="reversed")
        fig.update_yaxes(side="right")
    return fig


def figure_json(fig: go.Figure) -> str:
    """The figure as JSON for the ``plotly_chart`` template tag."""
    return fig.to_json()
