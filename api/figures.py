"""REST API v1: indicators, periods, targets, values, the bulk import and the summaries (DESIGN §5).

Views parse, call and render: scoping comes from ``indicators.permissions``,
figures from ``indicators.scoring``, writes from ``reporting.services``;
a refused write is answered by ``api.errors.exception_handler``.
"""

import json
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, parsers, renderers
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers
from api.base import (
    BULK_MAX_ROWS,
    BULK_RESULT,
    IF_NONE_MATCH,
    ApiListViewSet,
    ApiViewMixin,
    CSVRenderer,
    strict_bool,
)
from api.errors import refusal_body
from api.filters import TargetFilter, ValueFilter
from indicators import scoring, summaries
from indicators.models import Indicator, IndicatorValue, Target
from indicators.permissions import workflow_rows_visible_to
from madinati import dataversion
from madinati.errors import Refused
from programme.models import ReportingPeriod
from reporting.quality import assess
from reporting.services.imports import ImportRefused, values_import


@extend_schema_view(list=extend_schema(summary="Indicators", parameters=[IF_NONE_MATCH]))
class IndicatorViewSet(ApiListViewSet):
    """The municipal-sector indicators: unit, polarity, weight, source and thresholds."""

    queryset = Indicator.objects.none()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = None

    def scoped_queryset(self, user):
        return Indicator.objects.order_by("sort_order", "code")


@extend_schema_view(list=extend_schema(summary="Reporting periods", parameters=[IF_NONE_MATCH]))
class PeriodViewSet(ApiListViewSet):
    """Reporting quarters, oldest first, and whether each is open for entry today."""

    queryset = ReportingPeriod.objects.none()
    serializer_class = serializers.PeriodSerializer
    filterset_class = None

    def scoped_queryset(self, user):
        return ReportingPeriod.objects.order_by("id")


@extend_schema_view(list=extend_schema(summary="Targets", parameters=[IF_NONE_MATCH]))
class TargetViewSet(ApiListViewSet):
    """Targets per indicator, secretariat and quarter."""

    queryset = Target.objects.none()
    serializer_class = serializers.TargetSerializer
    filterset_class = TargetFilter

    def scoped_queryset(self, user):
        return Target.objects.select_related("indicator", "secretariat").order_by(
            "period_id", "indicator__sort_order", "indicator__code", "secretariat__code"
        )


@extend_schema_view(list=extend_schema(summary="Indicator values", parameters=[IF_NONE_MATCH]))
class ValueViewSet(ApiListViewSet):
    """Quarterly figures with their target and scoring; an officer sees their own drafts, nobody else's."""

    queryset = IndicatorValue.objects.none()
    serializer_class = serializers.ValueSerializer
    filterset_class = ValueFilter
    renderer_classes = [*ApiViewMixin.renderer_classes, CSVRenderer]

    def scoped_queryset(self, user):
        target = Target.objects.filter(
            indicator_id=OuterRef("indicator_id"),
            secretariat_id=OuterRef("secretariat_id"),
            period_id=OuterRef("period_id"),
        ).values("value")[:1]
        rows = (
            IndicatorValue.objects.select_related("indicator", "indicator__quality_rule", "secretariat")
            .annotate(target_value=Subquery(target))
            .order_by("period_id", "secretariat__code", "indicator__sort_order", "indicator__code")
        )
        return workflow_rows_visible_to(user, rows)

    def paginate_queryset(self, queryset):
        """The page's rows, each with its data-quality ``flags``: one grouped query for the page, not one per row."""
        page = super().paginate_queryset(queryset)
        for row, assessment in zip(page, assess(page), strict=True):
            row.quality_flags = assessment.flags
        return page


class DecimalJSONParser(parsers.JSONParser):
    """JSON whose numbers stay exact Decimals, so 0.1 is 0.1 and not 0.1000000000000000055…"""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(stream.read().decode(encoding), parse_float=Decimal, parse_constant=_refuse_constant)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise exceptions.ParseError(_("The body is not valid JSON: %(error)s") % {"error": exc}) from None


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number")


ROW_KEYS = ("secretariat", "indicator", "period", "value", "note")


def _shape_errors(body) -> tuple[list[dict], list[dict], bool]:
    """Rows to import, errors ``[{index, field, message}]`` for what is malformed, and ``submit``."""
    if not isinstance(body, dict):
        return [], [{"index": None, "field": "values", "message": _("The body must be a JSON object.")}], False
    errors = []
    errors += [
        {"index": None, "field": str(key)[:40], "message": _("Unknown field.")}
        for key in body
        if key not in ("values", "submit")
    ]
    submit = body.get("submit", False)
    if not isinstance(submit, bool):
        errors.append({"index": None, "field": "submit", "message": _("Use true or false.")})
    values = body.get("values")
    if not isinstance(values, list):
        errors.append({"index": None, "field": "values", "message": _("Give the rows as a list under “values”.")})
        return [], errors, False
    if len(values) > BULK_MAX_ROWS:
        errors.append(
            {
                "index": None,
                "field": "values",
                "message": _("At most %(max)d rows per call; split the import.") % {"max": BULK_MAX_ROWS},
            }
        )
        return [], errors, False
    rows = []
    for index, raw in enumerate(values):
        if not isinstance(raw, dict):
            errors.append({"index": index, "field": "values", "message": _("Each row must be an object.")})
            continue
        row = {}
        for key, item in raw.items():
            if key not in ROW_KEYS:
                errors.append({"index": index, "field": str(key)[:40], "message": _("Unknown field.")})
            elif item is None and key == "note":
                continue
            elif key == "value" and isinstance(item, int | Decimal) and not isinstance(item, bool):
                row[key] = item
            elif not isinstance(item, str):
                message = _("Give a number or a string.") if key == "value" else _("Give a string.")
                errors.append({"index": index, "field": key, "message": message})
            elif "\x00" in item:
                errors.append({"index": index, "field": key, "message": _("Null characters are not allowed.")})
            else:
                row[key] = item
        rows.append(row)
    return rows, errors, submit


