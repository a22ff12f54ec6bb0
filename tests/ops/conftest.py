"""Fixtures for the operations tests: replica routing without a replica, and the data version."""

import pytest

from madinati import db_router, replicas


@pytest.fixture(autouse=True)
def _fresh_replica_state():
    """Remembered replica checks and memoized settings never leak between tests."""
    replicas.forget()
    db_router._primary_apps.cache_clear()
    db_router._eligible_patterns.cache_clear()
    yield
    replicas.forget()
    db_router._primary_apps.cache_clear()
    db_router._eligible_patterns.cache_clear()
