from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from initiatives.models import (
    Axis,
    Idea,
    Initiative,
    InitiativeProgress,
    Participation,
    Risk,
    Secretariat,
    SupportRequest,
)


@admin.register(Secretariat)
class SecretariatAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "region_ar", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name_ar", "name_en", "region_ar", "region_en"]


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "leader_ar"]
    search_fields = ["code", "name_ar", "name_en"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["secretariat"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "axis", "lead_secretariat", "weight", "target_quantity"]
    list_filter = ["axis", "lead_secretariat__group"]
    list_select_related = ["axis", "lead_secretariat"]
    search_fields = ["code", "name_ar", "name_en"]
    inlines = [ParticipationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The inline may have removed the lead; it always participates.
        form.instance.ensure_lead_participates()


@admin.register(InitiativeProgress)
class InitiativeProgressAdmin(SimpleHistoryAdmin):
    list_display = [
        "initiative",
        "secretariat",
        "period",
        "percent_complete",
        "quantity_achieved",
        "status",
        "workflow_status",
        "updated_at",
    ]
    list_filter = ["period", "workflow_status", "status", "initiative__axis", "secretariat__group"]
    list_select_related = ["initiative", "secretariat", "period"]
    search_fields = ["initiative__code", "secretariat__code", "secretariat__name_ar"]
    readonly_fields = [
        "version",
        "created_at",
        "updated_at",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]


class MergedRiskInline(admin.TabularInline):
    model = Risk
    fk_name = "canonical"
    fields = ["secretariat", "title", "likelihood", "impact", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "secretariat", "axis", "likelihood", "impact", "status", "canonical"]
    list_filter = ["kind", "status", "axis", "secretariat__group"]
    list_select_related = ["secretariat", "axis", "canonical"]
    search_fields = ["title", "description", "secretariat__code"]
    raw_id_fields = ["canonical"]
    inlines = [MergedRiskInline]


@admin.register(SupportRequest)
class SupportRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "category", "secretariat", "status", "responded_by", "responded_at"]
    list_filter = ["category", "status", "secretariat__group"]
    list_select_related = ["secretariat", "responded_by"]
    search_fields = ["title", "description", "secretariat__code"]


@admin.register(Idea)
class IdeaAdmin(SimpleHistoryAdmin):
    list_display = ["title", "secretariat", "axis", "status", "decided_by", "decided_at"]
    list_filter = ["status", "axis", "secretariat__group"]
    list_select_related = ["secretariat", "axis", "decided_by"]
    search_fields = ["title", "description", "secretariat__code"]
