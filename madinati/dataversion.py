"""The data version: one counter in the shared cache that every figure-changing write moves.

Anything cached from the figures (scorecards, whole pages, ETags) is keyed by
:func:`current`, so a write through one app server invalidates what every other
server would show at their next request: no timeouts, no fan-out of deletes.

Which writes count is decided by the domain: each app's ``AppConfig.ready()``
calls :func:`watch` with its models that can change a figure (values, progress,
targets, periods, configuration). This module knows no model; it watches the
tables they live in. The bump hangs on the SQL statement itself (a connection
``execute_wrapper``) rather than on ``post_save`` signals, because signals miss
``bulk_create``, ``QuerySet.update()`` and fast deletes, and a receiver on
``post_delete`` would turn every bulk delete into a row-by-row one.

A bump is scheduled with ``transaction.on_commit``: a rolled-back write moves
nothing, and a transaction that writes 500 rows bumps once.

The drafts version is a second counter (``DRAFTS_KEY``) for the writes no figure
can see: a draft saved, or a returned row saved back to a draft (DESIGN §4 rule 1:
only submitted and approved rows count, so every page, scorecard and annual card
reads the same rows before and after). A watched write made inside
:func:`drafts_only` schedules a bump of the drafts version instead of the data
version, with the same on-commit, once-per-transaction mechanics; any watched
write outside it, in the same transaction or not, still moves the data version.
So the rule is: each write to a watched table moves one of the two when it
commits, the data version unless its code declared it invisible. The declaring
code answers for it (``reporting.services.write.figure_write`` wraps only the
statements that change a row it has claimed while ``draft`` or ``returned`` and
leave it a draft), and what is cached from the visible figures stays exact,
keyed by the data version alone, while officers save drafts all day. What does
show drafts (an officer's ``values/`` and ``progress/`` lists) must key its
cache by both counters (:func:`versions`); the API's keyset boundaries do.

With read replicas the counter also carries, for each version, the primary's
WAL position sampled just after the increment (``dv:lsn:<version>``). A replica
that has not replayed that far must not fill a cache entry of that version; the
router (:mod:`madinati.db_router`) reads from the primary instead. Sampling after
the increment makes the position cover every commit whose bump came before.
The drafts version records no position: a replica chosen for the data version
may be a few milliseconds behind on drafts (the officer who saved one reads the
primary for the pin window), and what it reads is never stored under a drafts
version (:func:`fresh_for_drafts`).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

KEY = "dv"
DRAFTS_KEY = "ddv"
LSN_KEY = "dv:lsn:{version}"
LSN_TIMEOUT = 24 * 3600  # a position older than a day is never asked for again

_watched_tables: set[str] = set()
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
_WRITE_PREFIXES = ("INSERT", "UPDATE", "DELETE", "insert", "update", "delete")


# --------------------------------------------------------------------------- reading and moving the counter


def _seed() -> int:
    """A counter lost from the cache restarts above any value it ever had, so no old entry can match again.

    Microseconds, not nanoseconds: django-redis increments through a Lua script, and Lua numbers are
    doubles, so a counter above 2**53 came back from ``incr`` rounded (the WAL position was then filed
    under a version that never existed). A counter restarts above the old one as long as it was bumped
    less than once a microsecond on average since it was seeded.
    """
    return time.time_ns() // 1000


def _read(name: str) -> int:
    version = cache.get(name)
    if version is None:
        cache.add(name, _seed(), timeout=None)
        version = cache.get(name)
    return int(version)


def _incr(name: str) -> int:
    try:
        return cache.incr(name)
    except ValueError:  # never set, or evicted
        cache.add(name, _seed(), timeout=None)
        return cache.incr(name)


def current() -> int:
    """The data version now. One cache read."""
    return _read(KEY)


def drafts_current() -> int:
    """The drafts version now. One cache read."""
    return _read(DRAFTS_KEY)


def versions() -> tuple[int, int]:
    """``(data version, drafts version)``, for what shows drafts as well as figures. One cache read."""
    found = cache.get_many([KEY, DRAFTS_KEY])
    if KEY in found and DRAFTS_KEY in found:
        return int(found[KEY]), int(found[DRAFTS_KEY])
    return current(), drafts_current()  # one of them is lost: seed it as its own reader does


def current_with_position() -> tuple[int, str | None]:
    """The version and the primary's WAL position that replicas must have replayed to serve it.

    ``None`` for the position means "unknown" (no replicas, SQLite, or the key is
    not written yet): callers then treat only the primary as fresh enough.
    """
    version = current()
    return version, cache.get(LSN_KEY.format(version=version))


def bump(using: str = "default") -> int:
    """Move the version on (after a commit on ``using``) and record the primary's WAL position for it."""
    version = _incr(KEY)
    position = _wal_position(using)
    if position is not None:
        cache.set(LSN_KEY.format(version=version), position, timeout=LSN_TIMEOUT)
    return version


def bump_drafts() -> int:
    """Move the drafts version on (after the commit of writes made in :func:`drafts_only`)."""
    return _incr(DRAFTS_KEY)


