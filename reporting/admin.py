from django.contrib import admin

from reporting.models import QualityRule


@admin.register(QualityRule)
class QualityRuleAdmin(admin.ModelAdmin):
    """Per indicator: what a plausible figure looks like. Without a row, the indicator's unit gives the defaults."""

    list_display = ["indicator", "min_value", "max_value", "max_change_percent", "outlier_mads", "is_demo"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__code", "indicator__name_ar", "indicator__name_en"]
    fields = ["indicator", "min_value", "max_value", "max_change_percent", "outlier_mads"]
