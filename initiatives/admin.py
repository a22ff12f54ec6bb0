from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from initiatives.models import DistortionElement, ElementRecord, Initiative, Participation, PlannedProgress


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


@admin.register(PlannedProgress)
class PlannedProgressAdmin(admin.ModelAdmin):
    """The plan of each participant, quarter by quarter; a whole file of them is imported at /plans/import/."""

    list_display = ["initiative", "secretariat", "period", "planned_percent", "is_demo"]
    list_filter = ["initiative__axis", "secretariat__group", "period"]
    list_select_related = ["initiative", "secretariat", "period"]
    search_fields = ["initiative__code", "secretariat__code"]
    autocomplete_fields = ["initiative", "secretariat"]

    def changelist_view(self, request, extra_context=None):
        # The import page belongs to the workflow's app (reporting), named here by its URL only.
        messages.info(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("A whole spreadsheet of plans can be imported at once:"),
                reverse("plan-import"),
                _("Import the plans"),
            ),
        )
        return super().changelist_view(request, extra_context)


@admin.register(DistortionElement)
class DistortionElementAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "initiative", "unit", "sort_order"]
    list_select_related = ["initiative"]
    search_fields = ["code", "name_ar", "name_en"]


@admin.register(ElementRecord)
class ElementRecordAdmin(admin.ModelAdmin):
    list_display = ["secretariat", "element", "period", "treated", "quantity", "unit", "updated_at", "is_demo"]
    list_filter = ["treated", "period", "secretariat__group", "element"]
    list_select_related = ["secretariat", "element", "period"]
    search_fields = ["secretariat__code", "element__code"]
    autocomplete_fields = ["secretariat"]
    readonly_fields = ["updated_by", "updated_at"]