def key(*parts: object, version: int | None = None) -> str:
    """A cache key that dies with the data version: ``key("scorecard", period, group)``.

    To fill an entry, use :func:`cached`, or check :func:`fresh_for` first: a request reading a
    replica must not store rows older than the version in the key.
    """
    return ":".join(["dv", str(current() if version is None else version), *(str(p) for p in parts)])


def cached(name: str, build: Callable[[], object], *parts: object, timeout: int | None = 3600) -> object:
    """``build()`` once per data version and arguments, shared by every app server through the cache.

    The version is read before ``build()`` runs, and the result is stored only if this request's reads
    cover it (:func:`fresh_for`); otherwise it is returned without being stored.
    """
    version = current()
    entry = key(name, *parts, version=version)
    value = cache.get(entry)
    if value is None:
        value = build()
        if fresh_for(version):
            cache.set(entry, value, timeout=timeout)
    return value


def committed_cached(name: str, build: Callable[[], object], *parts: object, using: str = "default") -> object:
    """:func:`cached` for what is built from the figures: inside a transaction the cache is neither read nor
    filled, since the transaction may hold writes that are not committed, and so not yet versioned."""
    if connections[using].in_atomic_block:
        return build()
    return cached(name, build, *parts)


# The data version this request's replica reads are known to cover: set by madinati.db_router when it
# picks a replica for the request, None while the request reads the primary (always current).
replica_floor: ContextVar[int | None] = ContextVar("madinati_replica_floor", default=None)


def fresh_for(version: int) -> bool:
    """May what this request has read be stored under ``version``?

    A request that chose its replica before a bump read rows that may predate the new version.
    """
    floor = replica_floor.get()
    return floor is None or floor >= version


def fresh_for_drafts() -> bool:
    """May what this request has read be stored under the drafts version it read? Only if it read the primary.

    The router checks a replica against the data version's WAL position; the drafts version records
    none, so no replica is known to have replayed the latest draft.
    """
    return replica_floor.get() is None


def _wal_position(using: str) -> str | None:
    """The primary's current WAL position, only where replicas could lag behind it.

    The insert position, not ``pg_current_wal_lsn()`` (the write position): with ``synchronous_commit = off``
    a committed transaction's record may not be written yet, so a replica that had replayed up to the
    write position could still lack the commit and serve a reader the figure from before it.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not getattr(settings, "REPLICA_DATABASES", ()):
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return cursor.fetchone()[0]


# --------------------------------------------------------------------------- which writes move it


def watch(*models: type) -> None:
    """Count writes to these models' tables as figure changes (called from the owning app's ``ready()``)."""
    for model in models:
        _watched_tables.add(model._meta.db_table)


def watched_tables() -> frozenset[str]:
    return frozenset(_watched_tables)


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE statement writes, else ``None``."""
    if not sql.lstrip().startswith(_WRITE_PREFIXES):
        return None
    match = _WRITE.match(sql)
    return match.group(1) if match else None


# True inside drafts_only(): watched writes then move the drafts version instead of the data version.
_drafts_only: ContextVar[bool] = ContextVar("madinati_drafts_only", default=False)


@contextmanager
def drafts_only() -> Iterator[None]:
    """Count the watched writes made inside as invisible: they move the drafts version, not the data version.

    Only for statements that change rows no figure reads before or after them (a draft saved, a returned
    row saved back to a draft): the caller answers for that, since this module knows no model.
    """
    token = _drafts_only.set(True)
    try:
        yield
    finally:
        _drafts_only.reset(token)


_after_commit: dict[tuple[str, bool], Callable[[], None]] = {}


def _callback(using: str, *, drafts: bool = False) -> Callable[[], None]:
    """One callable per alias and counter, so a transaction can tell it has already scheduled that bump."""
    if (using, drafts) not in _after_commit:
        if drafts:

            def bump_after_commit() -> None:
                bump_drafts()

        else:

            def bump_after_commit() -> None:
                bump(using)

        bump_after_commit.__qualname__ = f"bump_{'drafts_' if drafts else ''}after_commit[{using}]"
        _after_commit[(using, drafts)] = bump_after_commit
    return _after_commit[(using, drafts)]


def _schedule(callback: Callable[[], None], using: str) -> None:
    connection = connections[using]
    if connection.in_atomic_block and any(entry[1] is callback for entry in connection.run_on_commit):
        return
    # robust: the write is committed already; a cache that is down must not turn it into a 500.
    transaction.on_commit(callback, using=using, robust=True)


def schedule(using: str = "default") -> None:
    """Bump once when the current transaction on ``using`` commits (at once in autocommit)."""
    _schedule(_callback(using), using)


def schedule_drafts(using: str = "default") -> None:
    """Bump the drafts version once when the current transaction on ``using`` commits."""
    _schedule(_callback(using, drafts=True), using)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str):
        table = written_table(sql)
        if table is not None and table in _watched_tables:
            alias = context["connection"].alias
            if _drafts_only.get():
                schedule_drafts(alias)
            else:
                schedule(alias)
    return result


def _install(sender, connection, **kwargs) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def install() -> None:
    """Watch every connection's statements (called once from ``madinati``'s ``ready()``)."""
    connection_created.connect(_install, dispatch_uid="madinati.dataversion")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
