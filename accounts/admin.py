from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.lockout import user_unlock
from accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "role", "secretariat", "is_active", "last_login"]
    list_filter = ["role", "secretariat__group", "is_active"]
    list_select_related = ["secretariat"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Madinati role"), {"fields": ["role", "secretariat"]}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Madinati role"), {"fields": ["role", "secretariat"]}),)
    actions = ["unlock"]

    @admin.action(description=_("Unlock the selected accounts (forget their failed sign-ins)"))
    def unlock(self, request, queryset):
        for username in queryset.values_list("username", flat=True):
            user_unlock(username=username)
        self.message_user(request, _("The selected accounts can sign in again."))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        # A key is shown once, when issued; `manage.py issue_token` prints it.
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset.active():
            token.revoke()
