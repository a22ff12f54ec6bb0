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


def test_app_servers_keep_no_state_in_process():
    """With REDIS_URL, everything one request leaves for the next is in PostgreSQL or the shared Redis."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from rest_framework.throttling import SimpleRateThrottle; "
        "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], 'session': settings.SESSION_ENGINE, "
        "'messages': settings.MESSAGE_STORAGE, 'throttle_cache': type(SimpleRateThrottle.cache._connections['default']).__name__}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="madinati.settings",
        DEBUG="0",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="madinati.example.gov.sa",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["cache"] == "django_redis.cache.RedisCache"
    assert state["session"] in ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")
    assert state["messages"].endswith(("FallbackStorage", "CookieStorage", "SessionStorage"))
    assert state["throttle_cache"] == "RedisCache", "API throttles count in the shared cache"
