"""Deep pages cost what page 1 costs when a client follows ``next`` (api.pagination).

Page N+1 starts after the last row of page N (keyset) when the client walks the
list; any other way in, or after a write, it is read with OFFSET. Either way the
rows and the links are the same, and the queries of a page do not grow with its
number.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import IndicatorValue
from madinati import dataversion
from tests.api.test_api_queries import grow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

API = "/api/v1/"
LISTS = ["values/", "progress/", "targets/", "secretariats/", "initiatives/", "risks/"]


def walk(client, url: str) -> tuple[list[dict], list[str]]:
    """Every row, following ``next``; and the SQL that read each page's rows (the last query of a page)."""
    results, page_sql = [], []
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        results += body["results"]
        page_sql.append(page_query(queries))
        url = body["next"]
    return results, page_sql


def page_query(queries) -> str:
    """The SQL that read the page's rows: the last query with a LIMIT."""
    return next(q["sql"] for q in reversed(queries.captured_queries) if "LIMIT" in q["sql"])


def by_number(client, path: str, pages: int) -> list[dict]:
    """Every row, asking for each page by number with no boundary filed (OFFSET)."""
    results = []
    for number in range(1, pages + 1):
        cache.clear()
        results += client.get(f"{API}{path}?page_size=3&page={number}").json()["results"]
    return results


@pytest.mark.parametrize("path", LISTS)
def test_following_next_gives_the_rows_of_the_numbered_pages(api_programme, admin_user, token_client, path):
    grow(api_programme, 0, 12)
    client = token_client(admin_user)
    walked, page_sql = walk(client, f"{API}{path}?page_size=3")
    assert len(page_sql) >= 4
    assert walked == by_number(client, path, len(page_sql))
    assert len({str(row) for row in walked}) == len(walked)  # no row twice, none left out (count below)
    assert len(walked) == client.get(f"{API}{path}").json()["count"]


@pytest.mark.parametrize("path", ["values/", "progress/", "targets/", "secretariats/"])
def test_pages_after_the_first_start_after_a_key_not_an_offset(api_programme, admin_user, token_client, path):
    """The lists whose tables move the data version take the keyset: no OFFSET past page 1."""
    grow(api_programme, 0, 12)
    _rows, page_sql = walk(token_client(admin_user), f"{API}{path}?page_size=3")
    assert "OFFSET" not in page_sql[0].upper()
    assert not any("OFFSET" in sql.upper() for sql in page_sql[1:])


def test_a_list_outside_the_data_version_keeps_offset(api_programme, admin_user, token_client):
    """Risks do not move the data version: a filed boundary could outlive a write, so OFFSET it is."""
    grow(api_programme, 0, 12)
    _rows, page_sql = walk(token_client(admin_user), f"{API}risks/?page_size=3")
    assert all("OFFSET" in sql.upper() for sql in page_sql[1:])


def test_a_write_between_pages_drops_the_boundaries(api_programme, viewer, token_client):
    grow(api_programme, 0, 12)
    client = token_client(viewer)
    first = client.get(f"{API}values/?page_size=3").json()
    IndicatorValue.objects.filter(secretariat__code="grown-0").delete()  # moves the data version on commit
    dataversion.bump()  # the test's transaction never commits; the write's own bump is on_commit
    with CaptureQueriesContext(connection) as queries:
        second = client.get(first["next"]).json()
    assert "OFFSET" in page_query(queries).upper()
    cache.clear()
    assert second == client.get(f"{API}values/?page_size=3&page=2").json()


def test_each_user_walks_their_own_list(api_programme, officer, viewer, token_client):
    """An officer's list holds their drafts: the boundaries of one scope never serve another."""
    grow(api_programme, 0, 6)
    as_officer, _sql = walk(token_client(officer), f"{API}values/?page_size=2")
    as_viewer, viewer_sql = walk(token_client(viewer), f"{API}values/?page_size=2")
    assert any(row["workflow_status"] == "draft" for row in as_officer)
    assert not any(row["workflow_status"] == "draft" for row in as_viewer)
    cache.clear()
    assert as_viewer == by_number_sized(token_client(viewer), "values/", 2, len(viewer_sql))


def by_number_sized(client, path: str, size: int, pages: int) -> list[dict]:
    results = []
    for number in range(1, pages + 1):
        cache.clear()
        results += client.get(f"{API}{path}?page_size={size}&page={number}").json()["results"]
    return results


def test_a_deep_page_costs_the_queries_of_page_one(api_programme, viewer, token_client, django_assert_num_queries):
    grow(api_programme, 0, 20)
    client = token_client(viewer)
    url = f"{API}secretariats/?page_size=2"
    client.get(url)  # marks the token as used
    with django_assert_num_queries(3):  # token+user, count, page
        body = client.get(url).json()
    for _page in range(8):
        with django_assert_num_queries(3):
            body = client.get(body["next"]).json()
    assert body["next"]
