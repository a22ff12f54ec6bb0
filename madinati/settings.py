"""Settings for the Madinati KPI dashboard.

Everything that differs between a laptop and production comes from the
environment; a value that cannot be parsed stops the start-up with
``ImproperlyConfigured`` instead of being silently replaced by a default.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from madinati import content_policy

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty item; separate hosts with single commas.")
    return items


_RATE = re.compile(r"^(?P<count>[1-9][0-9]*)/(?P<period>s|sec|second|m|min|minute|h|hour|d|day)$")


def env_rate(name: str, default: str) -> str:
    """A request rate as DRF's throttles read it, ``<count>/<period>`` (``600/minute``, ``5/s``)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if not _RATE.match(value):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a request rate; use a whole number of requests, at least 1, per second, "
            "minute, hour or day, e.g. 600/minute."
        )
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().upper()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of {', '.join(choices)}.")
    return value


DEBUG = env_bool("DEBUG", False)

# With DEBUG off there is no default key. An empty key still lets commands that sign nothing run
# (migrate, makemigrations --check, collectstatic), while Django refuses every use of it and the
# server refuses to start: madinati.wsgi calls require_secret_key(), and `check --deploy` errs.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Development only: never used with DEBUG off.
    SECRET_KEY = "django-insecure-madinati-development-only-key-not-for-production-use"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",  # CSP: django-csp's start-up checks of CONTENT_SECURITY_POLICY
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    # Two-factor sign-in: one-time codes from an authenticator app (TOTP) and recovery codes (static).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "madinati",
    # The domain, from the leaf up: each app depends only on those above it in this list.
    "programme",
    "accounts",
    "audit",
    "initiatives",
    "indicators",
    "reporting",
    "registers",
    "meetings",
    "dashboards",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSP: first after the security headers, so every answer gets them: static files, errors, admin, API.
    "csp.middleware.CSPMiddleware",
    "madinati.middleware.PermissionsPolicyMiddleware",
    # CSP end.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # ETag and 304 for pages and API answers alike; above everything that may change the body, so
    # it hashes the body as sent (Django's advice).
    "madinati.middleware.ConditionalGetMiddleware",
    "madinati.middleware.ArabicFirstLocaleMiddleware",
    # NUL, lone surrogates and oversized uploads: 400/404/413 before any view or form reads them.
    "madinati.inputs.RefuseUnstorableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session gave a right one-time code (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "accounts.sessions.IdleTimeoutMiddleware",
    # Every 403 and every table downloaded, into the audit trail.
    "audit.middleware.AuditMiddleware",
    # A privileged user who has not given a one-time code reaches nothing but the code page (inside the audit
    # middleware, so its refusals of the session API are recorded).
    "accounts.twofactor_middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "madinati.middleware.LoginRequiredMiddleware",
    # After the sign-in checks (it looks at the user), as near the view as possible: on a replica
    # failure it runs the view once more on the primary (madinati.db_router).
    "madinati.db_router.ReplicaReadsMiddleware",
    # Last: turns a sign-in refused for a locked account into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "madinati.urls"
WSGI_APPLICATION = "madinati.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "madinati.context_processors.site",
                "reporting.context_processors.workflow",
            ],
            # {{ risk.title|usertext }}: text a user typed, in its own direction, in every template without a load.
            "builtins": ["madinati.templatetags.usertext"],
        },
    },
]

# SQLite file by default; PostgreSQL in production through DATABASE_URL.
_default_db = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or _default_db,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Streaming replicas take the reads that may trail the primary by a moment: dashboards, the API's
# reads, exports, the review pack (madinati.db_router; docs/deploy.md, "Add a read replica").
REPLICA_DATABASES = []
if os.environ.get("DATABASE_REPLICA_URLS", "").strip():
    for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
        _alias = f"replica{_number}"
        try:
            DATABASES[_alias] = dj_database_url.parse(
                _url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
            )
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS item {_number} is not a database URL: {exc}") from None
        if "postgresql" not in DATABASES[_alias]["ENGINE"] or "postgresql" not in DATABASES["default"]["ENGINE"]:
            raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs PostgreSQL for the primary and every replica.")
        # A replica that does not answer within 2 s is skipped and the page reads the primary.
        DATABASES[_alias]["OPTIONS"] = {**DATABASES[_alias].get("OPTIONS", {}), "connect_timeout": 2}
        DATABASES[_alias]["TEST"] = {"MIRROR": "default"}  # tests never build a replica
        REPLICA_DATABASES.append(_alias)
