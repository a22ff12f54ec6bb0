from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from madinati import dataversion


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        # An initiative's weight, axis or participants change axis progress and scores.
        dataversion.watch(*(self.get_model(name) for name in ("Initiative", "Participation")))
