"""The dashboards' Plotly figures, built server-side from scorecard figures.

Each function takes plain labels and numbers (already in the page's
language) and returns the figure as JSON for ``{% plotly_chart %}``.
``madinati.charts.base_layout`` lays them out right to left in Arabic.
Statuses carry their symbol in the bar text as well as their colour; the
continuous scale is cividis, readable with the common colour-vision deficiencies.
"""

from decimal import Decimal

import plotly.graph_objects
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from dashboards.exports import fmt, rounded, status_text
from madinati import plotly_dicts as go
from madinati.bilingual import quarter_label
from madinati.charts import SERIES_COLOURS, STATUS_COLOURS, STATUS_SYMBOLS, base_layout, figure_json

# Spelled out, as plotly's validator writes a named scale into the figure (once, at import).
COLOUR_SCALE = [list(stop) for stop in plotly.graph_objects.Heatmap(colorscale="Cividis").colorscale]


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(rounded(value))


def _label(value: Decimal | None, suffix: str = "") -> str:
    return "–" if value is None else f"{fmt(value)}{suffix}"


def _short(label: str, size: int = 24) -> str:
    """Category labels fit a phone; the full name is in the hover text and in the table."""
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"


def _label_margin(fig: go.Figure, labels: list[str]) -> None:
    """Room for the category labels on the side the y axis sits (the right in Arabic)."""
    width = min(200, 20 + 7 * max((len(label) for label in labels), default=0))
    fig.update_layout(margin={"r": width, "l": 40} if get_language_bidi() else {"l": width, "r": 40})


def _percent_axis(fig: go.Figure, title: str) -> None:
    """A fixed 0–100 value axis, growing from the right in Arabic."""
    fig.update_xaxes(range=[100, 0] if get_language_bidi() else [0, 100], autorange=False, title={"text": title})


def heatmap(
    *, rows: list[str], columns: list[str], values: list[list[Decimal | None]], title: str, height: int | None = None
) -> str:
    """Progress (0–100) of each row (secretariat) on each column (axis or initiative)."""
    fig = go.Figure(
        go.Heatmap(
            z=[[_num(v) for v in row] for row in values],
            x=[_short(c, 14) for c in columns],
            y=[_short(r) for r in rows],
            text=[[_label(v, "%") for v in row] for row in values],
            customdata=[[f"{r} · {c}" for c in columns] for r in rows],
            texttemplate="%{text}",
            hovertemplate="%{customdata}: %{text}<extra></extra>",
            colorscale=COLOUR_SCALE,
            zmin=0,
            zmax=100,
            xgap=2,
            ygap=2,
            # Below the grid, so it never covers the row labels in either direction.
            colorbar={"orientation": "h", "y": -0.08, "yanchor": "top", "thickness": 10, "len": 0.6},
        )
    )
    base_layout(fig, title=title, height=height or max(280, 110 + 30 * len(rows)))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(automargin=True, side="top")
    _label_margin(fig, [_short(r) for r in rows])
    return figure_json(fig)


def lines(*, x: list[str], series: list[tuple[str, list[Decimal | None]]], title: str, y_title: str = "") -> str:
    """One line per series over the quarters (gaps where there is no figure)."""
    fig = go.Figure()
    for index, (name, values) in enumerate(series):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[_num(v) for v in values],
                name=name,
                mode="lines+markers",
                line={"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 3 if index == 0 else 2},
                # Marker shapes differ too, so lines are told apart without colour.
                marker={"symbol": ["circle", "square", "diamond", "triangle-up", "x", "cross"][index % 6], "size": 8},
                connectgaps=False,
            )
        )
    base_layout(fig, title=title, height=360)
    fig.update_yaxes(title={"text": y_title}, rangemode="tozero", automargin=True)
    fig.update_xaxes(type="category", automargin=True)
    return figure_json(fig)