DATABASE_ROUTERS = ["madinati.db_router.ReplicaRouter"]
# Read your writes: after writing, a user's or token's reads stay on the primary this long. It must
# outlast the most a replica may lag plus how long a process trusts a check (madinati.E002).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 5)
REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 2)
# The views whose GET reads may come from a replica (URL names, * as a wildcard). Entry, review,
# import and history are absent on purpose: they show what their user has just written.
REPLICA_READ_VIEWS = [
    "home",
    "secretariat-detail",
    "axis-detail",
    "initiative-detail",
    "indicator-detail",
    "review-pack",
    "api-*",
]
# Apps whose rows are records of a request (the audit trail, sign-in attempts): read on the primary,
# and writing them pins no one.
REPLICA_PRIMARY_APPS = ["audit", "axes"]
# Behind PgBouncer in transaction mode (deploy/pgbouncer/pgbouncer.ini) a server-side cursor would
# outlive the server connection of its transaction.
if env_bool("DATABASE_PGBOUNCER", False):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# A shared cache keeps app servers stateless; without Redis each process has its own.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://.")
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "madinati",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The lockout backend goes first: a locked account is refused before any password is hashed.
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]

# Sign-in lockout (django-axes), by account and not by address: a ministry sits behind one NAT address,
# and one attacker must not lock all of it out. Failures are counted in the database, so every worker
# and server sees the same count with or without Redis.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address as well, against attackers who rotate user agents or cookies: a lock by
# name is not bypassed by either, and a lock by address would lock a whole ministry behind its NAT.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "madinati.client.client_ip"
# Sign-ins and sign-outs are in the audit trail; axes keeps only the failure counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# --- Two-factor sign-in (accounts.twofactor): the roles that owe a one-time code after the password; empty turns
# it off. Admins and reviewers in production; no one with DEBUG on, so `make run`'s demo needs no phone.
MFA_ROLES = ("viewer", "reviewer", "officer", "admin")  # accounts.models.Role's values (a test checks they agree)
_MFA_RAW = os.environ.get("MFA_REQUIRED_ROLES")
MFA_REQUIRED_ROLES = (
    []
    if _MFA_RAW is not None and not _MFA_RAW.strip()
    else [role.lower() for role in env_list("MFA_REQUIRED_ROLES", [] if DEBUG else ["admin", "reviewer"])]
)
if set(MFA_REQUIRED_ROLES) - set(MFA_ROLES):
    raise ImproperlyConfigured(
        f"MFA_REQUIRED_ROLES={_MFA_RAW!r} names a role that is not one of {', '.join(MFA_ROLES)}."
    )
OTP_TOTP_ISSUER = "Madinati"  # the name an authenticator app shows beside the account
# --- end of two-factor sign-in

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Arabic first, English one click away.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Riyadh"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "madinati_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# plotly.js is vendored in static/vendor/plotly/ (its strict bundle, at the release the Python plotly bundles).
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads are parsed in memory and never kept: a spreadsheet import is small.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 2 * 1024 * 1024)

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The classes every API view runs (tests/madinati/test_settings_api.py checks it): the schema and docs views
# run them as they are, and api.base.ApiViewMixin adds only CSV to some views' renderers.
# Rates are checked at start-up rather than by the first request a throttle sees.
_API_USER_RATE = env_rate("API_THROTTLE_USER", "600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.base.ApiAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # Per token, per user over all their tokens and their session, and per address for anonymous
    # callers (the public schema and docs; on v1, where permissions refuse them before any throttle
    # runs, ApiViewMixin applies the anonymous rate once authentication has failed).
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.TokenRateThrottle",
        "api.throttling.UserRateThrottle",
        "api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": _API_USER_RATE,
        "anon": env_rate("API_THROTTLE_ANON", "30/minute"),
        "token": env_rate("API_THROTTLE_TOKEN", _API_USER_RATE),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Madinati KPI API",
    "DESCRIPTION": "Quarterly KPIs of the Madinati programme's municipal secretariats.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # No deep links: each would be a link inside the operation's toggle button (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
}
# A quarter's results and a year's share the scoring statuses: one enum, named once (issue 15).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {"ScoringStatusEnum": "indicators.scoring.STATUSES"}

# Security: strict in production, relaxed only where DEBUG needs plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe app servers over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
# A session idle this long is signed out (accounts.sessions); a password change ends every session.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
if SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured(f"SESSION_IDLE_MINUTES={SESSION_IDLE_MINUTES} must be at least 1.")
X_FRAME_OPTIONS = "DENY"

# ── CSP: Content-Security-Policy and Permissions-Policy on every answer (django-csp, madinati.middleware);
# what they allow and why is in madinati/content_policy.py.
CONTENT_SECURITY_POLICY = content_policy.CONTENT_SECURITY_POLICY
PERMISSIONS_POLICY = content_policy.PERMISSIONS_POLICY
# ── CSP end ──

# The audit trail keeps entries this long; `manage.py audit_purge` (run daily) deletes older ones, the only
# deletion the trail allows (on PostgreSQL a trigger refuses every other UPDATE and DELETE).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
if AUDIT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS={AUDIT_RETENTION_DAYS} must be at least 1.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A 403 is one audit entry and one INFO line from the "audit" logger, not a WARNING with a traceback.
    "filters": {"skip_forbidden": {"()": "audit.logfilters.SkipForbidden"}},
    "loggers": {
        "django.request": {"filters": ["skip_forbidden"]},
        "audit": {"level": "INFO"},
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "WARNING", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")),
    },
}
