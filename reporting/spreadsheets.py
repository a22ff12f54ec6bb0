"""Spreadsheet files for the import: the templates we hand out and the parsing of what comes back.

Parsing only turns a file into rows for ``reporting.services.imports.values_import``;
it refuses what is not a plain spreadsheet (wrong type, too large, macros,
formulas) before a single cell is trusted.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.models import Indicator, IndicatorValue, Target, Unit
from madinati.numbers import format_number
from programme.models import ReportingPeriod, Secretariat

#: Columns read back on import, in template order.
COLUMNS = ("secretariat", "indicator", "period", "value", "note")
#: Columns for the person filling the template; ignored on import.
INFO_COLUMNS = ("indicator_name", "unit", "target", "previous_value")
REQUIRED = ("secretariat", "indicator", "period", "value")
ZIP_MAGIC = b"PK\x03\x04"
MAX_ROWS = 2000


class ImportFileError(Exception):
    """The file cannot be read as an import; ``str(exc)`` is the translated reason."""


@dataclass
class ParsedFile:
    rows: list[dict]
    #: spreadsheet row number (1 = header) of each parsed row, for error messages
    line_numbers: list[int]
    columns: dict[str, str]  # field -> column letter


# --------------------------------------------------------------------------- templates


def template_rows(*, secretariat: Secretariat, period: ReportingPeriod) -> list[list]:
    """One row per manual indicator, with the current value and note when there is one."""
    indicators = list(Indicator.objects.filter(source="manual").order_by("sort_order", "code"))
    current = {v.indicator_id: v for v in IndicatorValue.objects.filter(secretariat=secretariat, period=period)}
    previous = {
        v.indicator_id: v for v in IndicatorValue.objects.filter(secretariat=secretariat, period_id=period.pk - 1)
    }
    targets = {t.indicator_id: t.value for t in Target.objects.filter(secretariat=secretariat, period=period)}
    rows = []
    for indicator in indicators:
        value = current.get(indicator.pk)
        rows.append(
            [
                secretariat.code,
                indicator.code,
                period.key,
                value.value if value else None,
                value.note if value else "",
                indicator.name,
                str(Unit(indicator.unit).label),
                targets.get(indicator.pk),
                previous[indicator.pk].value if indicator.pk in previous else None,
            ]
        )
    return rows


def _plain(cell_value):
    if isinstance(cell_value, Decimal):
        return float(cell_value) if cell_value != cell_value.to_integral_value() else int(cell_value)
    return cell_value


def template_xlsx(*, secretariat: Secretariat, period: ReportingPeriod, rtl: bool) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "values"
    sheet.sheet_view.rightToLeft = rtl
    header = [*COLUMNS, *INFO_COLUMNS]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for values in template_rows(secretariat=secretariat, period=period):
        sheet.append([_plain(v) for v in values])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            # Text that looks like a formula stays text: we never hand out a formula.
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
            if cell.column > len(COLUMNS):
                cell.fill = grey
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(name) + 4)
    sheet.column_dimensions["F"].width = 40
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv(*, secretariat: Secretariat, period: ReportingPeriod) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*COLUMNS, *INFO_COLUMNS])
    for values in template_rows(secretariat=secretariat, period=period):
        writer.writerow(["" if v is None else (format_number(v) if isinstance(v, Decimal) else v) for v in values])
    # A byte-order mark so spreadsheet programs read the Arabic names as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --------------------------------------------------------------------------- parsing


def parse_upload(uploaded) -> ParsedFile:
    """Rows from an uploaded XLSX or CSV file; :class:`ImportFileError` when the file is refused."""
    name = (uploaded.name or "").lower()
    if uploaded.size > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large (%(size)s KB); the limit is %(limit)s KB.")
            % {"size": uploaded.size // 1024, "limit": settings.IMPORT_MAX_BYTES // 1024}
        )
    data = uploaded.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large; the limit is %(limit)s KB.") % {"limit": settings.IMPORT_MAX_BYTES // 1024}
        )
    if name.endswith((".xlsm", ".xltm", ".xlsb", ".xls")):
        raise ImportFileError(
            _("Files with macros or in the old Excel format are not accepted; save the sheet as .xlsx or .csv.")
        )
    if name.endswith(".xlsx"):
        table = _read_xlsx(data)
    elif name.endswith(".csv"):
        table = _read_csv(data)
    else:
        raise ImportFileError(_("Upload an .xlsx or .csv file (the template you downloaded)."))
    return _rows_from_table(table)


def _read_xlsx(data: bytes) -> list[list]:
    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError(_("This file is not a real .xlsx spreadsheet."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, KeyError):
        raise ImportFileError(_("This file is not a real .xlsx spreadsheet.")) from None
    if any("vbaproject" in n.lower() for n in names) or b"macroEnabled" in content_types:
        raise ImportFileError(_("The spreadsheet contains macros; save it as a plain .xlsx without macros."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many types for a damaged file
        raise ImportFileError(_("This file is not a real .xlsx spreadsheet.")) from None
    try:
        sheet = workbook.worksheets[0]
        table = []
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                value = cell.value
                if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                    raise ImportFileError(
                        _("Cell %(cell)s holds a formula; type the figure itself (no formulas).")
                        % {"cell": getattr(cell, "coordinate", "")}
                    )
                cells.append(value)
            table.append(cells)
            if len(table) > MAX_ROWS + 1:
                raise ImportFileError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    finally:
        workbook.close()
    return table


def _read_csv(data: bytes) -> list[list]:
    if b"\x00" in data or data.startswith(ZIP_MAGIC):
        raise ImportFileError(_("This file is not a CSV text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Save the CSV file as UTF-8 text.")) from None
    try:
        table = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise ImportFileError(_("This file is not a CSV text file.")) from None
    for line, row in enumerate(table, start=1):
        for column, value in enumerate(row, start=1):
            if value.strip().startswith("="):
                raise ImportFileError(
                    _("Cell %(cell)s holds a formula; type the figure itself (no formulas).")
                    % {"cell": f"{get_column_letter(column)}{line}"}
                )
    if len(table) > MAX_ROWS + 1:
        raise ImportFileError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    return table


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_from_table(table: list[list]) -> ParsedFile:
    if not table or all(_blank(v) for v in table[0]):
        raise ImportFileError(_("The file is empty."))
    header = [str(v).strip().lower() if v is not None else "" for v in table[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            _("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    rows, lines = [], []
    for line, cells in enumerate(table[1:], start=2):
        picked = {name: (cells[i] if i < len(cells) else None) for name, i in positions.items()}
        if all(_blank(picked.get(name)) for name in COLUMNS):
            continue
        if _blank(picked.get("value")):
            # A template row left empty: nothing to import for that indicator.
            continue
        row = {name: ("" if picked.get(name) is None else picked[name]) for name in COLUMNS}
        if isinstance(row["value"], float):
            row["value"] = repr(row["value"])
        row = {k: (v if isinstance(v, str) else str(v)) for k, v in row.items()}
        rows.append(row)
        lines.append(line)
    if not rows:
        raise ImportFileError(_("The file has no figures to import: fill in the value column."))
    return ParsedFile(
        rows=rows,
        line_numbers=lines,
        columns={name: get_column_letter(i + 1) for name, i in positions.items()},
    )
