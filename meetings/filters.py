"""Query-string filters of the review cycle, shared by the pages and the API: codes and numbers, never guesses.

A malformed or unknown value is an error naming the parameter, never silently ignored: a 400, but a 404 from
the API for a well-formed code that names nothing (:data:`programme.filters.UNKNOWN`).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from meetings.models import Action, ActionStatus, Meeting, MinistryUnit, Snapshot
from meetings.selectors import overdue_q
from programme.filters import UNKNOWN, PositiveIntegerFilter, period_filter
from programme.models import Secretariat

PERIOD_HELP = _("Reporting period reviewed, YYYY-Qn, e.g. 2018-Q1.")
GROUP_HELP = _("Programme group number, e.g. 2.")


class OwnerField(forms.CharField):
    """A secretariat code or a ministry unit code (one query each, only when given)."""

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        if not (Secretariat.objects.filter(code=value).exists() or MinistryUnit.objects.filter(code=value).exists()):
            raise forms.ValidationError(_("No such code."), code=UNKNOWN)
        return value


class OwnerFilter(django_filters.CharFilter):
    field_class = OwnerField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(Q(owner_secretariat__code=value) | Q(owner_unit__code=value))


class StrictBooleanFilter(django_filters.ChoiceFilter):
    """``true`` or ``false``; anything else is a 400 (a plain BooleanFilter ignores nonsense silently)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        super().__init__(**kwargs)


class MeetingFilter(django_filters.FilterSet):
    group = PositiveIntegerFilter(field_name="group", help_text=GROUP_HELP)
    year = PositiveIntegerFilter(
        field_name="held_on",
        lookup_expr="year",
        min_value=2000,
        max_value=2999,
        help_text=_("Year the meeting is (or was) held, e.g. 2018."),
    )
    period = period_filter(PERIOD_HELP)

    class Meta:
        model = Meeting
        fields = ["group", "year", "period"]


class ActionFilter(django_filters.FilterSet):
    meeting = PositiveIntegerFilter(field_name="decision__meeting_id", max_value=2**31 - 1, help_text=_("Meeting id."))
    group = PositiveIntegerFilter(field_name="decision__meeting__group", help_text=GROUP_HELP)
    owner = extend_schema_field(
        {"type": "string", "description": _("Owner: a secretariat code or a ministry unit code.")}
    )(OwnerFilter(help_text=_("Owner: a secretariat code or a ministry unit code.")))
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, help_text=_("Status of the action."))
    overdue = extend_schema_field(
        {"type": "boolean", "description": _("Only overdue actions (true) or only the others (false).")}
    )(
        StrictBooleanFilter(
            method="filter_overdue", help_text=_("Only overdue actions (true) or only the others (false).")
        )
    )

    class Meta:
        model = Action
        fields = ["meeting", "group", "owner", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value == "true":
            return queryset.filter(overdue_q())
        if value == "false":
            return queryset.exclude(overdue_q())
        return queryset


class SnapshotFilter(django_filters.FilterSet):
    period = period_filter(_("Reporting period frozen, YYYY-Qn, e.g. 2018-Q1."))
    group = PositiveIntegerFilter(field_name="group", help_text=GROUP_HELP)

    class Meta:
        model = Snapshot
        fields = ["period", "group"]
