"""Item 1 of issue 12: five failed sign-ins in fifteen minutes lock that account, and only that account."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _sign_in(client: Client, username: str, password: str, *, url: str = LOGIN, ip: str = "10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client: Client, username: str, times: int, **kwargs) -> None:
    for _ in range(times):
        response = _sign_in(client, username, "wrong-password", **kwargs)
        assert response.status_code in (200, 429)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def officer_b(db):
    return UserFactory(username="b-viewer", role=Role.VIEWER)


def test_four_failures_do_not_lock(viewer, client):
    _fail(client, "viewer", 4)
    assert _sign_in(client, "viewer", PASSWORD).status_code == 302
    assert _signed_in(client)


def test_five_failures_lock_the_account_even_with_the_right_password(viewer, client):
    _fail(client, "viewer", 5)
    response = _sign_in(client, "viewer", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)


def test_the_lock_is_by_account_not_by_address(viewer, officer_b):
    # The attacker changes address at every guess: the account still locks.
    attacker = Client()
    for n in range(5):
        _sign_in(attacker, "viewer", "wrong-password", ip=f"192.0.2.{n}")
    colleague = Client()
    assert _sign_in(colleague, "viewer", PASSWORD, ip="10.9.9.9").status_code == 429
    # Another account behind the attacker's very address is not affected.
    other = Client()
    assert _sign_in(other, "b-viewer", PASSWORD, ip="192.0.2.4").status_code == 302
    assert _signed_in(other)


def test_the_admin_login_counts_and_locks_alike(admin_user, client):
    _fail(client, admin_user.username, 3, url=ADMIN_LOGIN)
    _fail(client, admin_user.username, 2, url=LOGIN)
    assert _sign_in(client, admin_user.username, PASSWORD, url=ADMIN_LOGIN).status_code == 429
    assert _sign_in(client, admin_user.username, PASSWORD, url=LOGIN).status_code == 429


def test_failures_older_than_fifteen_minutes_do_not_count(viewer, client):
    _fail(client, "viewer", 4)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    _fail(client, "viewer", 1)
    assert _sign_in(client, "viewer", PASSWORD).status_code == 302


def test_the_lockout_page_says_when_in_arabic_and_english(viewer, client):
    _fail(client, "viewer", 5)
    arabic = _sign_in(client, "viewer", PASSWORD).content.decode()
    assert "15" in arabic and "الرياض" in arabic
    client.cookies["madinati_language"] = "en"
    english = _sign_in(client, "viewer", PASSWORD).content.decode()
    assert "paused for 15 minutes" in english and "Try again after" in english


def test_the_lockout_page_does_not_tell_whether_the_account_exists(viewer, client):
    client.cookies["madinati_language"] = "en"
    _fail(client, "viewer", 5)
    real = _sign_in(client, "viewer", PASSWORD)
    _fail(client, "nobody-by-this-name", 5)
    ghost = _sign_in(client, "nobody-by-this-name", PASSWORD)
    assert real.status_code == ghost.status_code == 429
    assert _main(real) == _main(ghost)
    assert "viewer" not in _main(real)


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_a_locked_account_costs_no_password_hashing(viewer, client, monkeypatch):
    _fail(client, "viewer", 5)
    calls = []
    original = ModelBackend.authenticate

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    for _ in range(10):
        assert _sign_in(client, "viewer", "wrong-password").status_code == 429
    assert calls == []


def test_unlock_user_command(viewer, client, capsys):
    _fail(client, "viewer", 5)
    call_command("unlock_user", "viewer")
    assert "unlocked" in capsys.readouterr().out
    assert _sign_in(client, "viewer", PASSWORD).status_code == 302


def test_admin_action_unlocks(viewer, admin_client_):
    _fail(Client(), "viewer", 5)
    response = admin_client_.post(
        "/admin/accounts/user/", {"action": "unlock", "_selected_action": [viewer.pk]}, follow=True
    )
    assert response.status_code == 200
    assert _sign_in(Client(), "viewer", PASSWORD).status_code == 302


def test_a_success_resets_the_count(viewer, client):
    _fail(client, "viewer", 4)
    assert _sign_in(client, "viewer", PASSWORD).status_code == 302
    other = Client()
    _fail(other, "viewer", 4)
    assert _sign_in(other, "viewer", PASSWORD).status_code == 302
