"""``GET /api/v1/elements/``: the visual-distortion elements each secretariat targeted and treated, per quarter.

Scoped like the progress rows they go with: a record is listed when its
secretariat's progress row of the same initiative and quarter is one the user
may read (``indicators.permissions.workflow_rows_visible_to``): an officer sees
their own secretariat's drafts, nobody else's. One query per page (plus the count).
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from api.base import IF_NONE_MATCH, ApiListViewSet, PeriodKeySerializerField
from dashboards.elements import with_visible_progress
from indicators.models import InitiativeProgress
from indicators.permissions import workflow_rows_visible_to
from initiatives.models import ElementRecord, Initiative
from programme.filters import code_filter, period_filter
from programme.models import Secretariat


class ElementRecordSerializer(serializers.ModelSerializer):
    element = serializers.CharField(source="element.code", read_only=True, help_text=_("Element code."))
    name_ar = serializers.CharField(source="element.name_ar", read_only=True, help_text=_("Element name in Arabic."))
    name_en = serializers.CharField(source="element.name_en", read_only=True, help_text=_("Element name in English."))
    initiative = serializers.CharField(
        source="element.initiative.code", read_only=True, help_text=_("Code of the initiative the element counts for.")
    )
    secretariat = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text=_("Secretariat code."))
    period = PeriodKeySerializerField()
    quantity = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text=_("Quantity treated in the unit given; null when not measured."),
    )

    class Meta:
        model = ElementRecord
        fields = [
            "element",
            "name_ar",
            "name_en",
            "initiative",
            "secretariat",
            "period",
            "treated",
            "quantity",
            "unit",
            "note",
            "updated_at",
        ]
        extra_kwargs = {
            "treated": {"help_text": _("True: treated in or before this quarter's record; false: targeted only.")},
            "unit": {"help_text": _("Unit of the quantity (items, m2, m, m3, t, sites), or empty.")},
        }


class ElementRecordFilter(django_filters.FilterSet):
    initiative = code_filter(Initiative.objects.all(), "element__initiative", _("Initiative code, e.g. B-01."))
    secretariat = code_filter(Secretariat.objects.all(), "secretariat", _("Secretariat code, e.g. taif."))
    period = period_filter(_("Reporting period YYYY-Qn, e.g. 2017-Q4."))

    class Meta:
        model = ElementRecord
        fields = ["initiative", "secretariat", "period"]


@extend_schema_view(list=extend_schema(summary="Visual-distortion elements", parameters=[IF_NONE_MATCH]))
class ElementRecordViewSet(ApiListViewSet):
    """Per secretariat and quarter, each visual-distortion element targeted and whether it was treated."""

    queryset = ElementRecord.objects.none()
    serializer_class = ElementRecordSerializer
    filterset_class = ElementRecordFilter

    def scoped_queryset(self, user):
        records = ElementRecord.objects.select_related("element__initiative", "secretariat").order_by(
            "period_id", "secretariat__code", "element__sort_order", "element__code"
        )
        return with_visible_progress(records, workflow_rows_visible_to(user, InitiativeProgress.objects.all()))
