from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from madinati import dataversion


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme and calendar")

    def ready(self):
        # A secretariat's group, the axes and the calendar (a quarter opened, closed or extended) change what pages show.
        dataversion.watch(
            *(self.get_model(name) for name in ("Secretariat", "Axis", "ReportingPeriod", "PeriodExtension"))
        )
