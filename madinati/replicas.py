"""Read replicas: which are configured, which are fit to read from now, and how far behind they are.

Settings (from ``DATABASE_REPLICA_URLS``): ``REPLICA_DATABASES`` lists the
aliases of the streaming replicas in ``DATABASES``; ``REPLICA_MAX_LAG_SECONDS``
is the most a replica may trail the primary and still be read;
``REPLICA_CHECK_SECONDS`` is how long one process trusts a check.

A check is one small query on the replica itself. It is cached per process for
a few seconds, so a page costs no extra round trip; a replica that fails a
check, lags too far, or raises during a read is skipped until the next check
finds it well, with one log line when it goes and one when it comes back.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

# Lag is 0 while the replica has replayed everything it received; otherwise the age of the last
# transaction it replayed. A replica whose WAL receiver is not running is stale however small
# that figure looks, so it reports no receiver. pg_stat_wal_receiver shows its row (its pid) to
# any role, so the application's own role can ask.
LAG_SQL = """
SELECT pg_is_in_recovery(),
       EXISTS (SELECT 1 FROM pg_stat_wal_receiver),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END::float8
"""


@dataclass(frozen=True)
class ReplicaState:
    alias: str
    usable: bool
    lag_seconds: float | None
    problem: str = ""

    def as_dict(self) -> dict:
        lag = None if self.lag_seconds is None else round(self.lag_seconds, 3)
        return {"alias": self.alias, "ok": self.usable, "lag_seconds": lag, "problem": self.problem}


_checked: dict[str, tuple[float, ReplicaState]] = {}


def aliases() -> list[str]:
    return list(getattr(settings, "REPLICA_DATABASES", ()))


def max_lag() -> float:
    return float(getattr(settings, "REPLICA_MAX_LAG_SECONDS", 5))


def check(alias: str) -> ReplicaState:
    """Ask the replica now (and remember the answer for ``REPLICA_CHECK_SECONDS``)."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, receiving, lag = cursor.fetchone()
    except DatabaseError as exc:
        _close(alias)
        state = ReplicaState(alias, False, None, f"unreachable: {_first_line(exc)}")
    else:
        if not in_recovery:
            state = ReplicaState(alias, False, None, "not a standby (promoted or misconfigured)")
        elif not receiving:
            state = ReplicaState(alias, False, lag, "not streaming from the primary")
        elif lag > max_lag():
            state = ReplicaState(alias, False, lag, f"lags {lag:.1f} s, more than {max_lag():g} s")
        else:
            state = ReplicaState(alias, True, lag)
    _remember(state)
    return state


def state(alias: str) -> ReplicaState:
    """The last check if it is recent enough, else a new one."""
    seen = _checked.get(alias)
    if seen is not None and time.monotonic() - seen[0] < float(getattr(settings, "REPLICA_CHECK_SECONDS", 2)):
        return seen[1]
    return check(alias)


def usable() -> list[str]:
    """Replicas fit to read from now, in settings order."""
    return [alias for alias in aliases() if state(alias).usable]


def mark_down(alias: str, problem: str) -> None:
    """A read on ``alias`` failed: skip it until the next check finds it well."""
    _close(alias)
    _remember(ReplicaState(alias, False, None, problem))


def has_replayed(alias: str, position: str) -> bool:
    """Has the replica replayed the primary's WAL up to ``position`` (``'0/3000060'``)?"""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
        return bool(cursor.fetchone()[0])


def forget() -> None:
    """Drop every remembered check (tests)."""
    _checked.clear()


def _remember(new: ReplicaState) -> None:
    old = _checked.get(new.alias)
    was_usable = old[1].usable if old else True
    if was_usable and not new.usable:
        logger.warning("replica %s skipped, reads fall back to the primary: %s", new.alias, new.problem)
    elif old and not was_usable and new.usable:
        logger.warning("replica %s back in use (lag %.1f s)", new.alias, new.lag_seconds or 0)
    _checked[new.alias] = (time.monotonic(), new)


def _close(alias: str) -> None:
    with contextlib.suppress(DatabaseError):
        connections[alias].close()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
