"""The dashboard tables, as the page shows them and as CSV or XLSX downloads.

A page builds its :class:`Table` objects once; the template renders them and
``?export=csv|xlsx&table=<id>`` sends the same rows, in the page's language.
Numbers leave here rounded to two decimals (the edge of DESIGN §4 rule 10).
Quarters read as names in captions and headers (:func:`madinati.bilingual.quarter_label`);
a quarter in a data column leaves as its ``YYYY-Qn`` key. The XLSX is written by
openpyxl's write-only mode: rows go to a temporary file as they are appended,
never held as a sheet of cell objects.
"""

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext_noop, override
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from madinati.bilingual import quarter_label
from madinati.charts import STATUS_SYMBOLS
from madinati.csv import CONTENT_TYPE, looks_like_formula, write_csv
from madinati.numbers import display_number

CENT = Decimal("0.01")
EXPORT_FORMATS = ("csv", "xlsx")


_STATUS_WORDS = {
    "on_track": gettext_noop("On track"),
    "at_risk": gettext_noop("At risk"),
    "off_track": gettext_noop("Off track"),
    "no_data": gettext_noop("No data"),
}


def status_text(status: str) -> str:
    """Symbol and words: a status is never shown by colour alone. One lookup per cell (a table of a hundred
    secretariats has thousands), not a ``gettext`` call."""
    return _status_words(get_language())[status]


@lru_cache(maxsize=16)
def _status_words(language: str | None) -> dict[str, str]:
    """``{status: symbol and words}`` in a language, translated once per process."""
    with override(language):
        return {key: f"{STATUS_SYMBOLS[key]} {_(words)}" for key, words in _STATUS_WORDS.items()}


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


fmt = display_number  # the one display formatter (madinati.numbers), by its short name here


@dataclass
class Cell:
    text: str
    value: object = None  # what a spreadsheet gets (a number), when it differs from the text
    status: str | None = None  # on_track / at_risk / off_track / no_data: styled, with symbol in the text
    href: str | None = None
    numeric: bool = False
    header: bool = False  # the row's header cell (th scope=row)

    @property
    def export(self):
        return self.value if self.value is not None else ("" if self.text == "–" else self.text)


def text(value: str, *, href: str | None = None, header: bool = False) -> Cell:
    return Cell(text=value, href=href, header=header)


def quarter(period) -> Cell:
    """A quarter as a row's header: its name on the page, its ``YYYY-Qn`` key in a download's data column."""
    return Cell(text=quarter_label(period), value=period.key, header=True)


def number(value: Decimal | int | None, *, signed: bool = False) -> Cell:
    exported = value if isinstance(value, int) else rounded(value)
    return Cell(text=fmt(value, signed=signed), value=exported, numeric=True)


def status(value: str) -> Cell:
    return Cell(text=status_text(value), status=value)


class LazyRows(Sequence):
    """A table's rows, each built when first read: the page shows the first 25 rows of a 300-row ranking
    (templates/dashboards/partials/long_table.html), a download or ``?all=`` every one."""

    def __init__(self, items, build):
        self._items, self._build, self._built = list(items), build, {}

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._items)))]
        index = range(len(self._items))[index]  # IndexError past the end, as a list
        if index not in self._built:
            self._built[index] = self._build(self._items[index])
        return self._built[index]

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented


@dataclass
class Table:
    id: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] | LazyRows = field(default_factory=list)
    visually_hidden: bool = False  # the figures of a chart, for screen readers and for export


def find(tables: list[Table], table_id: str | None) -> Table | None:
    """The table asked for, or the page's first (its main table) when none is named."""
    if not tables:
        return None
    if not table_id:
        return tables[0]
    return next((t for t in tables if t.id == table_id), None)


def _rows(table: Table):
    for row in table.rows:
        yield [cell.export for cell in row]


