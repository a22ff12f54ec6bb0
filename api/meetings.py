"""REST API v1: the review cycle (DESIGN §5.1): meetings, follow-up actions and frozen snapshots.

Every signed-in user reads the review cycle, so the scope is the same for everyone; it is still
built per request from ``.none()``. What a row shows is joined or prefetched in code, never per row.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.response import Response

from api import serializers_meetings as serializers
from api.base import IF_NONE_MATCH, ApiListViewSet
from meetings.filters import ActionFilter, MeetingFilter, SnapshotFilter
from meetings.models import Action, ActionNote, AgendaItem, Attendee, Meeting, Snapshot
from meetings.snapshots import revised_since


@extend_schema_view(list=extend_schema(summary="Review meetings", parameters=[IF_NONE_MATCH]))
class MeetingViewSet(ApiListViewSet):
    """Meetings of the groups' secretariats, latest first, with attendees and agenda (and its minutes)."""

    queryset = Meeting.objects.none()
    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingFilter

    def scoped_queryset(self, user):
        # The page, then one query each for the attendees and the agenda of the whole page.
        return (
            Meeting.objects.select_related("host")
            .prefetch_related(
                Prefetch(
                    "attendees", queryset=Attendee.objects.select_related("secretariat", "unit").order_by("role", "id")
                ),
                Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "id")),
            )
            .order_by("-held_on", "group", "-number", "id")
        )


@extend_schema_view(list=extend_schema(summary="Follow-up actions", parameters=[IF_NONE_MATCH]))
class ActionViewSet(ApiListViewSet):
    """Follow-up actions of the meetings' decisions, soonest due first, with their progress notes."""

    queryset = Action.objects.none()
    serializer_class = serializers.ActionSerializer
    filterset_class = ActionFilter

    def scoped_queryset(self, user):
        return (
            Action.objects.select_related("decision__meeting", "owner_secretariat", "owner_unit")
            .prefetch_related(Prefetch("notes", queryset=ActionNote.objects.select_related("by").order_by("at", "id")))
            .order_by("due_on", "id")
        )


@extend_schema_view(
    list=extend_schema(summary="Frozen snapshots", parameters=[IF_NONE_MATCH]),
    retrieve=extend_schema(
        summary="A frozen snapshot",
        description=(
            "The scorecard a meeting saw, as frozen: secretariats in the shape of summary/secretariats/, axes in "
            "the shape of summary/axes/, and revised_since, the figures whose live value differs now."
        ),
        parameters=[IF_NONE_MATCH],
    ),
)
class SnapshotViewSet(mixins.RetrieveModelMixin, ApiListViewSet):
    """Frozen quarterly scorecards, latest quarter first; the detail carries the figures and what was revised."""

    queryset = Snapshot.objects.none()
    serializer_class = serializers.SnapshotSerializer
    filterset_class = SnapshotFilter

    def scoped_queryset(self, user):
        snapshots = Snapshot.objects.select_related("frozen_by").order_by("-period_id", "group")
        if self.action == "list":
            return snapshots.defer("body")
        return snapshots.select_related("period")

    def get_serializer_class(self):
        return serializers.SnapshotDetailSerializer if self.action == "retrieve" else serializers.SnapshotSerializer

    def retrieve(self, request, *args, **kwargs):
        snapshot = self.get_object()
        context = {**self.get_serializer_context(), "revisions": [r.as_api() for r in revised_since(snapshot)]}
        return Response(serializers.SnapshotDetailSerializer(snapshot, context=context).data)
