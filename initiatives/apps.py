from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from madinati import dataversion, text


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        text.guard_user_text(*self.get_models())  # what people type is stored without bidi controls
        # An initiative's weight, axis or participants change axis progress and scores; a plan changes the
        # progress/ rows (planned_percent, variance) and an element record the B-01 page.
        figures = ("Initiative", "Participation", "PlannedProgress", "DistortionElement", "ElementRecord")
        dataversion.watch(*(self.get_model(name) for name in figures))
