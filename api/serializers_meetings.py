"""Explicit API representations of the review cycle: meetings, follow-up actions, frozen snapshots (DESIGN §5.1).

Related objects are named by their code; every serializer here expects its view to have joined or
prefetched what it reads, never a query per row.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import PeriodKeySerializerField
from api.serializers import AxisSummarySerializer, IndicatorResultSerializer, SecretariatSummarySerializer
from meetings.models import Action, ActionNote, ActionStatus, AgendaItem, Attendee, Meeting, Snapshot
from meetings.selectors import today


def code_of(help_text, **kwargs):
    return serializers.SlugRelatedField(slug_field="code", read_only=True, help_text=help_text, **kwargs)


class AttendeeSerializer(serializers.ModelSerializer):
    secretariat = code_of(_("Code of the secretariat the attendee represents, or null."), allow_null=True)
    unit = code_of(_("Code of the ministry unit the attendee represents, or null."), allow_null=True)

    class Meta:
        model = Attendee
        fields = ["role", "secretariat", "unit", "name_ar", "name_en", "position_ar", "position_en"]
        extra_kwargs = {
            "role": {"help_text": _("mayor, municipal_council, axis_leader, vro_director or ministry_staff.")}
        }


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["order", "kind", "title_ar", "title_en", "minutes_ar", "minutes_en"]
        extra_kwargs = {"minutes_ar": {"help_text": _("What the minutes record for this item, in Arabic.")}}


class ChairSerializer(serializers.ModelSerializer):
    title_ar = serializers.CharField(source="chair_title_ar", read_only=True)
    title_en = serializers.CharField(source="chair_title_en", read_only=True)
    name_ar = serializers.CharField(source="chair_name_ar", read_only=True)
    name_en = serializers.CharField(source="chair_name_en", read_only=True)

    class Meta:
        model = Meeting
        fields = ["title_ar", "title_en", "name_ar", "name_en"]


class MeetingSerializer(serializers.ModelSerializer):
    period = PeriodKeySerializerField(help_text=_("Reporting period the meeting reviews, YYYY-Qn."))
    host = code_of(_("Code of the host secretariat, or null."), allow_null=True)
    chair = ChairSerializer(source="*", read_only=True, help_text=_("The chair's title and name."))
    attendees = AttendeeSerializer(many=True, read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    snapshot = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("Id of the snapshot frozen when it was held (snapshots/{id}/), or null."),
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "number",
            "group",
            "period",
            "held_on",
            "host",
            "chair",
            "status",
            "attendees",
            "agenda",
            "snapshot",
            "is_demo",
        ]
        extra_kwargs = {
            "number": {"help_text": _("Place in the group's series of meetings, from 1.")},
            "held_on": {"help_text": _("Date it was held, or is planned for.")},
            "status": {"help_text": _("planned or held.")},
        }


@extend_schema_field({"type": "string", "enum": ActionStatus.values})
class NoteStatusField(serializers.CharField):
    """The action's statuses, inline: a second component with the same enum would collide with the action's."""


class ActionNoteSerializer(serializers.ModelSerializer):
    status = NoteStatusField(read_only=True, help_text=_("The action's status after this note."))
    by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text=_("Who wrote it (null: seed_demo).")
    )

    class Meta:
        model = ActionNote
        fields = ["at", "by", "status", "text"]


class ActionSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="decision.meeting_id", read_only=True, help_text=_("Meeting id."))
    group = serializers.IntegerField(source="decision.meeting.group", read_only=True, help_text=_("Programme group."))
    decision = serializers.PrimaryKeyRelatedField(read_only=True, help_text=_("Decision id."))
    owner = serializers.CharField(source="owner_code", read_only=True, help_text=_("Owner's code."))
    owner_kind = serializers.SerializerMethodField(help_text=_("secretariat or ministry_unit."))
    overdue = serializers.SerializerMethodField(
        help_text=_("Past its due date (Riyadh) and still open or in progress.")
    )
    notes = ActionNoteSerializer(many=True, read_only=True, help_text=_("Progress notes, oldest first."))

    class Meta:
        model = Action
        fields = [
            "id",
            "meeting",
            "group",
            "decision",
            "text_ar",
            "text_en",
            "owner",
            "owner_kind",
            "due_on",
            "status",
            "drop_reason",
            "overdue",
            "notes",
            "is_demo",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"status": {"help_text": _("open, in_progress, done or dropped.")}}

    def get_owner_kind(self, action) -> str:
        return "secretariat" if action.owner_secretariat_id else "ministry_unit"

    def get_overdue(self, action) -> bool:
        if "today" not in self.context:
            self.context["today"] = today()
        return action.is_overdue_on(self.context["today"])


class SnapshotSerializer(serializers.ModelSerializer):
    period = PeriodKeySerializerField(help_text=_("Reporting period frozen, YYYY-Qn."))
    frozen_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text=_("Who froze it (null: seed_demo).")
    )

    class Meta:
        model = Snapshot
        fields = ["id", "period", "group", "frozen_at", "frozen_by", "sha256", "is_demo"]
        extra_kwargs = {"sha256": {"help_text": _("SHA-256 of the stored canonical JSON, hex.")}}


class RevisionSerializer(serializers.Serializer):
    secretariat = serializers.CharField(help_text=_("Secretariat code."))
    indicator = serializers.CharField(help_text=_("Indicator code."))
    frozen = IndicatorResultSerializer(help_text=_("As frozen."))
    live = IndicatorResultSerializer(help_text=_("As the live summary shows it now."))


class SnapshotDetailSerializer(SnapshotSerializer):
    secretariats = SecretariatSummarySerializer(
        source="data.secretariats", many=True, read_only=True, help_text=_("As summary/secretariats/ answered.")
    )
    axes = AxisSummarySerializer(
        source="data.axes", many=True, read_only=True, help_text=_("As summary/axes/ answered.")
    )
    revised_since = serializers.SerializerMethodField(
        help_text=_("Figures whose live value differs from the frozen one, computed when read.")
    )

    class Meta(SnapshotSerializer.Meta):
        fields = [*SnapshotSerializer.Meta.fields, "secretariats", "axes", "revised_since"]

    @extend_schema_field(RevisionSerializer(many=True))
    def get_revised_since(self, snapshot) -> list[dict]:
        return RevisionSerializer(self.context["revisions"], many=True).data
