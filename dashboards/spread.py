"""Trend charts that stay readable at national scale: the spread of the secretariats by quarter.

With a handful of secretariats a line each tells them apart; with a hundred, the lines are a
tangle and the page carries a hundred traces. From :data:`SPREAD_FROM` secretariats on, the
indicator and initiative trends draw one box per quarter instead (median, quartiles, whiskers,
outliers), the figures of each secretariat staying in the table under the chart.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from dashboards import charts
from madinati import plotly_dicts as go
from madinati.bilingual import quarter_label
from madinati.charts import SERIES_COLOURS, base_layout, figure_json

#: From this many secretariats a trend shows their spread, not a line each.
SPREAD_FROM = 13


def boxes(*, x: list[str], series: list[tuple[str, list[Decimal | None]]], title: str) -> str:
    """One box per quarter over the series' figures of that quarter (a quarter without any stays empty)."""
    xs, ys = [], []
    for _name, values in series:
        for label, value in zip(x, values, strict=True):
            if value is not None:
                xs.append(label)
                ys.append(float(value))
    fig = go.Figure(
        go.Box(
            x=xs,
            y=ys,
            name=_("Secretariats"),
            boxpoints="outliers",
            marker={"color": SERIES_COLOURS[0]},
            line={"color": SERIES_COLOURS[0]},
        )
    )
    base_layout(fig, title=title, height=360)
    fig.update_yaxes(rangemode="tozero", automargin=True)
    fig.update_xaxes(type="category", automargin=True, categoryorder="array", categoryarray=x)
    fig.update_layout(showlegend=False)
    return figure_json(fig)


def is_spread(count: int) -> bool:
    return count >= SPREAD_FROM


def indicator_trend(*, indicator, cards, window) -> str:
    """The indicator's values by quarter: a line per secretariat, or their spread when there are many."""
    secretariats = cards[window[-1].pk].secretariats
    if not is_spread(len(secretariats)):
        return charts.indicator_trend(indicator=indicator, cards=cards, window=window)
    series = []
    for s in secretariats:
        code = s.secretariat.code
        series.append(
            (code, [_value(cards[p.pk].secretariat(code), indicator.code) for p in window]),
        )
    title = _("Values by quarter (%(unit)s)") % {"unit": indicator.get_unit_display()}
    return boxes(x=[quarter_label(p) for p in window], series=series, title=title)


def initiative_progress(*, initiative, cards, window, quantities) -> str:
    """The participants' progress by quarter: a line each, or their spread when there are many."""
    if not is_spread(len(quantities)):
        return charts.initiative_progress(initiative=initiative, cards=cards, window=window, quantities=quantities)
    series = [
        (q.secretariat.code, [cards[p.pk].progress.get((initiative.code, q.secretariat.code)) for p in window])
        for q in quantities
    ]
    return boxes(x=[quarter_label(p) for p in window], series=series, title=_("Progress by quarter (%)"))


def _value(summary, code: str) -> Decimal | None:
    return summary.indicators[code].value if summary else None
