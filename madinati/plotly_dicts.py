"""The part of ``plotly.graph_objects`` the dashboards use, as plain dicts: the same figure JSON, built
without plotly's validation of every property on every assignment.

A dashboard page at national scale draws a heatmap of 100 secretariats or a box per quarter over
thousands of figures; through ``go.Figure`` building and serialising them was a tenth of a page's time.
Here a trace is a dict, ``Figure`` merges layout updates the way plotly does (nested dicts merged, the
rest replaced) and writes the layout with plotly's default template, so ``to_json()`` is what plotly
wrote. ``tests/madinati/test_plotly_dicts.py`` holds the two to the same JSON and runs every chart of the
pages through plotly's own validation.

Plotly's "magic underscore" keywords (``title_text=``) are not understood (``paper_bgcolor`` is a
property of its own): write ``title={"text": …}``; the validation test catches a slip.
"""

from __future__ import annotations

import json
from functools import cache

import plotly.io as pio


@cache
def _template() -> dict:
    """Plotly's default template as plotly writes it into each figure's layout (built once)."""
    return pio.templates[pio.templates.default].to_plotly_json()


def _merge(target: dict, changes: dict) -> None:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = _plain(value)


def _plain(value):
    """Copies of nested dicts and lists, so a later update never changes a dict the caller still holds."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _trace(kind: str, properties: dict) -> dict:
    trace = {"type": kind}
    _merge(trace, properties)
    return trace


def Bar(**properties) -> dict:  # noqa: N802  the plotly name
    return _trace("bar", properties)


def Box(**properties) -> dict:  # noqa: N802
    return _trace("box", properties)


def Heatmap(**properties) -> dict:  # noqa: N802
    return _trace("heatmap", properties)


def Scatter(**properties) -> dict:  # noqa: N802
    return _trace("scatter", properties)


class Figure:
    """``Figure(trace)``, ``add_trace``, ``update_layout``, ``update_xaxes``, ``update_yaxes``, ``to_json``."""

    def __init__(self, data: dict | list[dict] | None = None):
        self.data = [] if data is None else [data] if isinstance(data, dict) else list(data)
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> Figure:
        self.data.append(trace)
        return self

    def update_layout(self, **changes) -> Figure:
        _merge(self.layout, changes)
        return self

    def _update_axes(self, letter: str, changes: dict) -> Figure:
        names = [name for name in self.layout if name.startswith(f"{letter}axis")] or [f"{letter}axis"]
        for name in names:
            _merge(self.layout.setdefault(name, {}), changes)
        return self

    def update_xaxes(self, **changes) -> Figure:
        return self._update_axes("x", changes)

    def update_yaxes(self, **changes) -> Figure:
        return self._update_axes("y", changes)

    def to_dict(self) -> dict:
        return {"data": self.data, "layout": {**self.layout, "template": _template()}}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"), allow_nan=False)
