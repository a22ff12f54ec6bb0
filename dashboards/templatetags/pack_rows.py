"""The review pack's four big tables, their bodies written in one pass of Python.

At 100 secretariats × 50 indicators the pack has some 20,000 cells; through the template's loops (an
``if`` and three lookups a cell) they were four fifths of the pack's time. These tags write the rows
the template wrote, cell for cell (``tests/dashboards/test_pack_rows.py`` renders both and compares).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dashboards.exports import status_text
from indicators.scoring import STATUSES
from madinati.numbers import display_number

register = template.Library()

DASH = "—"


def _percent(value) -> str:
    """A figure with its percent sign, or the dash; display_number's output is digits and separators only."""
    return DASH if value is None else f"{display_number(value)}%"


def _amount(value) -> str:
    return DASH if value is None else display_number(value)


def _statuses() -> dict[str, str]:
    """Each status's symbol and words (:func:`dashboards.exports.status_text`), escaped once per table."""
    return {key: conditional_escape(status_text(key)) for key in STATUSES}


def _names(items) -> dict[int, str]:
    """Each indicator's (or initiative's) name in the page's language, escaped, once per table."""
    return {item.pk: conditional_escape(item.name) for item in items}


def _safe(rows) -> SafeString:
    return mark_safe("".join(rows))  # noqa: S308  every text is escaped above, every figure is digits


@register.simple_tag
def pack_target_rows(section) -> SafeString:
    """Section 1: one secretariat's indicators, target, achieved, achievement and status."""
    statuses, names = _statuses(), _names(row.indicator for row in section.rows)
    return _safe(
        f'<tr><th scope="row" class="fw-normal">{names[row.indicator.pk]}</th>'
        f'<td class="num">{_amount(row.result.target)}</td><td class="num">{_amount(row.result.value)}</td>'
        f'<td class="num">{_percent(row.result.achievement)}</td>'
        f'<td class="pack-status">{statuses[row.cell.status]}</td></tr>\n'
        for row in section.rows
    )


@register.simple_tag
def pack_indicator_rows(pack) -> SafeString:
    """Section 2: each indicator's status in each secretariat, with the achievement when there is one."""
    rows, statuses = [], _statuses()
    for row in pack.indicator_rows:
        cells = "".join(
            f'<td class="pack-status">{statuses[cell.status]}'
            + (
                f' <span class="num small">({_percent(cell.achievement)})</span>'
                if cell.achievement is not None
                else ""
            )
            + "</td>"
            for cell in row.cells
        )
        rows.append(
            f'<tr><th scope="row" class="fw-normal">{conditional_escape(row.indicator.name)}</th>{cells}</tr>\n'
        )
    return _safe(rows)


@register.simple_tag
def pack_axis_rows(pack) -> SafeString:
    """Section 3: each axis's progress in the group and in each secretariat."""
    return _safe(
        f'<tr><th scope="row" class="fw-normal">{conditional_escape(row.axis.code)} · {conditional_escape(row.axis.name)}</th>'
        f'<td class="num">{_percent(row.progress)}</td>'
        + "".join(f'<td class="num">{_percent(p)}</td>' for p in row.cells)
        + "</tr>\n"
        for row in pack.axis_rows
    )


@register.simple_tag
def pack_initiative_rows(rows) -> SafeString:
    """Section 4: an axis's initiatives, their average and each participant's progress; "·" for no part."""
    absent = f'<td class="num"><span title="{conditional_escape(_("Does not take part"))}">·</span></td>'
    return _safe(
        f'<tr><th scope="row" class="fw-normal">{conditional_escape(row.initiative.code)} · '
        f"{conditional_escape(row.initiative.name)}</th>"
        f'<td class="num">{_percent(row.progress)}</td>'
        + "".join(absent if p is None else f'<td class="num">{_percent(p)}</td>' for p in row.cells)
        + "</tr>\n"
        for row in rows
    )
