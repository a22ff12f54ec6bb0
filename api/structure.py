"""REST API v1: programme structure, initiative progress and the registers (DESIGN §5).

Every view starts from ``.none()`` and builds its queryset per user in
``get_queryset()``; what a row shows is joined in code, never per row.
"""

from django.db.models import OuterRef, Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from api import serializers_structure as serializers
from api.base import IF_NONE_MATCH, ApiListViewSet, ApiViewMixin, CSVRenderer
from indicators.models import InitiativeProgress
from indicators.permissions import workflow_rows_visible_to
from initiatives.models import Initiative, Participation
from initiatives.plans import planned_at
from programme.models import Axis, Secretariat
from registers import filters
from registers.models import Idea, Risk, SupportRequest


@extend_schema_view(list=extend_schema(summary="Secretariats", parameters=[IF_NONE_MATCH]))
class SecretariatViewSet(ApiListViewSet):
    """The municipal secretariats, by group then code."""

    queryset = Secretariat.objects.none()
    serializer_class = serializers.SecretariatSerializer
    filterset_class = filters.SecretariatFilter

    def scoped_queryset(self, user):
        return Secretariat.objects.order_by("group", "code")


@extend_schema_view(list=extend_schema(summary="Axes", parameters=[IF_NONE_MATCH]))
class AxisViewSet(ApiListViewSet):
    """The programme axes."""

    queryset = Axis.objects.none()
    serializer_class = serializers.AxisSerializer
    filterset_class = None

    def scoped_queryset(self, user):
        return Axis.objects.order_by("code")


@extend_schema_view(list=extend_schema(summary="Initiatives", parameters=[IF_NONE_MATCH]))
class InitiativeViewSet(ApiListViewSet):
    """Initiatives with their axis, lead secretariat and participants."""

    queryset = Initiative.objects.none()
    serializer_class = serializers.InitiativeSerializer
    filterset_class = filters.InitiativeFilter

    def scoped_queryset(self, user):
        # Participants come with one prefetch query for the whole page.
        return (
            Initiative.objects.select_related("axis", "lead_secretariat")
            .prefetch_related(
                Prefetch(
                    "participation_set",
                    queryset=Participation.objects.select_related("secretariat").order_by("secretariat__code"),
                    to_attr="participations",
                )
            )
            .order_by("axis__code", "code")
            .distinct()
        )


@extend_schema_view(list=extend_schema(summary="Initiative progress", parameters=[IF_NONE_MATCH]))
class ProgressViewSet(ApiListViewSet):
    """Quarterly progress rows; an officer sees their own secretariat's drafts, nobody else's."""

    queryset = InitiativeProgress.objects.none()
    serializer_class = serializers.ProgressSerializer
    filterset_class = filters.ProgressFilter
    renderer_classes = [*ApiViewMixin.renderer_classes, CSVRenderer]

    def scoped_queryset(self, user):
        rows = InitiativeProgress.objects.select_related("initiative", "secretariat").order_by(
            "period_id", "initiative__code", "secretariat__code"
        )
        return workflow_rows_visible_to(user, rows).annotate(planned_percent=planned_at(OuterRef("period_id")))


class RegisterViewSet(ApiListViewSet):
    """The registers are readable by every signed-in user (DESIGN §5)."""

    def scoped_queryset(self, user):
        return self.queryset.model.objects.select_related(*self.related).order_by("-created_at", "-id")


@extend_schema_view(list=extend_schema(summary="Risks and obstacles", parameters=[IF_NONE_MATCH]))
class RiskViewSet(RegisterViewSet):
    """Obstacles and risks raised by the secretariats, newest first."""

    queryset = Risk.objects.none()
    related = ["secretariat", "axis", "initiative"]
    serializer_class = serializers.RiskSerializer
    filterset_class = filters.RiskFilter


@extend_schema_view(list=extend_schema(summary="Support requests", parameters=[IF_NONE_MATCH]))
class SupportRequestViewSet(RegisterViewSet):
    """What the secretariats need from the ministry, newest first."""

    queryset = SupportRequest.objects.none()
    related = ["secretariat", "axis", "initiative"]
    serializer_class = serializers.SupportRequestSerializer
    filterset_class = filters.SupportRequestFilter


@extend_schema_view(list=extend_schema(summary="Creative ideas", parameters=[IF_NONE_MATCH]))
class IdeaViewSet(RegisterViewSet):
    """Creative ideas put forward by the secretariats, newest first."""

    queryset = Idea.objects.none()
    related = ["secretariat", "axis"]
    serializer_class = serializers.IdeaSerializer
    filterset_class = filters.IdeaFilter
