"""Settings for the test suite: the production settings with test-only defaults.

Environment variables still win (``DATABASE_URL`` selects PostgreSQL), so the
suite exercises the same parsing code as production.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from madinati.settings import *  # noqa: E402,F403
from madinati.settings import CACHES, DATABASES, STORAGES  # noqa: E402

# Templates render without collectstatic; passwords hash cheaply; plain HTTP.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
DATABASES["default"]["CONN_MAX_AGE"] = 0  # live-server threads must not hold the test database open
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    from django_redis.cache import RedisCache

    class RunScopedRedisCache(RedisCache):
        """Redis for one test process: its own key prefix, and ``clear()`` deletes only its own keys.

        django-redis clears with FLUSHDB, so one xdist worker's ``cache.clear()`` would wipe the
        throttle counters another worker is counting, as would any other run sharing the database.
        """

        def clear(self):
            client = self.client.get_client(write=True)
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)

    CACHES = {
        "default": {
            **CACHES["default"],
            "BACKEND": "tests.settings.RunScopedRedisCache",
            "KEY_PREFIX": f"madinati-test-{os.getpid()}",
        }
    }

# Two-factor sign-in is off for the suite unless the environment asks for it: the tests of it
# (tests/accounts/test_mfa.py) turn it on with override_settings.
if "MFA_REQUIRED_ROLES" not in os.environ:
    MFA_REQUIRED_ROLES = []
