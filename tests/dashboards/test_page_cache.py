"""Whole dashboard pages come from the shared cache while nothing behind them has changed (dashboards.page_cache).

These tests commit (``transaction=True``): the versions move only when a write commits, and inside a
transaction the pages are never cached (the query-count tests elsewhere measure that cold path).
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from reporting.services.review import row_approve
from tests.dashboards.fixtures import build_programme
from tests.factories import PASSWORD, RiskFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/?period=2018-Q1&group=2",
    "/?year=2018&group=2",
    "/secretariats/s001/?period=2018-Q1",
    "/secretariats/s001/?year=2018",
    "/axes/A/?period=2018-Q1&group=2",
    "/initiatives/B-01/?period=2018-Q1&group=2",
    "/indicators/complaint-handling/?period=2018-Q1&group=2",
    "/groups/?period=2018-Q1",
    "/review-pack/?period=2018-Q1&group=2",
]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')
CURRENT_USER = re.compile(r'data-testid="current-user">([^<]*)<')
MAIN = re.compile(r'<main id="main"[^>]*>(.*)</main>', re.S)


@pytest.fixture
def data():
    return build_programme(3)


def _client(username: str, **fields) -> Client:
    UserFactory(username=username, **fields)
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def viewer_client():
    return _client("page-viewer", first_name="Vera", last_name="Viewer", role=Role.VIEWER)


def _queries(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return response, len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_the_second_request_reads_only_the_session_and_the_user(data, viewer_client, url):
    first, cold = _queries(viewer_client, url)
    second, warm = _queries(viewer_client, url)
    assert first.status_code == second.status_code == 200
    assert cold > 8
    assert warm == 2  # session, user: nothing of the page itself
    assert MAIN.search(first.content.decode())[1] == MAIN.search(second.content.decode())[1]
    assert first["ETag"] == second["ETag"]


@pytest.mark.parametrize("url", PAGES)
def test_a_304_for_the_version_etag_reads_no_figure(data, viewer_client, url):
    etag = viewer_client.get(url)["ETag"]
    viewer_client.get("/groups/")  # another page in between changes nothing
    answer, queries = _queries(viewer_client, url, headers={"If-None-Match": etag})
    assert answer.status_code == 304
    assert answer.content == b""
    assert answer["ETag"] == etag
    assert queries == 2  # session, user


def _approved(data) -> IndicatorValue:
    return IndicatorValue.objects.get(
        secretariat=data["secretariats"][1],
        indicator__code="complaint-handling",
        period=data["periods"][1],
        workflow_status=WorkflowStatus.APPROVED,
    )


def test_a_changed_value_is_on_the_next_page(data, viewer_client):
    url = "/indicators/complaint-handling/?period=2018-Q1&group=2"
    before = viewer_client.get(url)
    assert "4,321" not in before.content.decode()
    IndicatorValue.objects.filter(pk=_approved(data).pk).update(value=Decimal("4321"))
    after = viewer_client.get(url)
    assert "4,321" in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert viewer_client.get(url, headers={"If-None-Match": before["ETag"]}).status_code == 200


def test_a_register_entry_is_on_the_next_page(data, viewer_client):
    url = "/secretariats/s001/?period=2018-Q1"
    etag = viewer_client.get(url)["ETag"]
    RiskFactory(secretariat=data["secretariats"][1], title="a risk written after the page was cached")
    page = viewer_client.get(url)
    assert "a risk written after the page was cached" in page.content.decode()
    assert page["ETag"] != etag


def test_the_date_is_in_the_key(data, viewer_client, monkeypatch):
    """A quarter that has not opened says so: the same page on another day is another page."""
    url = "/?period=2018-Q2&group=2"
    assert 'data-testid="not-yet-open"' not in viewer_client.get(url).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda: data["periods"][2].opens_on - timedelta(days=1))
    assert 'data-testid="not-yet-open"' in viewer_client.get(url).content.decode()


def test_the_language_is_in_the_key(data, viewer_client):
    url = "/?period=2018-Q1&group=2"
    arabic = viewer_client.get(url)
    viewer_client.cookies["madinati_language"] = "en"
    english = viewer_client.get(url, headers={"If-None-Match": arabic["ETag"]})
    assert english.status_code == 200
    assert 'lang="en"' in english.content.decode() and "Overview" in english.content.decode()
    assert MAIN.search(english.content.decode())[1] != MAIN.search(arabic.content.decode())[1]


def test_users_never_get_each_others_page(data, viewer_client):
    """The officer's draft, name and CSRF token stay the officer's; the figures are shared (drafts are never shown)."""
    draft = _approved(data)
    IndicatorValue.objects.filter(pk=draft.pk).update(value=Decimal("8765"), workflow_status=WorkflowStatus.DRAFT)
    officer = _client(
        "page-officer", first_name="Omar", last_name="Officer", role=Role.OFFICER, secretariat=draft.secretariat
    )
    url = "/indicators/complaint-handling/?period=2018-Q1&group=2"
    theirs = officer.get(url)
    mine, queries = _queries(viewer_client, url)
    assert queries == 2  # the viewer is served the page the officer's request cached
    for response, name in ((theirs, "Omar Officer"), (mine, "Vera Viewer")):
        html = response.content.decode()
        assert CURRENT_USER.search(html)[1].startswith(name)
        assert "8,765" not in html
    assert "Omar" not in mine.content.decode()
    assert set(TOKEN.findall(theirs.content.decode())).isdisjoint(TOKEN.findall(mine.content.decode()))
    assert theirs["ETag"] != mine["ETag"]
    assert viewer_client.get(url, headers={"If-None-Match": theirs["ETag"]}).status_code == 200
    # the officer's own badge and navigation are theirs: the review queue is not in a viewer's menu either way
    assert MAIN.search(theirs.content.decode())[1] == MAIN.search(mine.content.decode())[1]


def test_downloads_are_never_cached_pages(data, viewer_client):
    url = "/?period=2018-Q1&group=2&export=csv&table=ranking"
    first, cold = _queries(viewer_client, url)
    second, again = _queries(viewer_client, url)
    assert first["Content-Type"].startswith("text/csv")
    assert second.content == first.content
    assert again > 2


def test_an_approval_through_the_service_is_on_the_next_page(data, viewer_client):
    url = "/?period=2018-Q1&group=2"
    awaiting = re.compile(r'data-testid="awaiting-review">(\d+)<')
    before = int(awaiting.search(viewer_client.get(url).content.decode())[1])
    submitted = IndicatorValue.objects.filter(period=data["periods"][1], workflow_status=WorkflowStatus.SUBMITTED)[0]
    row_approve(row=submitted, by=UserFactory(username="page-reviewer", role=Role.REVIEWER))
    assert int(awaiting.search(viewer_client.get(url).content.decode())[1]) == before - 1
