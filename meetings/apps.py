from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from madinati import text


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Review meetings")

    def ready(self):
        text.guard_user_text(*self.get_models())  # what people type is stored without bidi controls
