"""Fixtures for the operations tests: replica routing without a replica, and the data version."""

import uuid

import pytest

from madinati import db_router, replicas


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """A cache of this test's own.

    The suite runs in parallel workers that share one Redis: another worker's writes would move the
    data version, and its cache.clear() would drop pins, under a test's feet. The real shared cache
    is exercised by scripts/scaleout_check.py.
    """
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"ops-{uuid.uuid4()}"}
    }


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
