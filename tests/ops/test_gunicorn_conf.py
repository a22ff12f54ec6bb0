"""deploy/gunicorn.conf.py: workers from the cores, and no several workers without a shared cache."""

import importlib.util
import multiprocessing
from pathlib import Path
from types import SimpleNamespace

import pytest

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "REDIS_URL", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", CONF)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_workers_follow_the_cores_unless_told(monkeypatch):
    assert load(monkeypatch).workers == multiprocessing.cpu_count() * 2 + 1
    assert load(monkeypatch, WEB_CONCURRENCY="3").workers == 3


def test_the_access_log_has_neither_query_strings_nor_headers_that_carry_secrets(monkeypatch):
    log_format = load(monkeypatch).access_log_format
    assert "%(U)s" in log_format
    for leaky in ("%(r)s", "%(q)s", "authorization", "cookie", "%(h)s"):
        assert leaky not in log_format.lower()


def test_several_workers_without_redis_refuse_to_start(monkeypatch):
    conf = load(monkeypatch)
    with pytest.raises(SystemExit, match="REDIS_URL"):
        conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=3)))


def test_one_worker_without_redis_or_several_with_it_start(monkeypatch):
    assert load(monkeypatch).on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=1))) is None
    conf = load(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/0")
    assert conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=5))) is None
