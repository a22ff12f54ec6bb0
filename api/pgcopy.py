"""PostgreSQL writes the export's CSV lines itself, and ``COPY … TO STDOUT`` hands them over as they are made.

The rows are the scoped, filtered queryset's own SQL (compiled with its
parameters and bound by ``cursor.mogrify``, never by string formatting), wrapped
in a ``SELECT`` that builds each line by the rules of the one CSV writer
(:mod:`madinati.csv`): numbers without trailing zeros, a text cell that a
spreadsheet program would run as a formula prefixed with ``'`` (the same test
as :func:`madinati.csv.looks_like_formula`, ``\\d`` being any Unicode decimal
digit as in Python), a cell holding ``,``, ``"``, CR or LF quoted as Python's
``csv`` module quotes it, and CRLF line ends. So the bytes are those of the
Python path (tests/api/test_exports_api.py compares them on PostgreSQL).

Why COPY's text format with the line as one column, not ``WITH CSV``: COPY ends
its rows with LF, and in CSV format an LF inside a quoted note cannot be told
from a row's end without parsing the quotes again; in text format every LF or
backslash inside a line is escaped (``\\n``, ``\\\\``), so the bare LFs are the
rows' ends (made CRLF with one ``bytes.replace``) and a backslash is rare
enough to unescape only in the chunks that hold one.

``cursor.copy_expert`` blocks until the last row, so it runs in a thread of
its own that hands chunks of about 256 kB to the response through a short
queue: memory stays flat in the number of rows, and a client that goes away
cancels the statement.
"""

import contextlib
import datetime
import queue
import re
import sys
import threading
import time
from collections.abc import Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F
from django.utils import timezone

from madinati.csv import FORMULA_QUOTE, FORMULA_TRIGGERS

CHUNK_BYTES = 256 * 1024
QUEUED_CHUNKS = 4  # at most this many chunks wait for the client: memory bound of the stream
#: Memory for the export's sort, for this statement only (RESET after): PostgreSQL's default 4 MB sorts the
#: 576,000 rows of a national export on disk (external merge), about 120,000 rows/s; in memory about 190,000.
WORK_MEM = "64MB"

# PostgreSQL's text-format escapes (src/backend/commands/copyto.c, CopyAttributeOutText).
_ESCAPED = re.compile(rb"\\(.)", re.DOTALL)
_UNESCAPE = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v", b"\\": b"\\"}
#: Exact decimal arithmetic for the achievement (rule 5): 30 decimal places, more than Python's 28 digits.
HUNDRED = "100." + "0" * 30


