from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from madinati import dataversion


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and periods")

    def ready(self):
        # Values, progress, targets and the indicators' thresholds, weights and polarity are the figures themselves.
        dataversion.watch(
            *(
                self.get_model(name)
                for name in ("Indicator", "Target", "Baseline", "IndicatorValue", "InitiativeProgress")
            )
        )
