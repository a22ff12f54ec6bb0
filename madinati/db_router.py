"""Reads on replicas, writes and the reads that must see them on the primary.

:class:`ReplicaReadsMiddleware` decides, once per request, whether the view may
read from a replica:

- only ``GET``/``HEAD`` requests to the views named in ``REPLICA_READ_VIEWS``
  (dashboards, the API's reads, exports, the review pack); entry, review, import
  and history pages are never named there, so they read the primary;
- never for a session, token or user that wrote in the last
  ``REPLICA_PIN_SECONDS`` (read your writes: the pin lives in the shared cache,
  so it holds on every app server). A request "writes" when it saves a row
  outside the always-primary apps; signing in or switching language pins no one;
- never a replica that is down or lags (:mod:`madinati.replicas`), nor one that
  has not replayed the primary's WAL as far as the current data version
  (:mod:`madinati.dataversion`): a figure approved a millisecond ago is on the
  next page whoever reads it, and no cache entry is ever filled from older rows.

If a replica fails in the middle of a read, the view runs once more on the
primary and the replica is skipped until it checks well again.

:class:`ReplicaRouter` then sends every write to the primary, and a read to the
replica chosen for the request, except reads inside a transaction and reads of
sessions, users and tokens (``REPLICA_PRIMARY_APPS``), which stay on the primary.
"""

from __future__ import annotations

import hashlib
import logging
import random
from contextvars import ContextVar
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.utils.functional import empty

from madinati import dataversion, replicas

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")
ALWAYS_PRIMARY_APPS = ("sessions", "auth", "admin", "contenttypes")


@dataclass
class Reads:
    """Where this request's reads go: decided at its first routed read, then fixed for the request."""

    allowed: bool = True
    alias: str | None = None
    # Transactions open when the view started (none in production; a test's own): reads in any
    # transaction the view opens must see its writes, so they stay on the primary.
    depth: int = 0

    def choose(self) -> str:
        if self.alias is None:
            self.alias = _pick_replica() if self.allowed else DEFAULT_DB_ALIAS
        return self.alias


_reads: ContextVar[Reads | None] = ContextVar("madinati_reads", default=None)
# Set by the router when the request writes a row outside the always-primary apps: only then is
# its author pinned (a sign-in writes a session and a language switch a cookie, and pin nobody).
_wrote: ContextVar[bool] = ContextVar("madinati_wrote", default=False)


def _pick_replica() -> str:
    candidates = replicas.usable()
    if not candidates:
        return DEFAULT_DB_ALIAS
    try:
        version, position = dataversion.current_with_position()
    except Exception:  # the shared cache is down: no way to know what is fresh enough
        logger.warning("shared cache unreachable: reads go to the primary", exc_info=True)
        return DEFAULT_DB_ALIAS
    if position is None:
        # The last bump's WAL position is not recorded yet (in flight, evicted, or never):
        # read the primary and record its position now, which covers every commit behind this version.
        _record_position(version)
        return DEFAULT_DB_ALIAS
    random.shuffle(candidates)
    for alias in candidates:
        try:
            if replicas.has_replayed(alias, position):
                dataversion.replica_floor.set(version)
                return alias
        except DatabaseError as exc:
            replicas.mark_down(alias, f"failed the freshness check: {exc}".splitlines()[0])
    return DEFAULT_DB_ALIAS


def _record_position(version: int) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        position = cursor.fetchone()[0]
    cache.add(dataversion.LSN_KEY.format(version=version), position, timeout=dataversion.LSN_TIMEOUT)


def _transaction_depth() -> int:
    return len(connections[DEFAULT_DB_ALIAS].atomic_blocks)


