from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import (
    AnnualTarget,
    AxisYearTarget,
    Baseline,
    Indicator,
    IndicatorValue,
    InitiativeProgress,
    Target,
)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    autocomplete_fields = ["secretariat"]
    fields = ["secretariat", "period", "value"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_ar",
        "name_en",
        "unit",
        "polarity",
        "source",
        "year_rule",
        "weight",
        "green_at",
        "amber_at",
        "sort_order",
    ]
    list_filter = ["unit", "polarity", "source", "year_rule"]
    search_fields = ["code", "name_ar", "name_en"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "secretariat", "period", "value"]
    list_filter = ["period", "indicator", "secretariat__group"]
    list_select_related = ["indicator", "secretariat", "period"]
    search_fields = ["indicator__code", "secretariat__code"]
    autocomplete_fields = ["secretariat"]


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["indicator", "secretariat", "value", "year"]
    list_filter = ["indicator", "secretariat__group"]
    list_select_related = ["indicator", "secretariat"]
    search_fields = ["indicator__code", "secretariat__code"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "secretariat", "period", "value", "workflow_status", "updated_by", "updated_at"]
    list_filter = ["period", "workflow_status", "indicator", "secretariat__group"]
    list_select_related = ["indicator", "secretariat", "period", "updated_by"]
    search_fields = ["indicator__code", "secretariat__code", "secretariat__name_ar"]
    readonly_fields = [
        "version",
        "created_at",
        "updated_at",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]


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


@admin.register(AnnualTarget)
class AnnualTargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "secretariat", "year", "value", "is_demo"]
    list_filter = ["year", "indicator", "secretariat__group"]
    list_select_related = ["indicator", "secretariat"]
    search_fields = ["indicator__code", "secretariat__code"]
    autocomplete_fields = ["secretariat"]


@admin.register(AxisYearTarget)
class AxisYearTargetAdmin(admin.ModelAdmin):
    list_display = ["axis", "year", "planned_progress", "is_demo"]
    list_filter = ["year", "axis"]
    list_select_related = ["axis"]
