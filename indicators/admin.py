from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Baseline, Indicator, IndicatorValue, PeriodExtension, ReportingPeriod, Target


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
        "weight",
        "green_at",
        "amber_at",
        "sort_order",
    ]
    list_filter = ["unit", "polarity", "source"]
    search_fields = ["code", "name_ar", "name_en"]
    inlines = [TargetInline]


class ExtensionInline(admin.TabularInline):
    model = PeriodExtension
    extra = 0
    autocomplete_fields = ["secretariat"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["key", "opens_on", "closes_on", "state"]
    list_filter = ["year", "state"]
    fields = ["year", "quarter", "opens_on", "closes_on", "state"]
    inlines = [ExtensionInline]

    def get_readonly_fields(self, request, obj=None):
        # The key is the primary key: a saved period keeps its year and quarter.
        return ["year", "quarter"] if obj else []


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
