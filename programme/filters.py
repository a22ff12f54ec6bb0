"""Query-string filters over the programme's natural keys (codes, periods, numbers), shared by the API and the pages."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field

from programme.models import ReportingPeriod

PERIOD_PATTERN = r"^\d{4}-Q[1-4]$"


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


def code_filter(queryset, field_name, help_text):
    """A secretariat/axis/initiative/indicator named by its code; an unknown code is a 400 naming the filter.

    Documented as a plain string: the codes are data, not part of the contract.
    """
    flt = django_filters.ModelChoiceFilter(
        queryset=queryset,
        field_name=field_name,
        to_field_name="code",
        help_text=help_text,
        error_messages={"invalid_choice": gettext_lazy("No such code.")},
    )
    return extend_schema_field({"type": "string", "description": help_text})(flt)


class PositiveIntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 32767)
        super().__init__(**kwargs)


class SinceField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time that can be converted to UTC (years 1970–9998), so no overflow reaches the database."""

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not 1970 <= value.year <= 9998:
            raise forms.ValidationError(gettext_lazy("Give a date-time between 1970 and 9998."), code="invalid")
        return value


class SinceFilter(django_filters.IsoDateTimeFilter):
    field_class = SinceField
