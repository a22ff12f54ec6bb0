"""Settings come from the environment and fail loudly on nonsense."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from madinati.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Gq-production-like-key-with-plenty-of-entropy-0193847561-abcdefghijklmnop",
    "ALLOWED_HOSTS": "madinati.example.gov.sa",
    "DATABASE_URL": "sqlite:////tmp/madinati-deploy-check.sqlite3",
    # Production shares throttles, lockouts and sessions between workers through Redis (issue 12, item 8).
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


# Variables that tests or the browser harness set in this process and a fresh start-up must not inherit.
LEAKY = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL"}


def run_django(code: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in LEAKY}
    clean.update(env, DJANGO_SETTINGS_MODULE="madinati.settings")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False)])
def test_env_bool_parses(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", not expected) is expected


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "yess"])
def test_env_bool_refuses_nonsense(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)


def test_env_int_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="NUMBER"):
        env_int("NUMBER", 1)
    monkeypatch.setenv("NUMBER", "10")
    assert env_int("NUMBER", 1) == 10


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.setenv("HOSTS", "a.example,,b")
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        env_list("HOSTS", [])


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in LEAKY}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


NO_KEY = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}


def test_no_default_secret_key_without_debug():
    result = run_django("from django.conf import settings; settings.SECRET_KEY", NO_KEY)
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_the_server_refuses_to_start_without_a_key():
    result = run_django("import madinati.wsgi", NO_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_check_deploy_fails_without_a_key():
    result = run_manage("check", "--deploy", env=NO_KEY)
    assert result.returncode != 0
    assert "madinati.E001" in result.stderr


def test_commands_that_sign_nothing_run_without_a_key():
    # What CI and a packaging step run with DEBUG off and no secret: makemigrations --check.
    result = run_manage("makemigrations", "--check", "--dry-run", env=NO_KEY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_nonsense_debug_fails_at_start_up():
    result = run_django("", {"DEBUG": "perhaps", "SECRET_KEY": "k"})
    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def test_bad_redis_url_fails_at_start_up():
    result = run_django("", {**PRODUCTION, "REDIS_URL": "localhost:6379"})
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_database_url_selects_postgresql():
    result = run_django(
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])",
        {**PRODUCTION, "DATABASE_URL": "postgres://madinati@db.internal:5432/madinati"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "madinati", "db.internal"]


def test_sqlite_is_the_embedded_default():
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    clean_env = {**env, "DATABASE_URL": ""}
    result = run_django(code, clean_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_redis_url_selects_the_shared_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_django(code, {**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_redis.cache.RedisCache"


def test_check_deploy_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_a_shared_cache():
    """Without Redis each gunicorn worker counts its own throttles: 30/minute becomes 30 per worker."""
    production = {name: value for name, value in PRODUCTION.items() if name != "REDIS_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production)
    assert result.returncode != 0
    assert "madinati.W002" in result.stdout + result.stderr
