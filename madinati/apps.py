from django.apps import AppConfig


class MadinatiConfig(AppConfig):
    """Project-wide templates tags, middleware and shared helpers."""

    name = "madinati"
    verbose_name = "Madinati"
