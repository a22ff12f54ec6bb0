"""Start-up guards that Django's settings module cannot raise without stopping every command."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY = "SECRET_KEY must be set when DEBUG is off."


def secret_key_is_set() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return False


def require_secret_key() -> None:
    """Called by madinati.wsgi, so neither gunicorn nor runserver serves a page without a key."""
    if not secret_key_is_set():
        raise ImproperlyConfigured(MISSING_KEY)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if secret_key_is_set():
        return []
    return [Error(MISSING_KEY, hint="Set SECRET_KEY in the environment to a long random string.", id="madinati.E001")]
