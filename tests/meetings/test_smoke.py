"""Every review-cycle page, for every role, in both languages, with good and malformed parameters: never a 500."""

import pytest
from django.test import Client

from meetings.models import Action, Meeting, Workshop
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

QUERIES = ["", "?group=2", "?group=x", "?year=2018", "?year=18", "?period=2018-Q1", "?period=garbage", "?page=99"]
ACTION_QUERIES = ["?owner=taif&status=open", "?overdue=true", "?overdue=perhaps", "?owner=?", "?meeting=0", "?page=x"]
ALLOWED = {200, 302, 400, 403, 404}


@pytest.fixture
def roles(demo_data, secretariat):
    return [
        UserFactory(username="smoke-viewer", role="viewer"),
        UserFactory(username="smoke-reviewer", role="reviewer"),
        UserFactory(username="smoke-officer", role="officer", secretariat=secretariat),
        UserFactory(username="smoke-admin", role="admin", is_staff=True, is_superuser=True),
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_review_cycle_page_fails(roles, language):
    held = Meeting.objects.get(group=2, number=2)
    planned = Meeting.objects.get(group=2, number=3)
    urls = [f"/meetings/{q}" for q in QUERIES] + [f"/actions/{q}" for q in QUERIES + ACTION_QUERIES]
    urls += [f"/meetings/{held.pk}/", f"/meetings/{planned.pk}/", "/meetings/999999/", "/snapshots/"]
    urls += ["/snapshots/2018-Q1/2/", "/snapshots/2017-Q4/2/", "/snapshots/2018-Q2/2/", "/snapshots/2018-Q1/9/"]
    urls += [f"/actions/{Action.objects.first().pk}/", "/actions/999999/", f"/workshops/{Workshop.objects.first().pk}/"]
    urls += [f"/workshops/{Workshop.objects.first().pk}/merge/?risks=1&risks=x", "/meetings/new/", "/workshops/999999/"]
    failures = []
    for user in roles:
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        client.cookies["madinati_language"] = language
        for url in urls:
            response = client.get(url)
            if response.status_code not in ALLOWED:
                failures.append((user.username, url, response.status_code))
            elif response.status_code == 200 and f'lang="{language}"' not in response.content.decode():
                failures.append((user.username, url, "wrong language"))
    assert failures == []
