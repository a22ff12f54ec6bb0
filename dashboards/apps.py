from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dashboards import page_cache


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        # The pages also show the registers and meetings: a write to them moves the cached pages on too.
        page_cache.install()
