"""Item 9 of issue 12: a session ends after SESSION_IDLE_MINUTES idle, and every session ends on a password change."""

from django.test import Client

from accounts.sessions import LAST_SEEN_KEY
from tests.factories import PASSWORD


def _age(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] -= seconds
    session.save()


def test_a_session_idle_past_the_limit_is_signed_out(viewer_client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    assert viewer_client.get("/risks/").status_code == 200
    _age(viewer_client, 31 * 60)
    response = viewer_client.get("/risks/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/risks/")
    assert "_auth_user_id" not in viewer_client.session


def test_a_session_used_within_the_limit_stays(viewer_client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    viewer_client.get("/risks/")
    _age(viewer_client, 29 * 60)
    assert viewer_client.get("/risks/").status_code == 200
    _age(viewer_client, 29 * 60)  # counted from the last request, not from the sign-in
    assert viewer_client.get("/risks/").status_code == 200


def test_an_idle_api_session_is_anonymous(viewer_client, settings):
    settings.SESSION_IDLE_MINUTES = 5
    assert viewer_client.get("/api/v1/axes/").status_code == 200
    _age(viewer_client, 6 * 60)
    assert viewer_client.get("/api/v1/axes/").status_code in (401, 403)


def test_a_password_change_ends_every_session_of_that_user(viewer, viewer_client, reviewer_client):
    other_desk = Client()
    assert other_desk.login(username=viewer.username, password=PASSWORD)
    viewer.set_password("a-new-and-long-passphrase")
    viewer.save()
    for client in (viewer_client, other_desk):
        assert client.get("/risks/").status_code == 302
    assert reviewer_client.get("/risks/").status_code == 200
