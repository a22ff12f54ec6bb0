"""``{% table_rows table %}``: a dashboard table's body in one pass of Python.

A table of a hundred secretariats has a thousand cells; the template loop over them (an ``if`` per
cell, three variable lookups) was a third of the overview's rendering. This writes the same HTML,
cell for cell (``tests/dashboards/test_table_rows.py`` compares it with the template it replaces).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _cell(cell) -> str:
    text = conditional_escape(cell.text)
    if cell.href:
        inner = f'<a href="{conditional_escape(cell.href)}">{text}</a>'
    elif cell.status:
        inner = f'<span class="dash-status dash-status-{conditional_escape(cell.status)}">{text}</span>'
    else:
        inner = f"<bdi>{text}</bdi>"
    if cell.header:
        return f'<th scope="row">{inner}</th>'
    return f'<td class="num text-end">{inner}</td>' if cell.numeric else f"<td>{inner}</td>"


@register.simple_tag
def table_rows(table, limit: int | None = None) -> SafeString:
    """Each row as ``<tr>…</tr>`` (then the newline and indent the template had), or the row saying there is none.

    ``limit``: only the first rows (a long table's first page; the whole one is a link away).
    """
    if not table.rows:
        message = conditional_escape(_("No figures for this selection."))
        return mark_safe(f'<tr><td colspan="{len(table.headers)}">{message}</td></tr>')  # noqa: S308
    rows = table.rows[:limit] if isinstance(limit, int) else table.rows  # unset in the template: ""
    return mark_safe("".join(f"<tr>{''.join(_cell(c) for c in row)}</tr>\n  " for row in rows))  # noqa: S308
