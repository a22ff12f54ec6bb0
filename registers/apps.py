from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from madinati import text


class RegistersConfig(AppConfig):
    name = "registers"
    verbose_name = _("Registers")

    def ready(self):
        text.guard_user_text(*self.get_models())  # what people type is stored without bidi controls
