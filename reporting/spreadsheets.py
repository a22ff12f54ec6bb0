"""Spreadsheet files for the import: the templates we hand out and the parsing of what comes back.

Parsing only turns a file into rows for ``reporting.services.imports.values_import``;
it refuses what is not a plain spreadsheet (wrong type, too large, macros,
formulas) before a single cell is trusted.

An upload is hostile until proven otherwise: an .xlsx is a zip of XML files, so a
few kilobytes can expand to gigabytes (a deflate bomb) or to billions of entities
(billion laughs). Before openpyxl opens anything, :func:`_check_archive` reads every
member as a stream, counting the bytes it really inflates, and refuses the file at
the first byte past the cap, at an unusual compression method, or at a DTD. What
openpyxl then parses goes through defusedxml (openpyxl uses it when installed), and
any parse error is the friendly refusal, never a 500.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.models import Indicator, IndicatorValue, Target, Unit
from madinati.csv import FORMULA_QUOTE, FORMULA_TRIGGERS, looks_like_formula, write_csv
from programme.models import ReportingPeriod, Secretariat

#: Columns read back on import, in template order.
COLUMNS = ("secretariat", "indicator", "period", "value", "note")
#: Columns for the person filling the template; ignored on import.
INFO_COLUMNS = ("indicator_name", "unit", "target", "previous_value")
REQUIRED = ("secretariat", "indicator", "period", "value")
ZIP_MAGIC = b"PK\x03\x04"
MAX_ROWS = 2000
#: Cells a row may fill: the template has nine columns; room for a few of the officer's own.
MAX_COLUMNS = 30
#: Characters in one cell: a note is at most 2000; anything longer is not a figure sheet.
MAX_CELL_CHARS = 4000
#: An .xlsx inflates to at most this many times the upload cap, all members together.
MAX_EXPANSION = 20
#: Members of an .xlsx: a plain workbook has about ten.
MAX_MEMBERS = 100
#: Compression methods Excel, LibreOffice and openpyxl write; anything else is refused unread.
ALLOWED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
#: Markup no spreadsheet part needs and every entity attack does.
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
#: How much of the stream the DTD scan keeps between chunks, so a marker split across two is still seen.
_OVERLAP = max(len(m) for m in _DTD_MARKERS)


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
            # Text that looks like a formula stays text, shown with Excel's quote prefix: we never hand
            # out a formula, and the note reads back exactly as it was saved.
            if isinstance(cell.value, str) and looks_like_formula(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
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
    return write_csv(template_rows(secretariat=secretariat, period=period), header=[*COLUMNS, *INFO_COLUMNS])


# --------------------------------------------------------------------------- parsing


def parse_upload(uploaded) -> ParsedFile:
    """Rows from an uploaded XLSX or CSV file; :class:`ImportFileError` when the file is refused."""
    return _rows_from_table(read_table(uploaded))


def read_table(uploaded) -> list[list]:
    """The cells of an uploaded XLSX or CSV file after every guard (size, type, macros, bombs, formulas).

    Other imports (the plans) read their own columns from it; :class:`ImportFileError` when the file is refused.
    """
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
        return _read_xlsx(data)
    if name.endswith(".csv"):
        return _read_csv(data)
    raise ImportFileError(_("Upload an .xlsx or .csv file (the template you downloaded)."))


def _read_xlsx(data: bytes) -> list[list]:
    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError(_("This file is not a real .xlsx spreadsheet."))
    names, content_types = _check_archive(data)
    if any("vbaproject" in n.lower() for n in names) or b"macroEnabled" in content_types:
        raise ImportFileError(_("The spreadsheet contains macros; save it as a plain .xlsx without macros."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            return _sheet_table(workbook.worksheets[0])
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception:
        # A damaged or hostile file makes openpyxl (and defusedxml under it) raise many types:
        # ParseError, EntitiesForbidden, BadZipFile, KeyError, ValueError, IndexError... all mean the same.
        raise ImportFileError(_("This file is not a real .xlsx spreadsheet.")) from None


def _sheet_table(sheet) -> list[list]:
    table = []
    # Both bounds given: openpyxl would otherwise pad each row to the width the sheet's dimension claims
    # (16384 columns) and stop at the height it claims, silently skipping rows below.
    for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, max_row=MAX_ROWS + 2):
        cells = []
        for cell in row:
            value = cell.value
            if value is None:
                cells.append(value)
                continue
            coordinate = getattr(cell, "coordinate", "")
            if cell.column > MAX_COLUMNS:
                raise ImportFileError(_too_many_columns())
            # Only a formula cell is a formula: a text cell that starts with "=" is text (a note may).
            if getattr(cell, "data_type", None) == "f":
                raise ImportFileError(
                    _("Cell %(cell)s holds a formula; type the figure itself (no formulas).") % {"cell": coordinate}
                )
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise ImportFileError(_too_long(coordinate))
            cells.append(value)
        table.append(cells)
        if len(table) > MAX_ROWS + 1:
            raise ImportFileError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    return table


def _too_many_columns() -> str:
    return _("The file has more than %(max)d columns; use the template.") % {"max": MAX_COLUMNS}


def _too_long(cell: str) -> str:
    return _("Cell %(cell)s has more than %(max)d characters.") % {"cell": cell, "max": MAX_CELL_CHARS}


def _check_archive(data: bytes) -> tuple[list[str], bytes]:
    """Names and ``[Content_Types].xml`` of a zip that is safe to hand to openpyxl; else :class:`ImportFileError`."""
    limit = MAX_EXPANSION * settings.IMPORT_MAX_BYTES
    not_a_spreadsheet = _("This file is not a real .xlsx spreadsheet.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ImportFileError(not_a_spreadsheet)
            total = 0
            content_types = b""
            for info in members:
                if info.compress_type not in ALLOWED_METHODS or info.flag_bits & 0x1:  # bit 0: encrypted
                    raise ImportFileError(not_a_spreadsheet)
                if info.file_size > limit - total:
                    raise ImportFileError(_expands_too_far())
                total, head = _inflate(archive, info, total=total, limit=limit)
                if info.filename == "[Content_Types].xml":
                    content_types = head
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
        raise ImportFileError(not_a_spreadsheet) from None
    return [info.filename for info in members], content_types


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, total: int, limit: int) -> tuple[int, bytes]:
    """Read one member as a stream; the running total of inflated bytes, and the member's first 64 KB.

    The count is of bytes really inflated, not of the size the header declares (a bomb may lie there).
    """
    head, tail = b"", b""
    with archive.open(info) as stream:
        while chunk := stream.read(64 * 1024):
            total += len(chunk)
            if total > limit:
                raise ImportFileError(_expands_too_far())
            if not head:
                head = chunk
                # An XML part in UTF-16 or UTF-32 would hide a DTD from the byte scan below.
                if chunk.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<")):
                    raise ImportFileError(_("This file is not a real .xlsx spreadsheet."))
            window = tail + chunk
            if any(marker in window for marker in _DTD_MARKERS):
                raise ImportFileError(_("The spreadsheet contains a document type definition; save it again as .xlsx."))
            tail = window[-_OVERLAP:]
    return total, head


def _expands_too_far() -> str:
    return _("The spreadsheet unpacks to more than %(limit)s MB; a figures sheet is far smaller.") % {
        "limit": MAX_EXPANSION * settings.IMPORT_MAX_BYTES // (1024 * 1024)
    }


def _read_csv(data: bytes) -> list[list]:
    if b"\x00" in data or data.startswith(ZIP_MAGIC):
        raise ImportFileError(_("This file is not a CSV text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("Save the CSV file as UTF-8 text.")) from None
    table = []
    try:
        for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            if len(table) > MAX_ROWS:
                raise ImportFileError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
            if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
                raise ImportFileError(_too_many_columns())
            table.append(
                [_csv_value(value, f"{get_column_letter(column)}{line}") for column, value in enumerate(row, 1)]
            )
    except csv.Error:  # a field past csv.field_size_limit() among others
        raise ImportFileError(_("This file is not a CSV text file.")) from None
    return table


def _csv_value(value: str, cell: str) -> str:
    if len(value) > MAX_CELL_CHARS:
        raise ImportFileError(_too_long(cell))
    if value.strip().startswith("="):
        raise ImportFileError(
            _("Cell %(cell)s holds a formula; type the figure itself (no formulas).") % {"cell": cell}
        )
    # Our own CSV files quote text that a spreadsheet program would run ("'=..."): read it back as written.
    if value.startswith(FORMULA_QUOTE) and value[1:2] in FORMULA_TRIGGERS:
        return value[1:]
    return value


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