class ValueBulkView(ApiViewMixin, APIView):
    """Push many values in one call, all or nothing (DESIGN §5)."""

    pagination_class = None
    parser_classes = [DecimalJSONParser]
    renderer_classes = [renderers.JSONRenderer]

    @extend_schema(
        summary="Import values in bulk",
        description=(
            "All or nothing: any bad row answers 400 (403 when a row is outside the caller's secretariat "
            "or the caller is not an officer) listing every bad row, and nothing is written. "
            "An officer writes only their own secretariat's manual indicators, while the period is open, "
            "and never over a submitted or approved figure."
        ),
        parameters=[
            OpenApiParameter(
                "dry_run",
                bool,
                OpenApiParameter.QUERY,
                description="Validate and count only; write nothing (true/false).",
            )
        ],
        request=serializers.BulkRequestSerializer,
        responses={
            200: BULK_RESULT,
            400: OpenApiResponse(BULK_RESULT, description="A malformed body or a bad row."),
            403: OpenApiResponse(BULK_RESULT, description="A row the caller may not write."),
        },
    )
    def post(self, request):
        try:
            dry_run = strict_bool(request.query_params.get("dry_run"), field="dry_run")
        except exceptions.ValidationError as refused:  # answered in the bulk's own shape, as documented
            errors = [{"index": None, "field": "dry_run", "message": str(refused.detail["dry_run"][0])}]
            return Response(self.payload(False, errors=errors), status=400)
        rows, errors, submit = _shape_errors(request.data)
        if errors:
            return Response(self.payload(dry_run, errors=errors), status=400)
        result = values_import(rows=rows, by=request.user, dry_run=dry_run, submit=submit)
        return Response(self.payload(dry_run, result=result, errors=[]))

    def handle_exception(self, exc):
        # A body that is not JSON (or too large), or a CSRF refusal: still the bulk's documented shape.
        response = super().handle_exception(exc)
        if response.status_code in (400, 403) and isinstance(response.data, dict) and "errors" not in response.data:
            message = str(response.data.get("detail", ""))
            response.data = self.payload(False, errors=[{"index": None, "field": "values", "message": message}])
        return response

    def refusal_body(self, refusal: Refused) -> dict:
        """The body of a refused import, for ``api.errors`` (which answers 403 when a row is forbidden, else 400)."""
        if not isinstance(refusal, ImportRefused):
            return refusal_body(refusal)
        errors = [{"index": e.index, "field": e.field, "message": e.message} for e in refusal.errors]
        return self.payload(refusal.result.dry_run, errors=errors)

    @staticmethod
    def payload(dry_run, *, errors, result=None):
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        if result is not None and not errors:
            counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        return {"dry_run": dry_run, **counts, "errors": errors}


class SummaryView(ApiViewMixin, APIView):
    """Base of the two summaries: parse ``?period= &group= &approved_only=``, call the scorecard, render."""

    conditional = True
    pagination_class = None  # DESIGN §5: one row per secretariat or axis, never paged
    renderer_classes = [*ApiViewMixin.renderer_classes, CSVRenderer]

    def get(self, request):
        query = serializers.SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        approved_only = query.validated_data["approved_only"]
        period = query.validated_data.get("period") or scoring.latest_period_with_data(approved_only=approved_only)
        if period is None:
            return Response([])
        group = query.validated_data.get("group")

        def rows() -> list:
            card = scoring.scorecard(period=period, group=group, approved_only=approved_only)
            return list(self.serializer_class(self.rows(card), many=True).data)

        # The rows are the same for every reader (DESIGN §4 rule 1: drafts never count) and in every language
        # (codes and numbers): serialised once per data version and shared, like the scorecard under them.
        name = f"summary:{type(self).__name__}"
        return Response(dataversion.committed_cached(name, rows, period.pk, group, approved_only))

    def csv_header(self, rows):
        return None if rows else list(self.serializer_class().fields)


SUMMARY_PARAMETERS = [serializers.SummaryQuerySerializer, IF_NONE_MATCH]


@extend_schema(
    summary="Secretariat scorecard",
    description="One row per secretariat: score, rank within its group, progress, per-axis progress and indicators.",
    parameters=SUMMARY_PARAMETERS,
    responses=serializers.SecretariatSummarySerializer(many=True),
)
class SecretariatSummaryView(SummaryView):
    serializer_class = serializers.SecretariatSummarySerializer

    # The one building function of the summary rows, shared with the frozen snapshots of the meetings.
    rows = staticmethod(summaries.secretariat_rows)


@extend_schema(
    summary="Axis progress",
    description="One row per axis: overall progress and each participating secretariat's progress.",
    parameters=SUMMARY_PARAMETERS,
    responses=serializers.AxisSummarySerializer(many=True),
)
class AxisSummaryView(SummaryView):
    serializer_class = serializers.AxisSummarySerializer

    rows = staticmethod(summaries.axis_rows)