def is_postgresql(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _literal(cursor, value: str) -> str:
    """A bound SQL literal, ``%`` doubled so it survives the ``mogrify`` of the whole statement."""
    return cursor.mogrify("%s", [value]).decode().replace("%", "%%")


def _decimal_digits() -> str:
    """Python's ``\\d`` (Unicode category Nd) as a bracket-expression body of ranges."""
    ranges, start, previous = [], None, None
    for point in range(sys.maxunicode + 1):
        if chr(point).isdecimal():
            if start is None:
                start = point
            elif point != previous + 1:
                ranges.append((start, previous))
                start = point
            previous = point
    ranges.append((start, previous))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


_DIGITS: list[str] = []


def decimal_digits() -> str:
    if not _DIGITS:
        _DIGITS.append(_decimal_digits())
    return _DIGITS[0]


class Cells:
    """SQL for the cells of one line, as :func:`madinati.csv.csv_cell` writes them.

    A statement has two levels (:func:`statement`): the middle one computes what a
    cell needs once per row (a neutralised text, a local time), the outer one
    writes the cells and joins them with commas.
    """

    def __init__(self, cursor):
        digits = decimal_digits()
        # looks_like_formula's "plain number", anchored as Python's re anchors $ (before a final newline too).
        self.plain_number = _literal(cursor, f"^[+-]?[{digits}]+(\\.[{digits}]+)?\n?$")
        # The first character's code point (ascii() of "" is 0): a comparison of integers, no substring made.
        self.triggers = ", ".join(str(ord(t)) for t in FORMULA_TRIGGERS)
        self.quote = _literal(cursor, FORMULA_QUOTE)
        self.zone = _literal(cursor, timezone.get_current_timezone_name())

    def neutral(self, column: str) -> str:
        """Middle level: the text, ``'``-prefixed when a spreadsheet program would run it (``neutralise_formula``)."""
        value = f"COALESCE({column}, '')"
        return (
            f"CASE WHEN ascii({value}) NOT IN ({self.triggers}) THEN {value}"
            f" WHEN {value} ~ {self.plain_number} THEN {value} ELSE {self.quote} || {value} END"
        )

    @staticmethod
    def quoted(name: str) -> str:
        """Outer level: Python csv's QUOTE_MINIMAL, a cell holding , " CR or LF quoted with its quotes doubled."""
        return (
            f"CASE WHEN strpos({name}, ',') + strpos({name}, '\"') + strpos({name}, chr(13))"
            f" + strpos({name}, chr(10)) = 0 THEN {name} ELSE '\"' || replace({name}, '\"', '\"\"') || '\"' END"
        )

    @staticmethod
    def number(column: str) -> str:
        """:func:`madinati.numbers.format_number`: no trailing zeros, no exponent; "" for none."""
        return f"COALESCE(trim_scale({column})::text, '')"

    @staticmethod
    def boolean(column: str) -> str:
        """``true`` or ``false``, as the one CSV writer spells a boolean (as JSON does)."""
        return f"CASE WHEN {column} THEN 'true' ELSE 'false' END"

    @staticmethod
    def period(column: str) -> str:
        """``YYYY-Qn`` from the period's ordinal key (:func:`api.base.period_key`)."""
        return f"({column} / 4)::text || '-Q' || (mod({column}, 4) + 1)::text"

    def local_time(self, column: str) -> list[str]:
        """Middle level: the local time and UTC offset of a date-time, as ``local_time`` and ``utc_offset``."""
        local = f"({column} AT TIME ZONE {self.zone})"
        return [f"{local} AS local_time", f"{local} - ({column} AT TIME ZONE 'UTC') AS utc_offset"]

    def moment(self) -> str:
        """Outer level: ``datetime.isoformat()`` of ``local_time`` with its ``utc_offset``.

        A timestamp's text in the ISO date style (the only one psycopg2 reads, so the connection has
        it) is ``YYYY-MM-DD HH:MM:SS`` and its microseconds without their trailing zeros: a ``T`` in
        the middle and the zeros padded back give Python's spelling, far faster than ``to_char``.
        The offset is spelled in SQL; the zone's usual one is a literal (the common case, one test).
        """
        text = "local_time::text"
        usual = datetime.datetime.now(timezone.get_current_timezone()).utcoffset()
        usual_text = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone(usual)).isoformat()[19:]
        seconds = "extract(epoch FROM utc_offset)::int"
        magnitude = f"abs({seconds})"
        spelled = (
            f"CASE WHEN {seconds} < 0 THEN '-' ELSE '+' END"
            f" || lpad(({magnitude} / 3600)::text, 2, '0') || ':' || lpad(mod({magnitude} / 60, 60)::text, 2, '0')"
            f" || CASE WHEN mod({magnitude}, 60) = 0 THEN '' ELSE ':' || lpad(mod({magnitude}, 60)::text, 2, '0') END"
        )
        return (
            f"CASE WHEN local_time IS NULL THEN '' ELSE "
            f"overlay(CASE WHEN length({text}) = 19 THEN {text} ELSE rpad({text}, 26, '0') END PLACING 'T' FROM 11)"
            f" || CASE WHEN utc_offset = interval '{int(usual.total_seconds())} seconds' THEN '{usual_text}'"
            f" ELSE {spelled} END END"
        )


