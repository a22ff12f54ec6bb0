from django.contrib import admin

from initiatives.models import Initiative, Participation


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
