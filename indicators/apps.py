from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from madinati import dataversion, text


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and periods")

    def ready(self):
        text.guard_user_text(*self.get_models())  # what people type is stored without bidi controls
        # Values, progress, targets and the indicators' thresholds, weights and polarity are the figures themselves.
        dataversion.watch(
            *(
                self.get_model(name)
                for name in ("Indicator", "Target", "Baseline", "IndicatorValue", "InitiativeProgress")
            )
        )
