"""Streamed CSV exports of every row a list would page through: ``values/export.csv`` and ``progress/export.csv``.

Same filters and scoping as ``values/`` and ``progress/`` (the views below are
those viewsets with another ``list``): an officer sees their own secretariat's
drafts and nobody else's. The rows come from one query read in chunks through a
server-side cursor (``.iterator(chunk_size=…)`` over ``values_list``), and each
line is written by the one CSV writer (:func:`madinati.csv.csv_lines`) as it is
sent, so memory stays flat in the number of rows. The columns are those of the
list's ``?format=csv``, in the same order and spelling.

On PostgreSQL the same query is wrapped in a ``SELECT`` that writes the lines
and streamed by ``COPY … TO STDOUT`` (:mod:`api.pgcopy`): the database does the
formatting at its own speed and the bytes are the same as the Python path's.
"""

from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal

from django.db import connections
from django.db.models import F
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from api import pgcopy
from api.base import period_key
from api.figures import ValueViewSet
from api.structure import ProgressViewSet
from indicators import scoring
from indicators.models import Polarity, Target
from madinati.csv import CONTENT_TYPE, csv_cell, csv_lines

CHUNK = 5000  # rows per fetch from the server-side cursor: big enough to amortise the round trip, small in memory
CENT = Decimal("0.01")

VALUE_HEADER = (
    "secretariat",
    "indicator",
    "period",
    "value",
    "target",
    "achievement",
    "status",
    "workflow_status",
    "note",
    "updated_at",
    "is_demo",
)
PROGRESS_HEADER = (
    "initiative",
    "secretariat",
    "period",
    "percent_complete",
    "quantity_achieved",
    "status",
    "workflow_status",
    "narrative",
    "updated_at",
    "is_demo",
)


def _when(moment, zone) -> str:
    """As the API's JSON spells a date-time: ISO 8601 in the project's time zone (looked up once per export)."""
    return moment.astimezone(zone).isoformat()


