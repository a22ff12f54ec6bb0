"""Which reads go to a replica: the router and the read-your-writes middleware, with a stand-in replica.

No replica runs here: the views report the alias the router picks. The real thing
(a streaming replica, two app servers, Redis) is scripts/scaleout_check.py.
"""

import pytest
from django.conf import settings
from django.db import router
from django.test import override_settings

from madinati import dataversion, db_router, replicas
from programme.models import Secretariat
from tests.ops import urls as ops_urls

REPLICA = "replica1"


@pytest.fixture
def routed(monkeypatch):
    """The middleware and router switched on, with one replica that is well and up to date."""
    monkeypatch.setattr(replicas, "usable", lambda: [REPLICA])
    monkeypatch.setattr(replicas, "has_replayed", lambda alias, position: True)
    monkeypatch.setattr(dataversion, "current_with_position", lambda: (7, "0/3000060"))
    with override_settings(
        ROOT_URLCONF="tests.ops.urls",
        MIDDLEWARE=[*settings.MIDDLEWARE, "madinati.db_router.ReplicaReadsMiddleware"],
        DATABASE_ROUTERS=["madinati.db_router.ReplicaRouter"],
        REPLICA_DATABASES=[REPLICA],
        REPLICA_READ_VIEWS=["dash", "dash-*"],
        REPLICA_PIN_SECONDS=10,
    ):
        db_router._eligible_patterns.cache_clear()
        yield
    db_router._eligible_patterns.cache_clear()


def _where(client, url="/ops/dash/", **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_outside_a_request_everything_reads_the_primary(routed):
    assert router.db_for_read(Secretariat) == "default"


def test_dashboard_reads_go_to_the_replica_but_users_and_sessions_stay_on_the_primary(routed, viewer_client):
    assert _where(viewer_client) == {"figures": REPLICA, "users": "default"}


def test_a_request_on_a_replica_covers_the_version_it_was_checked_against(routed, viewer_client):
    assert _where(viewer_client, "/ops/dash-floor/") == {"figures": REPLICA, "floor": 7}


def test_pages_not_named_in_the_setting_read_the_primary(routed, viewer_client):
    assert _where(viewer_client, "/ops/entry/") == {"figures": "default", "users": "default"}


def test_reads_inside_a_transaction_read_the_primary(routed, viewer_client):
    assert _where(viewer_client, "/ops/dash-tx/")["figures"] == "default"


def test_a_user_who_wrote_reads_the_primary_for_the_pin_window(routed, officer_client, viewer_client):
    assert _where(officer_client)["figures"] == REPLICA
    assert officer_client.post("/ops/save/").status_code == 200
    assert _where(officer_client)["figures"] == "default", "their own save must not disappear"
    assert _where(viewer_client)["figures"] == REPLICA, "someone else is not pinned"


def test_a_post_that_writes_nothing_pins_no_one(routed, officer_client):
    assert officer_client.post("/ops/noop/").status_code == 200
    assert _where(officer_client)["figures"] == REPLICA


def test_signing_in_pins_no_one(routed, officer, client):
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302, "signed in"
    assert _where(client)["figures"] == REPLICA, "a session row and last_login are no figures of theirs"


def test_a_get_that_writes_pins_too(routed, officer_client):
    assert officer_client.get("/ops/save/").status_code == 200
    assert _where(officer_client)["figures"] == "default"


def test_the_pin_follows_the_user_into_another_session(routed, officer, officer_client):
    officer_client.post("/ops/save/")
    other_browser = type(officer_client)()
    other_browser.force_login(officer)
    assert _where(other_browser)["figures"] == "default"


class CacheSpy:
    """The cache, recording what the middleware pins and for how long."""

    def __init__(self, real):
        self.real, self.pinned = real, []

    def set_many(self, data, timeout):
        self.pinned.append((sorted(data), timeout))
        return self.real.set_many(data, timeout=timeout)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_the_pin_lasts_the_window_of_the_setting_then_ends(routed, monkeypatch, officer_client):
    spy = CacheSpy(db_router.cache)
    monkeypatch.setattr(db_router, "cache", spy)
    with override_settings(REPLICA_PIN_SECONDS=25):
        officer_client.post("/ops/save/")
    [(keys, timeout)] = spy.pinned
    assert timeout == 25
    assert [k.split(":")[1] for k in keys] == ["c", "u"], "the session and the user"
    assert _where(officer_client)["figures"] == "default"
    spy.delete_many(keys)  # what the window's end does
    assert _where(officer_client)["figures"] == REPLICA


def test_a_token_that_wrote_reads_the_primary_and_other_tokens_do_not(routed, db, client):
    writer, other = {"authorization": "Token writer-key"}, {"authorization": "Token other-key"}
    assert _where(client, "/ops/api/", **writer)["figures"] == REPLICA
    client.post("/ops/api-save/", headers=writer)
    assert _where(client, "/ops/api/", **writer)["figures"] == "default"
    assert _where(client, "/ops/api/", **other)["figures"] == REPLICA


def test_a_replica_behind_the_current_data_version_is_not_read(routed, monkeypatch, viewer_client):
    monkeypatch.setattr(replicas, "has_replayed", lambda alias, position: False)
    assert _where(viewer_client)["figures"] == "default"


def test_an_unknown_wal_position_reads_the_primary(routed, monkeypatch, viewer_client):
    monkeypatch.setattr(dataversion, "current_with_position", lambda: (7, None))
    assert _where(viewer_client)["figures"] == "default"


def test_no_usable_replica_reads_the_primary(routed, monkeypatch, viewer_client):
    monkeypatch.setattr(replicas, "usable", lambda: [])
    assert _where(viewer_client)["figures"] == "default"


def test_a_shared_cache_that_is_down_reads_the_primary(routed, monkeypatch, viewer_client):
    def down():
        raise ConnectionError("redis is down")

    monkeypatch.setattr(dataversion, "current_with_position", down)
    assert _where(viewer_client)["figures"] == "default"


def test_a_replica_that_fails_mid_read_is_skipped_and_the_view_runs_again_on_the_primary(
    routed, monkeypatch, viewer_client, caplog
):
    marked = []
    monkeypatch.setattr(replicas, "mark_down", lambda alias, problem: marked.append(alias))
    ops_urls.calls.clear()
    assert _where(viewer_client, "/ops/dash-flaky/")["figures"] == "default"
    assert ops_urls.calls == [REPLICA, "default"]
    assert marked == [REPLICA]
    assert "replica1 failed, read again from the primary" in caplog.text


def test_every_write_goes_to_the_primary(routed):
    assert db_router.ReplicaRouter().db_for_write(Secretariat) == "default"
    assert db_router.ReplicaRouter().allow_migrate(REPLICA, "programme") is False
    assert db_router.ReplicaRouter().allow_migrate("default", "programme") is True
