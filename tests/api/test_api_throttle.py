"""Throttling per token and per user, from settings, answered with 429 and Retry-After."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

URL = "/api/v1/axes/"


def rates(**overrides):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **overrides},
        }
    )


def test_a_token_over_its_rate_gets_429_with_retry_after(viewer, token_client):
    client = token_client(viewer)
    with rates(user="3/minute"):
        assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 200]
        refused = client.get(URL)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()


def test_each_token_has_its_own_bucket_and_the_user_has_one_over_all(viewer, token_client):
    first, second = token_client(viewer, "first"), token_client(viewer, "second")
    with rates(token="2/minute", user="4/minute"):
        assert [first.get(URL).status_code for _ in range(3)] == [200, 200, 429]  # the token's own rate
        assert second.get(URL).status_code == 200  # another token of the same user still goes through
        assert second.get(URL).status_code == 429  # …until the user's rate over all their tokens is spent


def test_users_do_not_share_a_bucket(viewer, reviewer, token_client):
    with rates(user="1/minute"):
        assert token_client(viewer).get(URL).status_code == 200
        assert token_client(reviewer).get(URL).status_code == 200


def test_a_browser_session_is_throttled_per_user(viewer_client):
    with rates(user="2/minute"):
        assert [viewer_client.get(URL).status_code for _ in range(3)] == [200, 200, 429]


def test_anonymous_attempts_have_their_own_rate(db):
    with rates(anon="2/minute"):
        statuses = [Client(headers={"Authorization": "Token wrong"}).get(URL).status_code for _ in range(3)]
    # Guessing tokens is slowed down like any anonymous request.
    assert statuses == [401, 401, 429]
    cache.clear()
    with rates(anon="2/minute"):
        assert [Client().get(URL).status_code for _ in range(3)] == [401, 401, 429]