@memoize
def _primary_apps() -> frozenset[str]:
    user_app = settings.AUTH_USER_MODEL.split(".")[0]
    return frozenset((*ALWAYS_PRIMARY_APPS, user_app, *getattr(settings, "REPLICA_PRIMARY_APPS", ())))


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: the primary unless the request's :class:`Reads` says otherwise."""

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if reads is None or not reads.allowed:
            return DEFAULT_DB_ALIAS
        if hints.get("instance") is not None:
            return None  # follow the instance to the database it came from
        if model._meta.app_label in _primary_apps() or _transaction_depth() > reads.depth:
            return DEFAULT_DB_ALIAS
        return reads.choose()

    def db_for_write(self, model, **hints):
        if model._meta.app_label not in _primary_apps():
            _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # replicas replay the primary's schema


# --------------------------------------------------------------------------- read your writes


def pin_seconds() -> int:
    return int(getattr(settings, "REPLICA_PIN_SECONDS", 10))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:32]


def _user_key(request) -> str | None:
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None  # not resolved: resolving it only to look for a pin would cost two queries
    return f"pin:u:{user.pk}" if user.is_authenticated else None


def pin_keys(request, response=None) -> list[str]:
    """The session or token that made this request, and its user when known."""
    keys = []
    authorization = request.META.get("HTTP_AUTHORIZATION")
    if authorization:
        keys.append(f"pin:c:{_digest(authorization)}")
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if session and not authorization:
        keys.append(f"pin:c:{_digest(session)}")
    if response is not None and settings.SESSION_COOKIE_NAME in response.cookies:
        renewed = response.cookies[settings.SESSION_COOKIE_NAME].value  # a sign-in cycles the session key
        if renewed:
            keys.append(f"pin:c:{_digest(renewed)}")
    if user_key := _user_key(request):
        keys.append(user_key)
    return keys


def pin(request, response=None) -> None:
    keys = pin_keys(request, response)
    if not keys:
        return
    try:
        cache.set_many(dict.fromkeys(keys, 1), timeout=pin_seconds())
    except Exception:  # the write is done; a cache that is down already keeps every read on the primary
        logger.warning("could not record the read-your-writes pin", exc_info=True)


def is_pinned(request) -> bool:
    try:
        return bool(cache.get_many(pin_keys(request)))
    except Exception:
        logger.warning("shared cache unreachable: reads go to the primary", exc_info=True)
        return True


@memoize
def _eligible_patterns() -> tuple[str, ...]:
    return tuple(getattr(settings, "REPLICA_READ_VIEWS", ()))


def eligible(url_name: str | None) -> bool:
    return bool(url_name) and any(fnmatchcase(url_name, pattern) for pattern in _eligible_patterns())


class ReplicaReadsMiddleware:
    """Place after authentication (it looks at the signed-in user) and last, so the retry reruns only the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads, wrote, floor = _reads.set(None), _wrote.set(False), dataversion.replica_floor.set(None)
        try:
            response = self.get_response(request)
            if _wrote.get():
                pin(request, response)
        finally:
            _reads.reset(reads)
            _wrote.reset(wrote)
            dataversion.replica_floor.reset(floor)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not replicas.aliases() or request.method not in SAFE_METHODS:
            return None
        match = request.resolver_match
        if not eligible(match.url_name if match else None):
            return None
        if "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME in request.COOKIES:
            request.user.is_authenticated  # noqa: B018  resolve the session user on the primary, before routing starts
        if is_pinned(request):
            return None
        _reads.set(Reads(depth=_transaction_depth()))
        request._replica_view = (view_func, view_args, view_kwargs)
        return None

    def process_exception(self, request, exception):
        reads = _reads.get()
        if reads is None or reads.alias in (None, DEFAULT_DB_ALIAS):
            return None
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        replicas.mark_down(reads.alias, f"failed during a read: {exception}".splitlines()[0][:200])
        logger.warning(
            "%s %s: replica %s failed, read again from the primary", request.method, request.path, reads.alias
        )
        _reads.set(Reads(allowed=False, depth=reads.depth))
        dataversion.replica_floor.set(None)  # the rerun reads the primary
        view_func, view_args, view_kwargs = request._replica_view
        return view_func(request, *view_args, **view_kwargs)