def _value_rows(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Achievement and status by the scoring rules themselves (DESIGN §4 rules 5 and 6), rounded at the edge."""
    achievement, status_for = scoring.achievement, scoring.status_for
    zone = timezone.get_current_timezone()
    keys = {}
    for sec, ind, period_id, value, target, polarity, green_at, amber_at, workflow, note, updated, demo in rows:
        ach = achievement(value=value, target=target, polarity=polarity)
        key = keys.get(period_id) or keys.setdefault(period_id, period_key(period_id))
        yield (
            sec,
            ind,
            key,
            value,
            target,
            None if ach is None else ach.quantize(CENT, rounding=ROUND_HALF_UP),
            status_for(achievement=ach, green_at=green_at, amber_at=amber_at),
            workflow,
            note,
            _when(updated, zone),
            demo,
        )


def _progress_rows(rows: Iterable[tuple]) -> Iterator[tuple]:
    zone = timezone.get_current_timezone()
    keys = {}
    for ini, sec, period_id, percent, quantity, status, workflow, narrative, updated, demo in rows:
        key = keys.get(period_id) or keys.setdefault(period_id, period_key(period_id))
        yield ini, sec, key, percent, quantity, status, workflow, narrative, _when(updated, zone), demo


def _head(header: tuple[str, ...]) -> bytes:
    """The byte-order mark and the header row, as the one CSV writer writes them."""
    return "".join(csv_lines((), header=header)).encode("utf-8")


def _copied(queryset, header: tuple[str, ...], *, columns: dict, middle, cells, join="") -> Iterator[bytes]:
    """The rows of ``queryset`` written by PostgreSQL (:mod:`api.pgcopy`): ``columns`` name what they select,
    ``middle(c)`` and ``cells(c)`` (``c`` a :class:`api.pgcopy.Cells`) what is computed once per row and the cells."""
    rows, order = pgcopy.ordered_values(queryset, {name: F(path) for name, path in columns.items()})
    compiled = pgcopy.compile_rows(rows)
    if compiled is None:
        return iter((_head(header),))
    sql, params = compiled
    with connections[rows.db].cursor() as cursor:
        c = pgcopy.Cells(cursor)
    return pgcopy.stream(
        alias=rows.db,
        statement=pgcopy.statement(sql, middle=middle(c), cells=cells(c), order=order, join=join),
        params=params,
        head=_head(header),
    )


def _encoded(lines: Iterator[str]) -> Iterator[bytes]:
    return (line.encode("utf-8") for line in lines)


def _stream(chunks: Iterator[bytes], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


EXPORT_DESCRIPTION = (
    "Every row the list would page through, with the same filters and the same scoping, as one CSV file "
    "streamed as it is read (UTF-8 with a byte-order mark, CRLF line ends, a header row; the list's CSV columns). "
    "Not paginated: one request for any number of rows."
)


# The rows' columns for COPY: name → the queryset's path (``target_value`` is the list's annotation).
VALUE_COLUMNS = {
    "c_secretariat": "secretariat__code",
    "c_indicator": "indicator__code",
    "c_period": "period_id",
    "c_value": "value",
    "c_polarity": "indicator__polarity",
    "c_green_at": "indicator__green_at",
    "c_amber_at": "indicator__amber_at",
    "c_workflow": "workflow_status",
    "c_note": "note",
    "c_updated": "updated_at",
    "c_demo": "is_demo",
    "c_indicator_id": "indicator_id",
    "c_secretariat_id": "secretariat_id",
}
# The list's target_value as a join (one hash join, not a probe per row): Target is unique per key.
TARGET = Target._meta
TARGET_JOIN = (
    f"LEFT JOIN {TARGET.db_table} AS t ON t.{TARGET.get_field('indicator').column} = r.c_indicator_id"
    f" AND t.{TARGET.get_field('secretariat').column} = r.c_secretariat_id"
    f" AND t.{TARGET.get_field('period').column} = r.c_period"
)
# The Python path's columns (SQLite): as _value_rows reads them.
VALUE_PATHS = (
    "secretariat__code",
    "indicator__code",
    "period_id",
    "value",
    "target_value",
    "indicator__polarity",
    "indicator__green_at",
    "indicator__amber_at",
    "workflow_status",
    "note",
    "updated_at",
    "is_demo",
)


def _value_middle(c: pgcopy.Cells) -> list[str]:
    """Achievement (rule 5) in exact decimals, once per row; the text cells neutralised."""
    hundred, value, target = pgcopy.HUNDRED, "r.c_value", f"t.{TARGET.get_field('value').column}"
    achievement = (
        f"CASE WHEN {value} IS NULL OR {target} IS NULL OR {target} <= 0 THEN NULL"
        f" WHEN r.c_polarity = '{Polarity.LOWER_BETTER.value}' THEN"
        f" CASE WHEN {value} = 0 THEN 100 ELSE LEAST(100, GREATEST(0, {hundred} * {target} / {value})) END"
        f" ELSE LEAST(100, GREATEST(0, {hundred} * {value} / {target})) END"
    )
    return [
        f"{c.neutral('r.c_secretariat')} AS secretariat",
        f"{c.neutral('r.c_indicator')} AS indicator",
        "r.c_period AS period",
        "r.c_value AS value",
        f"{target} AS target",
        f"{achievement} AS achievement",
        "r.c_green_at AS green_at",
        "r.c_amber_at AS amber_at",
        f"{c.neutral('r.c_workflow')} AS workflow",
        f"{c.neutral('r.c_note')} AS note",
        *c.local_time("r.c_updated"),
        "r.c_demo AS demo",
    ]


def _value_cells(c: pgcopy.Cells) -> list[str]:
    """Rule 6 on the unrounded achievement; the achievement rounded half up to cents at the edge."""
    for status in scoring.STATUSES:  # written as they are: nothing in them to quote or neutralise
        assert csv_cell(status) == status and status.isidentifier()
    status = (
        f"CASE WHEN achievement IS NULL THEN '{scoring.NO_DATA}' WHEN achievement >= green_at THEN '{scoring.ON_TRACK}'"
        f" WHEN achievement >= amber_at THEN '{scoring.AT_RISK}' ELSE '{scoring.OFF_TRACK}' END"
    )
    return [
        c.quoted("secretariat"),
        c.quoted("indicator"),
        c.period("period"),
        c.number("value"),
        c.number("target"),
        c.number("round(achievement, 2)"),
        status,
        c.quoted("workflow"),
        c.quoted("note"),
        c.moment(),
        c.boolean("demo"),
    ]


PROGRESS_COLUMNS = {
    "c_initiative": "initiative__code",
    "c_secretariat": "secretariat__code",
    "c_period": "period_id",
    "c_percent": "percent_complete",
    "c_quantity": "quantity_achieved",
    "c_status": "status",
    "c_workflow": "workflow_status",
    "c_narrative": "narrative",
    "c_updated": "updated_at",
    "c_demo": "is_demo",
}


def _progress_middle(c: pgcopy.Cells) -> list[str]:
    return [
        f"{c.neutral('r.c_initiative')} AS initiative",
        f"{c.neutral('r.c_secretariat')} AS secretariat",
        "r.c_period AS period",
        "r.c_percent AS percent",
        "r.c_quantity AS quantity",
        f"{c.neutral('r.c_status')} AS status",
        f"{c.neutral('r.c_workflow')} AS workflow",
        f"{c.neutral('r.c_narrative')} AS narrative",
        *c.local_time("r.c_updated"),
        "r.c_demo AS demo",
    ]


def _progress_cells(c: pgcopy.Cells) -> list[str]:
    return [
        c.quoted("initiative"),
        c.quoted("secretariat"),
        c.period("period"),
        c.number("percent"),
        c.number("quantity"),
        c.quoted("status"),
        c.quoted("workflow"),
        c.quoted("narrative"),
        c.moment(),
        c.boolean("demo"),
    ]


EXPORT_DESCRIPTION = (
    "Every row the list would page through, with the same filters and the same scoping, as one CSV file "
    "streamed as it is read (UTF-8 with a byte-order mark, CRLF line ends, a header row; the list's CSV columns). "
    "Not paginated: one request for any number of rows."
)


class ValueExportView(ValueViewSet):
    pagination_class = None
    conditional = False  # a stream has no ETag: it is never read whole to hash it

    @extend_schema(
        summary="Export indicator values (CSV, streamed)",
        description=EXPORT_DESCRIPTION,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file.")},
    )
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if pgcopy.is_postgresql(queryset):
            chunks = _copied(
                queryset,
                VALUE_HEADER,
                columns=VALUE_COLUMNS,
                middle=_value_middle,
                cells=_value_cells,
                join=TARGET_JOIN,
            )
        else:
            rows = queryset.values_list(*VALUE_PATHS).iterator(chunk_size=CHUNK)
            chunks = _encoded(csv_lines(_value_rows(rows), header=VALUE_HEADER))
        return _stream(chunks, "values.csv")


class ProgressExportView(ProgressViewSet):
    pagination_class = None
    conditional = False

    @extend_schema(
        summary="Export initiative progress (CSV, streamed)",
        description=EXPORT_DESCRIPTION,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file.")},
    )
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if pgcopy.is_postgresql(queryset):
            chunks = _copied(
                queryset, PROGRESS_HEADER, columns=PROGRESS_COLUMNS, middle=_progress_middle, cells=_progress_cells
            )
        else:
            rows = queryset.values_list(*PROGRESS_COLUMNS.values()).iterator(chunk_size=CHUNK)
            chunks = _encoded(csv_lines(_progress_rows(rows), header=PROGRESS_HEADER))
        return _stream(chunks, "progress.csv")
