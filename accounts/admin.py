from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.lockout import user_unlock
from accounts.models import ApiToken, User
from accounts.twofactor import mfa_reset

# django-otp's own pages would let an admin see or forge another user's devices; the user list's
# "Reset two-factor sign-in" action (and `manage.py reset_mfa`) is the one thing an admin does with them.
# Their admin modules load first: their apps come before accounts in INSTALLED_APPS.
admin.site.unregister([TOTPDevice, StaticDevice])


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "role", "secretariat", "is_active", "last_login"]
    list_filter = ["role", "secretariat__group", "is_active"]
    list_select_related = ["secretariat"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Madinati role"), {"fields": ["role", "secretariat"]}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Madinati role"), {"fields": ["role", "secretariat"]}),)
    actions = ["unlock", "reset_two_factor"]

    @admin.action(description=_("Unlock the selected accounts (forget their failed sign-ins)"))
    def unlock(self, request, queryset):
        for username in queryset.values_list("username", flat=True):
            user_unlock(username=username)
        self.message_user(request, _("The selected accounts can sign in again."))

    @admin.action(description=_("Reset two-factor sign-in (they set up their authenticator again)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            mfa_reset(user=user, request=request, via="admin")
        self.message_user(
            request,
            _("Two-factor sign-in was reset: the selected users set up their authenticator at their next sign-in."),
        )


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
