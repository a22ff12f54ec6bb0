from django.contrib import admin

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the application and never edited (see /audit/ for the filtered view)."""

    list_display = ["at", "username", "action", "outcome", "object_repr", "path", "ip"]
    list_filter = ["action", "outcome"]
    search_fields = ["username", "object_repr", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
