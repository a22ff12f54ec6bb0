from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from madinati import dataversion, text


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme and calendar")

    def ready(self):
        text.guard_user_text(*self.get_models())  # what people type is stored without bidi controls
        # A secretariat's group, the axes and the calendar (a quarter opened, closed or extended) change what pages show.
        dataversion.watch(
            *(self.get_model(name) for name in ("Secretariat", "Axis", "ReportingPeriod", "PeriodExtension"))
        )
