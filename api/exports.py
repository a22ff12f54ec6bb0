"""Streamed CSV exports of every row a list would page through: ``values/export.csv`` and ``progress/export.csv``.

Same filters and scoping as ``values/`` and ``progress/`` (the views below are
those viewsets with another ``list``): an officer sees their own secretariat's
drafts and nobody else's. The rows come from one query read in chunks through a
server-side cursor (``.iterator(chunk_size=…)`` over ``values_list``), and each
line is written by the one CSV writer (:func:`madinati.csv.csv_lines`) as it is
sent, so memory stays flat in the number of rows. The columns are those of the
list's ``?format=csv``, in the same order and spelling.
"""

from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from api.base import period_key
from api.figures import ValueViewSet
from api.structure import ProgressViewSet
from indicators import scoring
from madinati.csv import CONTENT_TYPE, csv_lines

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
)


def _when(moment, zone) -> str:
    """As the API's JSON spells a date-time: ISO 8601 in the project's time zone (looked up once per export)."""
    return moment.astimezone(zone).isoformat()


def _value_rows(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Achievement and status by the scoring rules themselves (DESIGN §4 rules 5 and 6), rounded at the edge."""
    achievement, status_for = scoring.achievement, scoring.status_for
    zone = timezone.get_current_timezone()
    keys = {}
    for sec, ind, period_id, value, target, polarity, green_at, amber_at, workflow, note, updated in rows:
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
        )


def _progress_rows(rows: Iterable[tuple]) -> Iterator[tuple]:
    zone = timezone.get_current_timezone()
    keys = {}
    for ini, sec, period_id, percent, quantity, status, workflow, narrative, updated in rows:
        key = keys.get(period_id) or keys.setdefault(period_id, period_key(period_id))
        yield ini, sec, key, percent, quantity, status, workflow, narrative, _when(updated, zone)


def _stream(lines: Iterator[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse((line.encode("utf-8") for line in lines), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
        rows = (
            self.filter_queryset(self.get_queryset())
            .values_list(
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
            )
            .iterator(chunk_size=CHUNK)
        )
        return _stream(csv_lines(_value_rows(rows), header=VALUE_HEADER), "values.csv")


class ProgressExportView(ProgressViewSet):
    pagination_class = None
    conditional = False

    @extend_schema(
        summary="Export initiative progress (CSV, streamed)",
        description=EXPORT_DESCRIPTION,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file.")},
    )
    def list(self, request, *args, **kwargs):
        rows = (
            self.filter_queryset(self.get_queryset())
            .values_list(
                "initiative__code",
                "secretariat__code",
                "period_id",
                "percent_complete",
                "quantity_achieved",
                "status",
                "workflow_status",
                "narrative",
                "updated_at",
            )
            .iterator(chunk_size=CHUNK)
        )
        return _stream(csv_lines(_progress_rows(rows), header=PROGRESS_HEADER), "progress.csv")
