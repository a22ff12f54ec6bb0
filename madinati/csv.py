"""The one CSV writer: API answers, page downloads and import templates all write through it (STYLE trait 13).

What a spreadsheet program opens the same way everywhere: UTF-8 with a byte-order
mark (without it Excel reads the Arabic as Latin-1), CRLF line ends (RFC 4180),
a header row, and every cell written by :func:`csv_cell`, so a figure is ``82.5``
whichever page or endpoint it came from, and text that a spreadsheet program would
run as a formula is quoted (:func:`neutralise_formula`; XLSX writers use
:func:`looks_like_formula` too). Knows no domain model.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from madinati.numbers import format_number

BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def csv_cell(value) -> str:
    """Numbers without trailing zeros or exponents (``30``, ``82.5``), booleans as JSON spells them, "" for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, int):
        return str(value)
    return neutralise_formula(str(value))


#: What makes a spreadsheet program run a cell as a formula (OWASP "CSV injection"): = + - @, a tab, a CR.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: The quote that makes such a cell text; an import reads it back off (reporting.spreadsheets).
FORMULA_QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def looks_like_formula(text: str) -> bool:
    """Text a spreadsheet program would run; a signed number written as text (``-12.5``) is a number, not a formula."""
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(text)


def neutralise_formula(text: str) -> str:
    """``=HYPERLINK(...)`` → ``'=HYPERLINK(...)``: shown as typed, never run. Every text cell goes through this."""
    return FORMULA_QUOTE + text if looks_like_formula(text) else text


def flatten(row: Mapping, prefix: str = "") -> dict:
    """``{"axes": {"A": 1}}`` → ``{"axes.A": 1}``, so a nested record becomes one CSV row; lists join with spaces."""
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, prefix=f"{name}."))
        elif isinstance(value, list | tuple):
            flat[name] = " ".join(str(item) for item in value)
        else:
            flat[name] = value
    return flat


class _Line:
    """A file whose ``write`` hands back the line it was given, so ``csv.writer`` can feed a generator."""

    def write(self, line: str) -> str:
        return line


def csv_lines(rows: Iterable[Iterable], *, header: Iterable[str] | None = None) -> Iterator[str]:
    """The file line by line, the byte-order mark first: for a ``StreamingHttpResponse`` over a long export.

    ``rows`` is consumed lazily (pass ``queryset.iterator()`` and nothing is held in memory).
    """
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM
    if header is not None:
        yield writer.writerow([str(name) for name in header])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def write_csv(rows: Iterable[Iterable], *, header: Iterable[str] | None = None) -> bytes:
    """The whole file as UTF-8 bytes (byte-order mark, header row, CRLF line ends)."""
    out = io.StringIO()
    out.writelines(csv_lines(rows, header=header))
    return out.getvalue().encode("utf-8")


def dict_rows(records: Iterable[Mapping], header: Iterable[str]) -> Iterator[list]:
    """Records as rows in the header's order; a key the header does not name is left out, a missing one is empty."""
    header = list(header)
    for record in records:
        yield [record.get(key) for key in header]
