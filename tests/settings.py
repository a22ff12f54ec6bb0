"""Settings for the test suite: the production settings with test-only defaults.

Environment variables still win (``DATABASE_URL`` selects PostgreSQL), so the
suite exercises the same parsing code as production.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from madinati.settings import *  # noqa: E402,F403
from madinati.settings import DATABASES, STORAGES  # noqa: E402

# Templates render without collectstatic; passwords hash cheaply; plain HTTP.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
DATABASES["default"]["CONN_MAX_AGE"] = 0  # live-server threads must not hold the test database open
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
