from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registers.models import Idea, Risk, SupportRequest


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
