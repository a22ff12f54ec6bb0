from django.apps import AppConfig


class MadinatiConfig(AppConfig):
    """Project-wide templates tags, middleware and shared helpers."""

    name = "madinati"
    verbose_name = "Madinati"

    def ready(self):
        from madinati import checks  # noqa: F401  (registers the deployment checks)
