"""Start-up checks for running several app servers."""

from django.test import override_settings

from madinati.checks import check_replica_windows, check_shared_cache

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}}


def test_production_without_a_shared_cache_is_warned():
    with override_settings(DEBUG=False, CACHES=LOCAL):
        assert [w.id for w in check_shared_cache(None)] == ["madinati.W002"]
    with override_settings(DEBUG=False, CACHES=REDIS):
        assert check_shared_cache(None) == []
    with override_settings(DEBUG=True, CACHES=LOCAL):
        assert check_shared_cache(None) == []


def test_the_pin_window_must_outlast_the_lag_a_replica_may_have():
    windows = {"REPLICA_MAX_LAG_SECONDS": 5, "REPLICA_CHECK_SECONDS": 2}
    with override_settings(REPLICA_DATABASES=["replica1"], REPLICA_PIN_SECONDS=10, **windows):
        assert check_replica_windows(None) == []
    with override_settings(REPLICA_DATABASES=["replica1"], REPLICA_PIN_SECONDS=7, **windows):
        assert [e.id for e in check_replica_windows(None)] == ["madinati.E002"]
    with override_settings(REPLICA_DATABASES=[], REPLICA_PIN_SECONDS=1, **windows):
        assert check_replica_windows(None) == []
