"""Explicit API representations of indicators, periods, targets, values and summaries (DESIGN §5)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from api.base import BULK_MAX_ROWS, EdgeNumberField, PeriodKeySerializerField, edge_number
from indicators import scoring
from indicators.models import Indicator, IndicatorValue, Target
from madinati.text import NOTE_MAX_LENGTH
from programme.filters import PERIOD_PATTERN
from programme.models import ReportingPeriod

DEMO_HELP = _("True when the demonstration seed invented this row; no secretariat reported it.")
STATUS_HELP = _("Scoring status: on_track, at_risk, off_track or no_data.")


def number(max_digits, decimal_places, help_text, **kwargs):
    """A Decimal column as a JSON number (never a string: integrators compute with it)."""
    return serializers.DecimalField(
        max_digits=max_digits,
        decimal_places=decimal_places,
        coerce_to_string=False,
        read_only=True,
        help_text=help_text,
        **kwargs,
    )


class IndicatorSerializer(serializers.ModelSerializer):
    weight = number(6, 2, _("Weight of the indicator in a secretariat's score."))
    green_at = number(5, 2, _("On track from this achievement (percent of target)."))
    amber_at = number(5, 2, _("At risk from this achievement (percent of target); below it, off track."))

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_ar",
            "name_en",
            "unit",
            "polarity",
            "weight",
            "source",
            "green_at",
            "amber_at",
            "is_demo",
        ]
        extra_kwargs = {
            "code": {"help_text": _("Indicator code, e.g. complaint-handling.")},
            "source": {"help_text": _("manual: entered by secretariats; otherwise derived from initiative progress.")},
        }


class PeriodSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="key", read_only=True, help_text=_("Reporting period YYYY-Qn."))
    is_open = serializers.SerializerMethodField(help_text=_("Open for entry today (extensions aside)."))

    class Meta:
        model = ReportingPeriod
        fields = ["period", "year", "quarter", "opens_on", "closes_on", "is_open"]

    def get_is_open(self, period) -> bool:
        return period.is_open(on=timezone.localdate())


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text=_("Indicator code."))
    secretariat = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text=_("Secretariat code."))
    period = PeriodKeySerializerField()
    target = number(18, 4, _("Target value for the quarter, in the indicator's unit."), source="value")

    class Meta:
        model = Target
        fields = ["indicator", "secretariat", "period", "target"]


class QualityFlagSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The check that fired: range_low, range_high, change or outlier."))
    message = serializers.CharField(help_text=_("Why, in words, in the request's language."))


class ValueSerializer(serializers.ModelSerializer):
    """A value row with its scoring: ``target_value`` is annotated by the view (one subquery, not a query per row)."""

    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text=_("Indicator code."))
    secretariat = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text=_("Secretariat code."))
    period = PeriodKeySerializerField()
    value = number(18, 4, _("The figure, in the indicator's unit."))
    target = number(
        18,
        4,
        _("Target for the same indicator, secretariat and quarter; null if none."),
        source="target_value",
        allow_null=True,
    )
    achievement = serializers.SerializerMethodField(
        help_text=_("Percent of target achieved, 0–100, rounded to 2 decimals; null without a target.")
    )
    status = serializers.SerializerMethodField(help_text=STATUS_HELP)
    flags = QualityFlagSerializer(
        source="quality_flags",
        many=True,
        read_only=True,
        help_text=_(
            "Data-quality checks the figure trips (plausible range, change from last quarter, outlier in its "
            "group); empty when none. Set by the view for the whole page in one grouped query."
        ),
    )

    class Meta:
        model = IndicatorValue
        fields = [
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
            "flags",
            "is_demo",
        ]
        extra_kwargs = {"is_demo": {"help_text": DEMO_HELP}}
        extra_kwargs = {"workflow_status": {"help_text": _("draft, submitted, approved or returned.")}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if getattr(getattr(request, "accepted_renderer", None), "format", None) == "csv":
            # One cell per row in a spreadsheet: the flags' codes, space-separated like every list in our CSV.
            data["flags"] = [flag["code"] for flag in data["flags"]]
        return data

    @extend_schema_field({"type": "number", "nullable": True})
    def get_achievement(self, instance):
        return edge_number(self._scored(instance)[0])

    def get_status(self, instance) -> str:
        return self._scored(instance)[1]

    @staticmethod
    def _scored(instance):
        """Achievement and status by the scoring rules themselves (DESIGN §4 rules 5 and 6), once per row."""
        if not hasattr(instance, "_api_scored"):
            indicator = instance.indicator
            ach = scoring.achievement(value=instance.value, target=instance.target_value, polarity=indicator.polarity)
            status = scoring.status_for(achievement=ach, green_at=indicator.green_at, amber_at=indicator.amber_at)
            instance._api_scored = (ach, status)
        return instance._api_scored


# --- summaries (built from indicators.scoring.scorecard; these document and render the shape) -------------


class IndicatorResultSerializer(serializers.Serializer):
    value = EdgeNumberField(help_text=_("Visible value (or derived progress) in the quarter; null if none."))
    target = EdgeNumberField(help_text=_("Target for the quarter; null if none."))
    achievement = EdgeNumberField(help_text=_("Percent of target achieved, 0–100; null if not computable."))
    status = serializers.ChoiceField(choices=scoring.STATUSES, read_only=True, help_text=STATUS_HELP)


class SecretariatSummarySerializer(serializers.Serializer):
    secretariat = serializers.CharField(read_only=True, help_text=_("Secretariat code."))
    period = serializers.CharField(read_only=True, help_text=_("Reporting period YYYY-Qn."))
    score = EdgeNumberField(help_text=_("Weighted mean of the indicators' achievements; null when none."))
    rank = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Rank within its group (1, 2, 2, 4); null without a score.")
    )
    progress = EdgeNumberField(help_text=_("Weighted progress over all its initiatives; null if it has none."))
    axes = serializers.DictField(
        child=EdgeNumberField(), read_only=True, help_text=_("Axis code → its progress on that axis (null if none).")
    )
    indicators = serializers.DictField(
        child=IndicatorResultSerializer(), read_only=True, help_text=_("Indicator code → value, target, achievement.")
    )


class AxisSummarySerializer(serializers.Serializer):
    axis = serializers.CharField(read_only=True, help_text=_("Axis code."))
    period = serializers.CharField(read_only=True, help_text=_("Reporting period YYYY-Qn."))
    progress = EdgeNumberField(help_text=_("Weighted progress over all (initiative, participant) pairs in scope."))
    secretariats = serializers.DictField(
        child=EdgeNumberField(), read_only=True, help_text=_("Participating secretariat code → its progress.")
    )


class SummaryQuerySerializer(serializers.Serializer):
    """The query string of the summaries; an error names the parameter."""

    period = serializers.RegexField(
        PERIOD_PATTERN,
        required=False,
        help_text=_("Reporting period YYYY-Qn; default: the latest period with visible data."),
        error_messages={"invalid": _("Use the form YYYY-Qn for a period, e.g. 2018-Q1.")},
    )
    group = serializers.IntegerField(
        required=False, min_value=1, max_value=32767, help_text=_("Only this programme group.")
    )
    approved_only = serializers.BooleanField(
        required=False, default=False, help_text=_("Count approved figures only (default: submitted and approved).")
    )

    def validate(self, attrs):
        # Asked once every parameter is well formed: a quarter with no reporting period names nothing (a 404).
        if attrs.get("period"):
            try:
                attrs["period"] = ReportingPeriod.objects.by_key(attrs["period"])
            except ReportingPeriod.DoesNotExist:
                raise exceptions.NotFound({"period": [_("No such reporting period.")]}) from None
        return attrs


# --- bulk import (documents the body; the view checks shapes itself to report errors by row index) ----------


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}]})
class NumberOrStringField(serializers.Field):
    pass


class BulkRowSerializer(serializers.Serializer):
    secretariat = serializers.CharField(
        max_length=40, help_text=_("Secretariat code; an officer may only send their own.")
    )
    indicator = serializers.CharField(max_length=60, help_text=_("Code of a manual indicator."))
    period = serializers.RegexField(PERIOD_PATTERN, help_text=_("Reporting period YYYY-Qn."))
    value = NumberOrStringField(
        help_text=_("A number, or a string holding one (Arabic-Indic digits and the Arabic decimal separator work).")
    )
    note = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=NOTE_MAX_LENGTH, help_text=_("Optional note.")
    )


class BulkRequestSerializer(serializers.Serializer):
    values = BulkRowSerializer(many=True, max_length=BULK_MAX_ROWS, help_text=_("The rows, at most 5000."))
    submit = serializers.BooleanField(
        required=False, default=False, help_text=_("Also submit the written rows for review.")
    )
