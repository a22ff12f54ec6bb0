from django.contrib import admin

from programme.models import Axis, PeriodExtension, ReportingPeriod, Secretariat


@admin.register(Secretariat)
class SecretariatAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "region_ar", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name_ar", "name_en", "region_ar", "region_en"]


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "leader_ar"]
    search_fields = ["code", "name_ar", "name_en"]


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
