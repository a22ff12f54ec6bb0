"""Start-up guards that Django's settings module cannot raise without stopping every command."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
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


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Several workers or servers without a shared cache each keep their own throttles, pins and data version."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or "locmem" not in backend.lower():
        return []
    return [
        Warning(
            "The cache is per process: throttles, read-your-writes pins and the data version are not shared.",
            hint="Set REDIS_URL, or serve with one worker on one server (deploy/gunicorn.conf.py refuses more).",
            id="madinati.W002",
        )
    ]


@register(Tags.database)
def check_replica_windows(app_configs, **kwargs):
    """Read-your-writes holds only if a pinned writer is unpinned after any replica it could meet caught up."""
    if not getattr(settings, "REPLICA_DATABASES", ()):
        return []
    pin = settings.REPLICA_PIN_SECONDS
    stale = settings.REPLICA_MAX_LAG_SECONDS + settings.REPLICA_CHECK_SECONDS
    if pin > stale:
        return []
    return [
        Error(
            f"REPLICA_PIN_SECONDS ({pin}) must exceed REPLICA_MAX_LAG_SECONDS + REPLICA_CHECK_SECONDS ({stale}).",
            hint="Otherwise a writer unpinned after the window may read a replica that has not replayed their write.",
            id="madinati.E002",
        )
    ]
