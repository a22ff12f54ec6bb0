"""A plan file's rows: the columns of ``reporting.services.plans.PLAN_COLUMNS`` from a guarded upload."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reporting.services.plans import PLAN_COLUMNS
from reporting.spreadsheets import ImportFileError, read_table


def plan_rows(uploaded) -> tuple[list[dict], list[int]]:
    """``(rows, line numbers)``; :class:`ImportFileError` for a refused file or a missing column."""
    table = read_table(uploaded)
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [str(v).strip().lower() if v is not None else "" for v in table[0]]
    missing = [name for name in PLAN_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    positions = {name: header.index(name) for name in PLAN_COLUMNS}
    rows, lines = [], []
    for line, cells in enumerate(table[1:], start=2):
        row = {}
        for name, i in positions.items():
            value = cells[i] if i < len(cells) else None
            row[name] = "" if value is None else (repr(value) if isinstance(value, float) else str(value)).strip()
        if any(row.values()):
            rows.append(row)
            lines.append(line)
    if not rows:
        raise ImportFileError(_("The file has no plans to import."))
    return rows, lines