def statement(rows_sql: str, *, middle: list[str], cells: list[str], order: list[str], join: str = "") -> str:
    """One text column per row, the CSV line (without its end), in the list's order.

    The rows come unordered from the queryset (so PostgreSQL may join ``join`` as it likes) and are sorted
    here by ``order``; ``OFFSET 0`` keeps this level a subquery of its own, so what it computes is computed
    once per row and its order is the order of the lines.
    """
    line = " || ',' || ".join(f"({cell})" for cell in cells)
    # Not an injection vector: rows_sql is the compiled queryset (its values are parameters), the rest is ours.
    return (
        f"SELECT {line} FROM (SELECT {', '.join(middle)} FROM ({rows_sql}) AS r {join}"  # noqa: S608
        f" ORDER BY {', '.join(order)} OFFSET 0) AS q"
    )


def ordered_values(queryset, columns: dict) -> tuple:
    """``queryset.values(**columns)`` unordered, with its ordering's keys as columns ``o0``, ``o1``…, and
    the ``ORDER BY`` terms over them for :func:`statement`."""
    keys, order = {}, []
    for n, term in enumerate(queryset.query.order_by):
        name = f"o{n}"
        keys[name] = F(term.removeprefix("-"))
        order.append(f"r.{name} DESC" if term.startswith("-") else f"r.{name}")
    return queryset.order_by().values(**columns, **keys), order


def compile_rows(queryset) -> tuple[str, tuple] | None:
    """The queryset's SQL and parameters, or ``None`` when it can match nothing (``EmptyResultSet``)."""
    try:
        return queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return None


class _Pipe:
    """The file ``copy_expert`` writes to: rows gathered into chunks, CRLF line ends, handed to a queue."""

    def __init__(self):
        self.queue: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
        self.parts: list[bytes] = []
        self.size = 0
        self.cancelled = threading.Event()

    def write(self, data: bytes) -> None:
        if self.cancelled.is_set():
            raise _Cancelled
        self.parts.append(data)
        self.size += len(data)
        if self.size >= CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self.parts:
            return
        chunk = b"".join(self.parts).replace(b"\n", b"\r\n")
        if b"\\" in chunk:
            chunk = _ESCAPED.sub(lambda match: _UNESCAPE[match.group(1)], chunk)
        self.parts, self.size = [], 0
        self.put(chunk)

    def put(self, item) -> None:
        while not self.cancelled.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        raise _Cancelled


class _Cancelled(Exception):
    pass


_DONE = object()


def stream(*, alias: str, statement: str, params: tuple, head: bytes) -> Iterator[bytes]:
    """``head``, then the lines of ``COPY (statement) TO STDOUT``, in chunks, as PostgreSQL writes them."""
    yield head
    connection = connections[alias]
    with connection.cursor() as cursor:
        sql = "COPY (" + cursor.mogrify(statement, params).decode() + ") TO STDOUT"
        raw_cursor, raw_connection = cursor.cursor, connection.connection
        pipe = _Pipe()

        def copy():
            try:
                raw_cursor.execute("SET work_mem = %s", [WORK_MEM])
                raw_cursor.copy_expert(sql, pipe)
                pipe.flush()
                pipe.put(_DONE)
            except _Cancelled:
                pass
            except Exception as error:  # handed to the response's thread, raised there
                with contextlib.suppress(_Cancelled):
                    pipe.put(error)
            finally:
                with contextlib.suppress(Exception):  # in an aborted transaction the SET goes with it
                    raw_cursor.execute("RESET work_mem")

        started = time.monotonic()
        worker = threading.Thread(target=copy, name="export-copy", daemon=True)
        worker.start()
        try:
            while True:
                item = pipe.queue.get()
                if item is _DONE:
                    break
                if isinstance(item, Exception):
                    raise item
                yield item
        finally:
            if worker.is_alive():  # the client went away: stop the statement, let the thread end
                pipe.cancelled.set()
                raw_connection.cancel()
            worker.join()
        if connection.queries_logged:  # counted like any other query (the query-count tests)
            connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
