"""Query-string filters over the programme's natural keys (codes, periods, numbers), shared by the API and the pages.

Each documents in the OpenAPI schema exactly what it accepts (the period's years, a number's bounds), so
a request the schema allows is never refused as malformed. An empty value is the same as leaving the
filter out. A well-formed code that names nothing is refused with the code :data:`UNKNOWN`, which the API
answers with a 404 naming the filter (:class:`api.base.ApiFilterBackend`) and the pages with their 400.
"""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field

from programme.models import ReportingPeriod

#: ``YYYY-Qn`` with the years a reporting period can have (2000–2999, a constraint of the model).
PERIOD_PATTERN = r"^2\d{3}-Q[1-4]$"

#: The error code of a well-formed code (or owner) that names nothing: not malformed, just not there.
UNKNOWN = "unknown"


class PeriodKeyField(forms.RegexField):
    """``YYYY-Qn`` → the period's ordinal primary key (no query: an unknown quarter simply matches nothing)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid": gettext_lazy("Use the form YYYY-Qn for a period, e.g. 2018-Q1.")}
        )
        super().__init__(PERIOD_PATTERN, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        year, quarter = ReportingPeriod.parse_key(value)
        return ReportingPeriod.ordinal(year, quarter)


class PeriodFilter(django_filters.Filter):
    field_class = PeriodKeyField

    def __init__(self, *, field_name="period_id", **kwargs):
        super().__init__(field_name=field_name, **kwargs)


def period_filter(help_text, **kwargs):
    schema = {"type": "string", "pattern": PERIOD_PATTERN, "description": help_text}
    return extend_schema_field(schema)(PeriodFilter(help_text=help_text, **kwargs))


class CodeField(django_filters.fields.ModelChoiceField):
    """A row named by its code; a code that names no row is an error with the code :data:`UNKNOWN`."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code == "invalid_choice":
                raise forms.ValidationError(self.error_messages["invalid_choice"], code=UNKNOWN) from None
            raise


class CodeFilter(django_filters.ModelChoiceFilter):
    field_class = CodeField


def code_filter(queryset, field_name, help_text):
    """A secretariat/axis/initiative/indicator named by its code; an unknown code is an error naming the filter
    (a 404 from the API: the code is well formed, the row it names does not exist).

    Documented as a plain string: the codes are data, not part of the contract.
    """
    flt = CodeFilter(
        queryset=queryset,
        field_name=field_name,
        to_field_name="code",
        help_text=help_text,
        error_messages={"invalid_choice": gettext_lazy("No such code.")},
    )
    return extend_schema_field({"type": "string", "description": help_text})(flt)


class PositiveIntegerFilter(django_filters.NumberFilter):
    """A whole number between ``min_value`` (default 1) and ``max_value`` (default 32767), and documented so."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 32767)
        super().__init__(**kwargs)
        schema = {"type": "integer", "minimum": kwargs["min_value"], "maximum": kwargs["max_value"]}
        if kwargs.get("help_text"):
            schema["description"] = kwargs["help_text"]
        extend_schema_field(schema)(self)


UTC_MIN = datetime.datetime.min.replace(tzinfo=datetime.UTC)
UTC_MAX = datetime.datetime.max.replace(tzinfo=datetime.UTC)


class SinceField(django_filters.fields.IsoDateTimeField):
    """Any ISO 8601 date-time, as UTC; one whose UTC falls outside years 1–9999 is the first or the last instant
    (so ``0001-01-01T00:00:00+05:00`` means every row, and no overflow reaches the database)."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            return UTC_MIN if value.year == 1 else UTC_MAX


class SinceFilter(django_filters.IsoDateTimeFilter):
    field_class = SinceField
