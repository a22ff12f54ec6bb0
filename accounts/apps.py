from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and access")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts.sessions.stamp_sign_in")
