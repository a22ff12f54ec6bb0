from django.apps import AppConfig

from madinati import dataversion


class MadinatiConfig(AppConfig):
    """Project-wide templates tags, middleware and shared helpers."""

    name = "madinati"
    verbose_name = "Madinati"

    def ready(self):
        from madinati import checks  # noqa: F401  (registers the deployment checks)

        dataversion.install()  # figure-changing writes move the data version (the apps name their models)
