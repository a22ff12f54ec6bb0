import sys

from django.apps import AppConfig
from django.conf import settings

from madinati import dataversion, startup


class MadinatiConfig(AppConfig):
    """Project-wide templates tags, middleware and shared helpers."""

    name = "madinati"
    verbose_name = "Madinati"

    def ready(self):
        from madinati import checks  # noqa: F401  (registers the deployment checks)

        dataversion.install()  # figure-changing writes move the data version (the apps name their models)
        # runserver's serving process says which database it uses, once (gunicorn's master does in on_starting).
        if startup.is_runserver(sys.argv):
            startup.announce(settings.DATABASES)
