"""Explicit API representations of the programme structure, progress and registers (DESIGN §5).

Related objects are named by their code; every serializer here expects its
view to have joined what it reads (``select_related``), never a query per row.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import EdgeNumberField, PeriodKeySerializerField, edge_number
from api.serializers import DEMO_HELP
from indicators.models import InitiativeProgress
from initiatives import plans
from initiatives.models import Initiative
from programme.models import Axis, Secretariat
from registers.models import Idea, Risk, SupportRequest


def code_of(help_text, **kwargs):
    return serializers.SlugRelatedField(slug_field="code", read_only=True, help_text=help_text, **kwargs)


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


class SecretariatSerializer(serializers.ModelSerializer):
    class Meta:
        model = Secretariat
        fields = ["code", "name_ar", "name_en", "region_ar", "region_en", "group", "group_is_assumed"]
        extra_kwargs = {
            "code": {"help_text": _("Short code used everywhere in the API, e.g. taif.")},
            "group": {"help_text": _("Programme group; ranks are computed within a group.")},
        }


class AxisSerializer(serializers.ModelSerializer):
    class Meta:
        model = Axis
        fields = ["code", "name_ar", "name_en", "is_demo"]
        extra_kwargs = {"code": {"help_text": _("Axis code, e.g. A, B, F.")}}


class InitiativeSerializer(serializers.ModelSerializer):
    axis = code_of(_("Code of the axis the initiative belongs to."))
    lead_secretariat = code_of(
        _("Code of the secretariat that leads it; null when the ministry leads it."), allow_null=True
    )
    participants = serializers.SerializerMethodField(help_text=_("Codes of the participating secretariats."))
    weight = number(6, 2, _("Weight of the initiative in the weighted means of progress."))
    target_quantity = number(14, 2, _("Quantity the initiative aims at, in its unit; null if none."), allow_null=True)

    class Meta:
        model = Initiative
        fields = [
            "code",
            "name_ar",
            "name_en",
            "axis",
            "lead_secretariat",
            "participants",
            "weight",
            "unit_ar",
            "unit_en",
            "target_quantity",
            "is_demo",
        ]
        extra_kwargs = {"code": {"help_text": _("Initiative code, e.g. B-01.")}}

    def get_participants(self, initiative) -> list[str]:
        # Prefetched by the view, ordered by code, in one query per page.
        return [participation.secretariat.code for participation in initiative.participations]


class ProgressSerializer(serializers.ModelSerializer):
    initiative = code_of(_("Initiative code."))
    secretariat = code_of(_("Secretariat code."))
    period = PeriodKeySerializerField()
    percent_complete = number(5, 2, _("Percent complete, 0–100, as reported for this quarter."))
    quantity_achieved = number(
        14, 2, _("Quantity achieved, in the initiative's unit; null if not reported."), allow_null=True
    )
    # The view annotates the plan (one subquery in the list's query, not one query per row).
    planned_percent = EdgeNumberField(
        help_text=_("Percent complete planned by the end of this quarter; null: no plan.")
    )
    variance = serializers.SerializerMethodField(
        help_text=_("Percent complete minus planned, in points; null: no plan.")
    )

    @extend_schema_field({"type": "number", "nullable": True})
    def get_variance(self, row):
        return edge_number(plans.variance(actual=row.percent_complete, planned=row.planned_percent))

    class Meta:
        model = InitiativeProgress
        fields = [
            "initiative",
            "secretariat",
            "period",
            "percent_complete",
            "quantity_achieved",
            "status",
            "workflow_status",
            "narrative",
            "updated_at",
            "planned_percent",
            "variance",
            "is_demo",
        ]
        extra_kwargs = {
            "is_demo": {"help_text": DEMO_HELP},
            "status": {"help_text": _("Status reported by the secretariat.")},
            "workflow_status": {"help_text": _("draft, submitted, approved or returned.")},
        }


REGISTER_COMMON = ["id", "secretariat", "axis"]


class RiskSerializer(serializers.ModelSerializer):
    secretariat = code_of(_("Code of the secretariat that raised it."))
    axis = code_of(_("Axis code, or null."), allow_null=True)
    initiative = code_of(_("Initiative code, or null."), allow_null=True)
    severity = serializers.IntegerField(read_only=True, help_text=_("Likelihood × impact, 1–25."))
    canonical = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("Id of the entry this duplicate was merged into, or null.")
    )

    class Meta:
        model = Risk
        fields = [
            *REGISTER_COMMON,
            "initiative",
            "kind",
            "title",
            "description",
            "likelihood",
            "impact",
            "severity",
            "mitigation",
            "owner",
            "status",
            "status_reason",
            "canonical",
            "is_demo",
            "created_at",
            "updated_at",
        ]


class SupportRequestSerializer(serializers.ModelSerializer):
    secretariat = code_of(_("Code of the secretariat asking."))
    axis = code_of(_("Axis code, or null."), allow_null=True)
    initiative = code_of(_("Initiative code, or null."), allow_null=True)

    class Meta:
        model = SupportRequest
        fields = [
            *REGISTER_COMMON,
            "initiative",
            "category",
            "title",
            "description",
            "status",
            "response",
            "responded_at",
            "is_demo",
            "created_at",
            "updated_at",
        ]


class IdeaSerializer(serializers.ModelSerializer):
    secretariat = code_of(_("Code of the secretariat that put it forward."))
    axis = code_of(_("Axis code, or null."), allow_null=True)

    class Meta:
        model = Idea
        fields = [
            *REGISTER_COMMON,
            "title",
            "description",
            "status",
            "decision_reason",
            "decided_at",
            "is_demo",
            "created_at",
            "updated_at",
        ]
