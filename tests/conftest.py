"""Shared fixtures: users per role, a small programme, and plain static files."""

import io

import pytest
from django.test import Client

from accounts.models import Role
from tests.factories import PASSWORD, SecretariatFactory, UserFactory

pytest_plugins = ["tests.fixtures_entry", "tests.fixtures_api", "tests.fixtures_registers", "tests.fixtures_dashboards"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached pages never leak from one test to the next (Redis included)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def secretariat(db):
    return SecretariatFactory(code="taif", name_ar="أمانة محافظة الطائف", name_en="Taif Governorate Municipality")


@pytest.fixture
def other_secretariat(db):
    return SecretariatFactory(code="jazan", name_ar="أمانة منطقة جازان", name_en="Jazan Region Municipality")


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer", role=Role.VIEWER)


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", role=Role.REVIEWER)


@pytest.fixture
def officer(secretariat):
    return UserFactory(username="taif-officer", role=Role.OFFICER, secretariat=secretariat)


@pytest.fixture
def other_officer(other_secretariat):
    return UserFactory(username="jazan-officer", role=Role.OFFICER, secretariat=other_secretariat)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="programme-admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


def _client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def viewer_client(viewer):
    return _client_for(viewer)


@pytest.fixture
def reviewer_client(reviewer):
    return _client_for(reviewer)


@pytest.fixture
def officer_client(officer):
    return _client_for(officer)


@pytest.fixture
def admin_client_(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def english(client):
    """Helper: make a client speak English through the language cookie."""

    def switch(c: Client) -> Client:
        from django.conf import settings

        c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return c

    return switch


@pytest.fixture
def demo_data(db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
