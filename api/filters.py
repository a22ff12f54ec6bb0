"""Query-string filters of the indicator endpoints (DESIGN §5): codes, never ids; periods as ``YYYY-Qn``."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from indicators import scoring
from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, Target
from programme.filters import SinceFilter, code_filter, period_filter
from programme.models import Secretariat

#: ``?status=`` on values takes a workflow state or a scoring status; the two sets never overlap.
SCORING_STATUS_CHOICES = [
    (scoring.ON_TRACK, _("On track")),
    (scoring.AT_RISK, _("At risk")),
    (scoring.OFF_TRACK, _("Off track")),
    (scoring.NO_DATA, _("No data")),
]
VALUE_STATUS_CHOICES = [*WorkflowStatus.choices, *SCORING_STATUS_CHOICES]


class TargetFilter(django_filters.FilterSet):
    indicator = code_filter(Indicator.objects.all(), "indicator", _("Indicator code, e.g. complaint-handling."))
    secretariat = code_filter(Secretariat.objects.all(), "secretariat", _("Secretariat code, e.g. taif."))
    period = period_filter(_("Reporting period YYYY-Qn, e.g. 2018-Q1."))

    class Meta:
        model = Target
        fields = ["indicator", "secretariat", "period"]


class ValueFilter(django_filters.FilterSet):
    secretariat = code_filter(Secretariat.objects.all(), "secretariat", _("Secretariat code, e.g. taif."))
    indicator = code_filter(Indicator.objects.all(), "indicator", _("Indicator code, e.g. complaint-handling."))
    period = period_filter(_("Reporting period YYYY-Qn, e.g. 2018-Q1."))
    updated_since = extend_schema_field(
        {
            "type": "string",
            "format": "date-time",
            "description": _("Only rows changed at or after this ISO 8601 date-time (for incremental sync)."),
        }
    )(SinceFilter(field_name="updated_at", lookup_expr="gte"))
    # Last, so the scoring statuses are computed over rows the other filters already narrowed.
    status = django_filters.ChoiceFilter(
        choices=VALUE_STATUS_CHOICES,
        method="filter_status",
        help_text=_(
            "A workflow state (draft, submitted, approved, returned) or a scoring status "
            "(on_track, at_risk, off_track, no_data)."
        ),
    )

    class Meta:
        model = IndicatorValue
        fields = ["secretariat", "indicator", "period", "status", "updated_since"]

    def filter_status(self, queryset, name, value):
        if value in WorkflowStatus.values:
            return queryset.filter(workflow_status=value)
        # A scoring status is computed by the scoring rules themselves, so the filter can never
        # disagree with the payload: one query over the rows in scope, then a filter on their keys.
        rows = queryset.values_list(
            "pk", "value", "target_value", "indicator__polarity", "indicator__green_at", "indicator__amber_at"
        ).order_by()
        keep = [
            pk
            for pk, val, target, polarity, green_at, amber_at in rows
            if scoring.status_for(
                achievement=scoring.achievement(value=val, target=target, polarity=polarity),
                green_at=green_at,
                amber_at=amber_at,
            )
            == value
        ]
        return queryset.filter(pk__in=keep)
