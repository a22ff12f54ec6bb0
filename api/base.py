"""Shared pieces of the REST API (DESIGN §5): pagination, CSV, throttles, schema.

Every API view of both apps derives from :class:`ApiViewMixin`, so the rules
an integrator relies on (401/403 without credentials, bounded pages, JSON
errors naming the field, ETag/304, CSV on request, per-token throttling)
live in one place.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field, inline_serializer
from rest_framework import exceptions, mixins, renderers, serializers, viewsets
from rest_framework.settings import api_settings

from api.throttling import AnonRateThrottle
from indicators.summaries import edge_number
from madinati.csv import dict_rows, flatten, write_csv
from programme.filters import PERIOD_PATTERN, UNKNOWN

#: One bulk call carries at most one quarter of every secretariat's figures, with room to spare.
BULK_MAX_ROWS = 5000


def period_key(period_id: int) -> str:
    """``YYYY-Qn`` from a period's ordinal primary key, without fetching the period."""
    year, quarter = divmod(period_id, 4)
    return f"{year}-Q{quarter + 1}"


def strict_bool(raw: str | None, *, field: str, default: bool = False) -> bool:
    """``true``/``false`` (or 1/0) from a query parameter; anything else is a 400 naming ``field``."""
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise exceptions.ValidationError({field: [_("Use true or false.")]})


class CSVRenderer(renderers.BaseRenderer):
    """``?format=csv``: the one CSV writer (:mod:`madinati.csv`), one row per result.

    Nested objects (a summary's axes and indicators) are flattened into
    dotted columns. The view may fix the header with ``csv_header(data)``,
    so an empty list still has its columns.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        rows = [flatten(row) for row in data] if isinstance(data, list) else [flatten(data or {})]
        view = renderer_context.get("view")
        header = view.csv_header(rows) if view is not None and hasattr(view, "csv_header") else None
        if header is None:
            header = []
            for row in rows:
                header.extend(key for key in row if key not in header)
        return write_csv(dict_rows(rows, header), header=header)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=gettext_lazy("Why the request was refused."))


#: The body of a 400 or a 404: ``{"detail": why}``, or each query parameter or field at fault with its messages.
FIELD_ERRORS = ResolvedComponent(
    name="FieldErrors",
    type=ResolvedComponent.SCHEMA,
    object="FieldErrors",
    schema={
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
)


#: No NUL: madinati.inputs refuses one anywhere in a query string or a JSON body (no database stores it).
NO_NUL = "^[^\\u0000]*$"


def _say_no_nul(schema: dict) -> None:
    """Put :data:`NO_NUL` on a free string schema (no pattern, format or enum of its own), and on its members."""
    for member in schema.get("oneOf", []) + schema.get("anyOf", []):
        _say_no_nul(member)
    if schema.get("type") == "string" and not {"pattern", "format", "enum"} & set(schema):
        schema["pattern"] = NO_NUL


class ApiFilterBackend(DjangoFilterBackend):
    """django-filter's backend, but a well-formed code that names nothing is a 404 naming the filter.

    ``?secretariat=nowhere`` asks for rows of a secretariat that does not exist: the request is well
    formed (a 400 would say otherwise), what it names is not there. A malformed value anywhere in the
    query is still the 400, naming every parameter at fault.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = filter_utils.translate_validation(filterset.errors)
            unknown = all(error.code == UNKNOWN for messages in errors.detail.values() for error in messages)
            raise exceptions.NotFound(errors.detail) if unknown else errors
        return filterset.qs


class ApiAutoSchema(AutoSchema):
    """Documents the answers every API view can give besides 200, and CSV bodies as text."""

    error_codes = {
        "400": gettext_lazy("Malformed input: an object mapping each field at fault to its messages."),
        "401": gettext_lazy("No or invalid credentials."),
        "403": gettext_lazy("Signed in, but not allowed."),
        "404": gettext_lazy(
            "Page or format not found, or a code or period in the query that names nothing (the body names it)."
        ),
        "429": gettext_lazy("Too many requests; retry after the number of seconds in Retry-After."),
    }

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = str(gettext_lazy("csv for a spreadsheet (UTF-8, header row); json by default."))
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET" and getattr(self.view, "conditional", False):
            responses.setdefault("304", {"description": str(gettext_lazy("Not modified: the ETag still matches."))})
        for code, description in self.error_codes.items():
            if code in responses:
                continue
            if code in ("400", "404"):
                self.registry.register_on_missing(FIELD_ERRORS)
                schema = FIELD_ERRORS.ref
            else:
                schema = self.resolve_serializer(ErrorSerializer(), "response").ref
            response = {"description": str(description), "content": {"application/json": {"schema": schema}}}
            if code == "429":
                response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
            responses[code] = response
        return responses

    def _get_parameters(self):
        # An empty query parameter is the same as leaving it out (?period= lists every period), and says so.
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
            if parameter["in"] == "query" and "schema" in parameter:
                _say_no_nul(parameter["schema"])
        return parameters

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        # The one body the API reads (values/bulk/) refuses keys it does not know, at the top and in each row.
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and schema.get("type") == "object":
            schema["additionalProperties"] = False
            for field in schema.get("properties", {}).values():
                _say_no_nul(field)
        return schema

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        if "text/csv" in content:
            if status_code.startswith("2"):
                content["text/csv"] = {"schema": {"type": "string"}}
            else:
                del content["text/csv"]
        if status_code == "200" and getattr(self.view, "conditional", False):
            response.setdefault("headers", {})["ETag"] = {
                "schema": {"type": "string"},
                "description": str(gettext_lazy("Send it back in If-None-Match to get a 304 when nothing changed.")),
            }
        return response


IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=gettext_lazy("An ETag from an earlier answer: 304 with no body when the answer has not changed."),
)


class ApiViewMixin:
    """What every v1 endpoint shares.

    Authentication, permissions, throttles, renderers and the schema class are
    the settings' (``REST_FRAMEWORK``); the anonymous rate is applied here once
    authentication has failed. Errors are always JSON, even when CSV was asked
    for, so a client can read why. ETags and 304s come from :class:`madinati.middleware.ConditionalGetMiddleware`,
    for every successful GET (the hash of the rendered body, so exact for every
    user and format); ``conditional = True`` (lists and summaries) documents
    them in the schema as part of the contract.
    """

    # The settings' renderers, named here so a view can add to them: [*ApiViewMixin.renderer_classes, CSVRenderer].
    renderer_classes = api_settings.DEFAULT_RENDERER_CLASSES
    conditional = False

    def initial(self, request, *args, **kwargs):
        try:
            super().initial(request, *args, **kwargs)
        except (exceptions.NotAuthenticated, exceptions.AuthenticationFailed):
            # Permissions are checked before throttles, so without this an unauthenticated
            # caller (say, one guessing tokens) would never be slowed down.
            anonymous = AnonRateThrottle()
            if not anonymous.allow_request(request, self):
                raise exceptions.Throttled(anonymous.wait()) from None
            raise

    def handle_exception(self, exc):
        if isinstance(exc, RequestDataTooBig):
            # Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE when DRF reads the body; answer in JSON like any 400.
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            exc = exceptions.ParseError(_("The body is larger than %(size)d bytes.") % {"size": limit})
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "exception", False) and not isinstance(response.accepted_renderer, renderers.JSONRenderer):
            response.accepted_renderer = renderers.JSONRenderer()
            response.accepted_media_type = response.accepted_renderer.media_type
        # Answers depend on who asks (scoping) and in which language errors are written.
        patch_vary_headers(response, ["Authorization", "Cookie", "Accept", "Accept-Language"])
        return response


def _bulk_result_serializer():
    return inline_serializer(
        "BulkImportResult",
        fields={
            "dry_run": serializers.BooleanField(help_text=gettext_lazy("True when nothing was written on purpose.")),
            "created": serializers.IntegerField(help_text=gettext_lazy("Rows that were (or would be) created.")),
            "updated": serializers.IntegerField(help_text=gettext_lazy("Rows that were (or would be) changed.")),
            "unchanged": serializers.IntegerField(help_text=gettext_lazy("Rows already holding that value and note.")),
            "errors": inline_serializer(
                "BulkImportError",
                fields={
                    "index": serializers.IntegerField(
                        help_text=gettext_lazy("0-based position of the row in values, or null for the whole body."),
                        allow_null=True,
                    ),
                    "field": serializers.CharField(help_text=gettext_lazy("The key at fault.")),
                    "message": serializers.CharField(help_text=gettext_lazy("Why, in the requested language.")),
                },
                many=True,
            ),
        },
    )


# --- Serializer fields shared by both apps ----------------------------------------------------------


@extend_schema_field({"type": "string", "pattern": PERIOD_PATTERN, "example": "2018-Q1"})
class PeriodKeySerializerField(serializers.Field):
    """The period as ``YYYY-Qn``, computed from the foreign key so no join is needed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "period_id")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", gettext_lazy("Reporting period YYYY-Qn."))
        super().__init__(**kwargs)

    def to_representation(self, value):
        return period_key(value)


@extend_schema_field({"type": "number", "nullable": True})
class EdgeNumberField(serializers.Field):
    """A percentage as it leaves the API: a JSON number rounded to 2 decimals, or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return edge_number(value)


class ApiListViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A paginated, filterable, conditional list; nothing else (the API is read-only but for values/bulk)."""

    conditional = True
    filter_backends = [ApiFilterBackend]

    def get_queryset(self):
        if not self.request.user.is_authenticated:
            return self.queryset
        return self.scoped_queryset(self.request.user)

    def scoped_queryset(self, user):
        raise NotImplementedError

    def csv_header(self, rows):
        return list(self.get_serializer().fields)


#: The answer of ``values/bulk/`` (one component, whatever the status).
BULK_RESULT = _bulk_result_serializer()