def as_csv(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(write_csv(_rows(table), header=table.headers), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


SPOOL_BYTES = 1024 * 1024  # a workbook bigger than this is assembled on disk, not in memory
BOLD = Font(bold=True)


def _xlsx_cell(sheet, value, *, header: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    # A name or note that reads as a formula stays text, with Excel's quote prefix (issue 12).
    if isinstance(value, str) and looks_like_formula(value):
        cell.data_type, cell.quotePrefix = "s", True
    if header:
        cell.font = BOLD
    return cell


def as_xlsx(table: Table, filename: str, *, rtl: bool) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.id[:31])
    sheet.sheet_view.rightToLeft = rtl
    sheet.append([_xlsx_cell(sheet, name, header=True) for name in table.headers])
    for row in _rows(table):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
        workbook.save(buffer)
        buffer.seek(0)
        body = buffer.read()
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def respond(table: Table, fmt_: str, filename: str, *, rtl: bool) -> HttpResponse:
    if fmt_ == "xlsx":
        return as_xlsx(table, filename, rtl=rtl)
    return as_csv(table, filename)


# --- the pages' tables ------------------------------------------------------------------------------

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[Decimal | None]) -> str:
    """A one-line trend in block characters (its figures are in the trend chart's table)."""
    present = [v for v in values if v is not None]
    if not present:
        return "–"
    low, high = min(present), max(present)
    span = high - low
    marks = []
    for v in values:
        if v is None:
            marks.append("·")
        elif span == 0:
            marks.append(SPARKS[len(SPARKS) // 2])
        else:
            marks.append(SPARKS[int((v - low) / span * (len(SPARKS) - 1))])
    return "".join(marks)


def _link(name: str, code: str, query: str) -> str:
    return f"{reverse(name, args=[code])}?{query}" if query else reverse(name, args=[code])


def _secretariat_cell(secretariat, query: str) -> Cell:
    return text(secretariat.name, href=_link("secretariat-detail", secretariat.code, query), header=True)


def overview_tables(*, card, cards, window, history, query: str, national: dict, shown_groups: set) -> list[Table]:
    """``national``: secretariat code → national rank; ``shown_groups``: the groups that reported (an unscored
    secretariat of another group would be a row of dashes: the page names those groups instead)."""
    ranking = Table(
        id="ranking",
        caption=_("Ranking of the secretariats in %(period)s") % {"period": quarter_label(card.period)},
        headers=[_("Rank"), _("Secretariat"), _("National rank"), _("Group"), _("Score (%)"), _("Progress (%)")]
        + [i.name for i in card.indicators],
    )
    ranking.rows = LazyRows(
        (s for s in card.secretariats if s.secretariat.group in shown_groups or s.score is not None),
        lambda s: (
            [
                number(s.rank),
                _secretariat_cell(s.secretariat, query),
                number(national.get(s.secretariat.code)),
                number(s.secretariat.group),
                number(s.score),
                number(s.progress),
            ]
            + [status(s.indicators[i.code].status) for i in card.indicators]
        ),
    )
    heatmap = Table(
        id="axes",
        caption=_("Progress of each secretariat on each axis (%)"),
        headers=[_("Secretariat")] + [a.name for a in card.axis_objects],
    )
    for s in card.secretariats:
        heatmap.rows.append(
            [_secretariat_cell(s.secretariat, query)] + [number(s.axes[a.code]) for a in card.axis_objects]
        )
    by_quarter = Table(
        id="progress",
        caption=_("Progress by quarter (%)"),
        headers=[_("Quarter"), _("Programme")] + [a.name for a in card.axis_objects],
    )
    for period, overall in history:
        axes = {a.axis.code: a.progress for a in cards[period.pk].axes}
        by_quarter.rows.append([quarter(period), number(overall)] + [number(axes[a.code]) for a in card.axis_objects])
    return [ranking, heatmap, by_quarter]


def _previous(cards, window, period):
    earlier = [p for p in window if p.pk == period.pk - 1]
    return cards[earlier[0].pk] if earlier else None


def secretariat_tables(*, card, cards, window, summary, initiatives, query: str) -> list[Table]:
    code = summary.secretariat.code
    previous = _previous(cards, window, card.period)
    before = previous.secretariat(code) if previous else None
    scores = Table(
        id="indicators",
        caption=_("Indicators of %(name)s in %(period)s")
        % {"name": summary.secretariat.name, "period": quarter_label(card.period)},
        headers=[
            _("Indicator"),
            _("Value"),
            _("Target"),
            _("Achievement (%)"),
            _("Status"),
            _("Change from last quarter"),
            _("Trend (last quarters)"),
        ],
    )
    for indicator in card.indicators:
        result = summary.indicators[indicator.code]
        last = before.indicators[indicator.code].value if before else None
        change = result.value - last if result.value is not None and last is not None else None
        trend = [cards[p.pk].secretariat(code).indicators[indicator.code].value for p in window]
        spark = Cell(
            text=sparkline(trend),
            value=" ; ".join(fmt(v) for v in trend),
        )
        scores.rows.append(
            [
                text(indicator.name, href=_link("indicator-detail", indicator.code, query), header=True),
                number(result.value),
                number(result.target),
                number(result.achievement),
                status(result.status),
                number(change, signed=True),
                spark,
            ]
        )
    axes = Table(id="axes", caption=_("Progress per axis (%)"), headers=[_("Axis"), _("Progress (%)")])
    for axis in card.axis_objects:
        axes.rows.append(
            [text(axis.name, href=_link("axis-detail", axis.code, query), header=True), number(summary.axes[axis.code])]
        )
    headers = [_("Code"), _("Initiative"), _("Axis"), _("Lead"), _("Weight"), _("Progress (%)")]
    taking_part = Table(id="initiatives", caption=_("Initiatives it takes part in"), headers=headers)
    leading = Table(id="led", caption=_("Initiatives it leads"), headers=headers)
    for initiative in initiatives:
        row = [
            text(initiative.code),
            text(initiative.name, href=_link("initiative-detail", initiative.code, query), header=True),
            text(initiative.axis.name),
            text(initiative.lead_secretariat.name if initiative.lead_secretariat else _("The ministry")),
            number(initiative.weight),
            number(card.progress.get((initiative.code, code))),
        ]
        taking_part.rows.append(row)
        if initiative.lead_secretariat_id == summary.secretariat.pk:
            leading.rows.append(row)
    return [scores, axes, taking_part, leading]


def axis_tables(*, card, axis_summary, initiatives, query: str) -> list[Table]:
    participants = [card.secretariat(code) for code in axis_summary.secretariats]
    by_secretariat = Table(
        id="secretariats",
        caption=_("Progress on the axis per secretariat (%)"),
        headers=[_("Secretariat"), _("Progress (%)")],
    )
    for s in participants:
        by_secretariat.rows.append(
            [_secretariat_cell(s.secretariat, query), number(axis_summary.secretariats[s.secretariat.code])]
        )
    listing = Table(
        id="initiatives",
        caption=_("Initiatives of the axis"),
        headers=[_("Code"), _("Initiative"), _("Lead"), _("Weight"), _("Target quantity")],
    )
    for initiative in initiatives:
        target = f"{fmt(initiative.target_quantity)} {initiative.unit}".strip() if initiative.target_quantity else "–"
        listing.rows.append(
            [
                text(initiative.code),
                text(initiative.name, href=_link("initiative-detail", initiative.code, query), header=True),
                text(initiative.lead_secretariat.name if initiative.lead_secretariat else _("The ministry")),
                number(initiative.weight),
                Cell(text=target, value=rounded(initiative.target_quantity), numeric=True),
            ]
        )
    matrix = Table(
        id="matrix",
        caption=_("Progress of each secretariat on each initiative (%); – where it does not take part"),
        headers=[_("Secretariat")] + [i.code for i in initiatives],
    )
    for s in participants:
        matrix.rows.append(
            [_secretariat_cell(s.secretariat, query)]
            + [number(card.progress.get((i.code, s.secretariat.code))) for i in initiatives]
        )
    return [by_secretariat, listing, matrix]


def initiative_tables(*, initiative, card, cards, window, quantities, query: str) -> list[Table]:
    headers = [_("Secretariat"), _("Progress (%)")]
    if initiative.target_quantity is not None:
        headers += [
            _("Quantity achieved (%(unit)s)") % {"unit": initiative.unit or "—"},
            _("Target quantity"),
        ]
    participants = Table(
        id="participants",
        caption=_("Participating secretariats in %(period)s") % {"period": quarter_label(card.period)},
        headers=headers,
    )
    for q in quantities:
        row = [
            _secretariat_cell(q.secretariat, query),
            number(card.progress.get((initiative.code, q.secretariat.code))),
        ]
        if initiative.target_quantity is not None:
            row += [number(q.quantity), number(initiative.target_quantity)]
        participants.rows.append(row)
    by_quarter = Table(
        id="progress",
        caption=_("Progress by quarter (%)"),
        headers=[_("Secretariat")] + [quarter_label(p) for p in window],
    )
    for q in quantities:
        by_quarter.rows.append(
            [_secretariat_cell(q.secretariat, query)]
            + [number(cards[p.pk].progress.get((initiative.code, q.secretariat.code))) for p in window]
        )
    return [participants, by_quarter]


def indicator_tables(*, indicator, card, cards, window, query: str) -> list[Table]:
    values = Table(
        id="values",
        caption=_("Values against targets in %(period)s") % {"period": quarter_label(card.period)},
        headers=[_("Secretariat"), _("Value"), _("Target"), _("Achievement (%)"), _("Status")],
    )
    for s in card.secretariats:
        result = s.indicators[indicator.code]
        values.rows.append(
            [
                _secretariat_cell(s.secretariat, query),
                number(result.value),
                number(result.target),
                number(result.achievement),
                status(result.status),
            ]
        )
    trend = Table(
        id="trend",
        caption=_("Values by quarter"),
        headers=[_("Secretariat")] + [quarter_label(p) for p in window],
    )
    for s in card.secretariats:
        code = s.secretariat.code
        trend.rows.append(
            [_secretariat_cell(s.secretariat, query)]
            + [number(_value_in(cards[p.pk], code, indicator.code)) for p in window]
        )
    return [values, trend]


def _value_in(card, secretariat_code: str, indicator_code: str) -> Decimal | None:
    summary = card.secretariat(secretariat_code)
    return summary.indicators[indicator_code].value if summary else None