def status_bars(*, labels: list[str], achievements: list[Decimal | None], statuses: list[str], title: str) -> str:
    """Achievement (percent of target) per row, coloured and labelled by status."""
    fig = go.Figure(
        go.Bar(
            x=[_num(a) if a is not None else 0 for a in achievements],
            y=[_short(label) for label in labels],
            customdata=labels,
            orientation="h",
            marker={"color": [STATUS_COLOURS[s] for s in statuses]},
            text=[f"{_label(a, '%')} {status_text(s)}" for a, s in zip(achievements, statuses, strict=True)],
            textposition="auto",
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    base_layout(fig, title=title, height=max(240, 60 + 40 * len(labels)))
    _percent_axis(fig, _("Percent of target"))
    _label_margin(fig, [_short(label) for label in labels])
    fig.update_yaxes(autorange="reversed", automargin=True)
    return figure_json(fig)


def progress_bars(*, labels: list[str], values: list[Decimal | None], title: str) -> str:
    """Progress (0–100 %) per row, one colour; the figure is written on each bar."""
    fig = go.Figure(
        go.Bar(
            x=[_num(v) if v is not None else 0 for v in values],
            y=[_short(label) for label in labels],
            customdata=labels,
            orientation="h",
            marker={"color": SERIES_COLOURS[0]},
            text=[_label(v, "%") for v in values],
            textposition="auto",
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    base_layout(fig, title=title, height=max(220, 60 + 36 * len(labels)))
    _percent_axis(fig, _("Progress (%)"))
    _label_margin(fig, [_short(label) for label in labels])
    fig.update_yaxes(autorange="reversed", automargin=True)
    return figure_json(fig)


def against_target(
    *,
    labels: list[str],
    achieved: list[Decimal | None],
    targets: list[Decimal | None],
    title: str,
    achieved_name: str,
    target_name: str,
    statuses: list[str] | None = None,
) -> str:
    """Value (bars) against target (markers) per row, e.g. elements treated out of 15."""
    texts = [_label(v) for v in achieved]
    hover = list(texts)
    if statuses:
        # The bar carries the symbol (narrow bars); the hover and the table beside the chart carry the words.
        texts = [f"{t} {STATUS_SYMBOLS[s]}" for t, s in zip(texts, statuses, strict=True)]
        hover = [f"{t} {status_text(s)}" for t, s in zip(hover, statuses, strict=True)]
    colours = [STATUS_COLOURS[s] for s in statuses] if statuses else SERIES_COLOURS[0]
    short = [_short(label, 16) for label in labels]
    fig = go.Figure(
        [
            go.Bar(
                x=short,
                y=[_num(v) for v in achieved],
                customdata=[[label, h] for label, h in zip(labels, hover, strict=True)],
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
                name=achieved_name,
                marker={"color": colours},
                text=texts,
                textposition="outside",
                textangle=0,
                cliponaxis=False,
            ),
            go.Scatter(
                x=short,
                y=[_num(t) for t in targets],
                name=target_name,
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 28, "color": "#000000", "line": {"width": 3}},
            ),
        ]
    )
    base_layout(fig, title=title, height=380)
    fig.update_xaxes(type="category", automargin=True)
    fig.update_yaxes(rangemode="tozero", automargin=True)
    return figure_json(fig)


# --- the pages' figures ------------------------------------------------------------------------------


def overview_heatmap(card) -> str:
    return heatmap(
        rows=[s.secretariat.name for s in card.secretariats],
        columns=[a.code for a in card.axis_objects],
        values=[[s.axes[a.code] for a in card.axis_objects] for s in card.secretariats],
        title=_("Progress of each secretariat on each axis (%)"),
    )


def overview_progress(*, cards, window, history) -> str:
    axes = cards[window[-1].pk].axis_objects
    series = [(_("Programme"), [overall for _p, overall in history])]
    for axis in axes:
        series.append((axis.name, [cards[p.pk].axis(axis.code).progress for p in window]))
    return lines(x=[quarter_label(p) for p in window], series=series, title=_("Progress by quarter (%)"))


def secretariat_achievement(*, card, summary) -> str:
    results = [summary.indicators[i.code] for i in card.indicators]
    return status_bars(
        labels=[i.name for i in card.indicators],
        achievements=[r.achievement for r in results],
        statuses=[r.status for r in results],
        title=_("Achievement of each indicator (percent of target)"),
    )


def secretariat_axes(*, card, summary) -> str:
    return progress_bars(
        labels=[a.name for a in card.axis_objects],
        values=[summary.axes[a.code] for a in card.axis_objects],
        title=_("Progress per axis (%)"),
    )


def secretariat_trend(*, cards, window, secretariat) -> str:
    indicators = cards[window[-1].pk].indicators
    series = [
        (i.name, [cards[p.pk].secretariat(secretariat.code).indicators[i.code].achievement for p in window])
        for i in indicators
    ]
    return lines(
        x=[quarter_label(p) for p in window],
        series=series,
        title=_("Achievement by quarter (percent of target)"),
    )


def axis_secretariats(*, card, axis_summary) -> str:
    codes = list(axis_summary.secretariats)
    return progress_bars(
        labels=[card.secretariat(c).secretariat.name for c in codes],
        values=[axis_summary.secretariats[c] for c in codes],
        title=_("Progress on the axis per secretariat (%)"),
    )


def axis_matrix(*, card, axis_summary, initiatives) -> str:
    codes = list(axis_summary.secretariats)
    return heatmap(
        rows=[card.secretariat(c).secretariat.name for c in codes],
        columns=[i.code for i in initiatives],
        values=[[card.progress.get((i.code, c)) for i in initiatives] for c in codes],
        title=_("Progress of each secretariat on each initiative (%)"),
    )


def initiative_progress(*, initiative, cards, window, quantities) -> str:
    series = [
        (q.secretariat.name, [cards[p.pk].progress.get((initiative.code, q.secretariat.code)) for p in window])
        for q in quantities
    ]
    return lines(x=[quarter_label(p) for p in window], series=series, title=_("Progress by quarter (%)"))


def initiative_quantity(*, initiative, card, quantities) -> str:
    return against_target(
        labels=[q.secretariat.name for q in quantities],
        achieved=[q.quantity for q in quantities],
        targets=[initiative.target_quantity for _q in quantities],
        title=_("Quantity achieved against the target (%(unit)s)") % {"unit": initiative.unit or "—"},
        achieved_name=_("Achieved"),
        target_name=_("Target"),
    )


def indicator_values(*, indicator, card) -> str:
    results = [s.indicators[indicator.code] for s in card.secretariats]
    return against_target(
        labels=[s.secretariat.name for s in card.secretariats],
        achieved=[r.value for r in results],
        targets=[r.target for r in results],
        statuses=[r.status for r in results],
        title=_("Values against targets (%(unit)s)") % {"unit": indicator.get_unit_display()},
        achieved_name=_("Value"),
        target_name=_("Target"),
    )


def indicator_trend(*, indicator, cards, window) -> str:
    secretariats = cards[window[-1].pk].secretariats
    series = [
        (
            s.secretariat.name,
            [
                cards[p.pk].secretariat(s.secretariat.code).indicators[indicator.code].value
                if cards[p.pk].secretariat(s.secretariat.code)
                else None
                for p in window
            ],
        )
        for s in secretariats
    ]
    return lines(
        x=[quarter_label(p) for p in window],
        series=series,
        title=_("Values by quarter (%(unit)s)") % {"unit": indicator.get_unit_display()},
    )
