"""Every page, for every role, in both languages, with good and bad parameters: never a server error.

The areas' own tests assert what each page shows; this sweep guards the seams
between them (navigation, badges, tags included in other pages).
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import user_create
from demo.management.commands.seed_demo import DEMO_USERS
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PAGES = [
    ("home", []),
    ("secretariat-detail", ["taif"]),
    ("axis-detail", ["B"]),
    ("initiative-detail", ["B-01"]),
    ("indicator-detail", ["complaint-handling"]),
    ("groups", []),
    ("entry", []),
    ("entry-import", []),
    ("review", []),
    ("risk-list", []),
    ("risk-create", []),
    ("support-request-list", []),
    ("support-request-create", []),
    ("idea-list", []),
    ("idea-create", []),
    ("review-pack", []),
    ("api-docs", []),
]
QUERIES = [
    "",
    "?year=2017",
    "?period=2017-Q3&group=2",
    "?period=2018-Q4",
    "?period=garbage",
    "?group=x",
    "?period=2099-Q1&group=9",
]
# What each role may meet: a page, a redirect, a refusal, a friendly 400 or 404 — never a 500.
ALLOWED = {200, 302, 400, 403, 404}


@pytest.fixture
def users(demo_data):
    """The accounts ``seed_demo --with-demo-users`` makes, through the same service, with the suite's password."""
    for username, role, secretariat in DEMO_USERS:
        user_create(username=username, role=role, secretariat_code=secretariat, password=PASSWORD)
    return ROLES


ROLES = ["viewer", "reviewer", "taif-officer", "admin"]


# One test per role and language, so that pytest-xdist spreads the sweep over the cores.
@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("username", ROLES)
def test_no_page_fails_for_any_role(users, username, language):
    failures = []
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    client.cookies["madinati_language"] = language
    for name, args in PAGES:
        for query in QUERIES:
            url = reverse(name, args=args) + query
            response = client.get(url)
            if response.status_code not in ALLOWED:
                failures.append((username, url, response.status_code))
            elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                html = response.content.decode()
                if name != "api-docs" and f'lang="{language}"' not in html:
                    failures.append((username, url, "wrong language"))
    assert failures == []


def test_officer_pages_show_the_officer_what_is_theirs(users):
    client = Client()
    assert client.login(username="taif-officer", password=PASSWORD)
    assert client.get(reverse("entry")).status_code == 200
    assert client.get(reverse("review")).status_code == 403
    viewer = Client()
    assert viewer.login(username="viewer", password=PASSWORD)
    assert viewer.get(reverse("entry")).status_code == 403
    assert viewer.get(reverse("review")).status_code == 403
