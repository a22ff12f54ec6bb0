from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendee,
    CarriedAction,
    Decision,
    Meeting,
    MinistryUnit,
    Snapshot,
    Workshop,
    WorkshopRisk,
    WorkshopSupportRequest,
)


@admin.register(MinistryUnit)
class MinistryUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "axis", "is_demo"]
    list_select_related = ["axis"]
    search_fields = ["code", "name_ar", "name_en"]


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    autocomplete_fields = ["unit"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ["agenda_item", "text_ar", "text_en", "is_demo"]
    extra = 0
    show_change_link = True


class CarriedActionInline(admin.TabularInline):
    model = CarriedAction
    fields = ["action", "status_when_planned", "note_ar", "note_en"]
    readonly_fields = ["action", "status_when_planned"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # The list is fixed when the meeting is planned (meetings.services.meetings.carry_open_actions).
        return False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "group", "number", "period", "held_on", "host", "status", "is_demo"]
    list_filter = ["group", "status", "period"]
    list_select_related = ["period", "host"]
    raw_id_fields = ["snapshot"]
    inlines = [AttendeeInline, AgendaItemInline, CarriedActionInline, DecisionInline]


class ActionInline(admin.TabularInline):
    model = Action
    fields = ["text_ar", "text_en", "owner_secretariat", "owner_unit", "due_on", "status", "drop_reason"]
    extra = 0
    show_change_link = True


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "is_demo"]
    list_select_related = ["meeting"]
    list_filter = ["meeting__group"]
    inlines = [ActionInline]


class ActionNoteInline(admin.TabularInline):
    model = ActionNote
    fields = ["at", "by", "status", "text"]
    readonly_fields = ["at", "by"]
    extra = 0


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "owner_secretariat", "owner_unit", "due_on", "status", "is_demo"]
    list_filter = ["status", "decision__meeting__group"]
    list_select_related = ["owner_secretariat", "owner_unit"]
    raw_id_fields = ["decision"]
    search_fields = ["text_ar", "text_en"]
    inlines = [ActionNoteInline]


class WorkshopRiskInline(admin.TabularInline):
    model = WorkshopRisk
    raw_id_fields = ["risk"]
    readonly_fields = ["by", "at"]
    extra = 0


class WorkshopSupportRequestInline(admin.TabularInline):
    model = WorkshopSupportRequest
    raw_id_fields = ["support_request"]
    readonly_fields = ["by", "at"]
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "topic", "is_demo"]
    list_select_related = ["meeting"]
    inlines = [WorkshopRiskInline, WorkshopSupportRequestInline]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Read-only: a snapshot is frozen by the product, never written or removed by hand."""

    list_display = ["period", "group", "frozen_at", "frozen_by", "sha256", "is_demo"]
    list_select_related = ["period", "frozen_by"]
    list_filter = ["group"]
    fields = ["period", "group", "frozen_at", "frozen_by", "sha256", "is_demo", "body"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
