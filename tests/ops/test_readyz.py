"""/readyz reports the primary, each replica with its lag, and the shared cache; /healthz stays cheap."""

import pytest
from django.db import OperationalError
from django.test import override_settings

from madinati import dataversion, replicas
from madinati.replicas import ReplicaState


def test_healthz_is_one_cheap_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_without_replicas(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["primary"]["ok"] is True
    assert body["replicas"] == []
    assert body["cache"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_names_each_replica_with_its_lag_and_stays_ready_when_one_is_down(client, db, monkeypatch):
    states = {
        "replica1": ReplicaState("replica1", True, 0.25),
        "replica2": ReplicaState("replica2", False, None, "unreachable: connection refused"),
    }
    monkeypatch.setattr(replicas, "check", states.__getitem__)
    with override_settings(REPLICA_DATABASES=["replica1", "replica2"]):
        response = client.get("/readyz")
    assert response.status_code == 200, "reads fall back to the primary: no reason to refuse traffic"
    assert response.json()["status"] == "degraded"
    assert response.json()["replicas"] == [
        {"alias": "replica1", "ok": True, "lag_seconds": 0.25, "problem": ""},
        {"alias": "replica2", "ok": False, "lag_seconds": None, "problem": "unreachable: connection refused"},
    ]


def test_readyz_refuses_traffic_without_the_shared_cache(client, db, monkeypatch):
    def down():
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(dataversion, "current", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["cache"] == {
        "ok": False,
        "problem": "Error 111 connecting to 127.0.0.1:6379. Connection refused.",
        "shared": response.json()["cache"]["shared"],
    }


class FakeCursor:
    def __init__(self, row):
        self.row = row

    def __enter__(self):
        if isinstance(self.row, Exception):
            raise self.row
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, sql, params=None):
        pass

    def fetchone(self):
        return self.row


class FakeConnection:
    def __init__(self, row):
        self.row = row
        self.closed = False

    def cursor(self):
        return FakeCursor(self.row)

    def close(self):
        self.closed = True


@pytest.mark.parametrize(
    ("row", "usable", "problem"),
    [
        ((True, True, 0.0), True, ""),
        ((True, True, 4.5), True, ""),
        ((True, True, 12.0), False, "lags 12.0 s, more than 5 s"),
        ((True, False, 0.0), False, "not streaming from the primary"),
        ((False, False, 0.0), False, "not a standby (promoted or misconfigured)"),
        (OperationalError("connection refused\nIs the server running?"), False, "unreachable: connection refused"),
    ],
)
def test_a_replica_check_reads_recovery_streaming_and_lag(monkeypatch, row, usable, problem):
    fake = {"replica1": FakeConnection(row)}
    monkeypatch.setattr(replicas, "connections", fake)
    with override_settings(REPLICA_DATABASES=["replica1"], REPLICA_MAX_LAG_SECONDS=5):
        state = replicas.check("replica1")
        assert (state.usable, state.problem) == (usable, problem)
        assert replicas.usable() == (["replica1"] if usable else [])
    assert fake["replica1"].closed is isinstance(row, Exception)


def test_a_check_is_remembered_for_a_few_seconds_and_a_failure_logged_once(monkeypatch, caplog):
    fake = {"replica1": FakeConnection(OperationalError("connection refused"))}
    monkeypatch.setattr(replicas, "connections", fake)
    asked = []
    real_check = replicas.check
    monkeypatch.setattr(replicas, "check", lambda alias: asked.append(alias) or real_check(alias))
    with override_settings(REPLICA_DATABASES=["replica1"], REPLICA_CHECK_SECONDS=60):
        assert replicas.usable() == []
        assert replicas.usable() == []
        assert asked == ["replica1"], "the second page trusts the first check"
    assert caplog.text.count("replica replica1 skipped, reads fall back to the primary") == 1
