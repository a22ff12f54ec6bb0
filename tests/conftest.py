"""Shared fixtures: users per role, a small programme, the demo programme, and plain static files."""

import io
import os
from pathlib import Path

import pytest
from django.test import Client

from accounts.models import Role
from tests.factories import PASSWORD, SecretariatFactory, UserFactory

# Hypothesis keeps its caches (constants, unicode tables, examples) under the ignored var/, not in the repository root.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(__file__).resolve().parent.parent / "var" / "hypothesis")
)

pytest_plugins = [
    "tests.reporting.fixtures",
    "tests.api.fixtures",
    "tests.registers.fixtures",
    "tests.dashboards.fixtures",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached pages never leak from one test to the next (Redis included).

    Cleared after the test too, so a run leaves none of its own keys behind in a shared Redis.
    """
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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


# Run first: the browser tests (a few seconds each) and the fuzzing (ten seconds and more each). xdist hands each
# worker a contiguous share of this order and an idle worker steals from the end of another's share, so the long
# tests start at once and the run ends on short ones, not on one worker finishing a long test while the other waits.
LONG_FIRST = ("browser", "fuzz")


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering, which the sort below keeps within each rank
def pytest_collection_modifyitems(config, items):
    skipped = set(os.environ.get("TEST_SKIP_MARKERS", "").replace(",", " ").split())
    for item in items:
        # The demo rows go in first, into empty tables, whatever order the test names its fixtures in:
        # a factory row made before them would clash with a restored primary key.
        if "demo_data" in item.fixturenames:
            item.fixturenames.remove("demo_data")
            item.fixturenames.insert(0, "demo_data")
        for name in sorted(skipped.intersection(mark.name for mark in item.iter_markers())):
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{name} tests are left out of this run (TEST_SKIP_MARKERS={' '.join(sorted(skipped))})"
                )
            )
    marks = {id(item): {mark.name for mark in item.iter_markers()} for item in items}
    items.sort(key=lambda item: next((i for i, m in enumerate(LONG_FIRST) if m in marks[id(item)]), len(LONG_FIRST)))


def _demo_tables():
    """(table, columns, primary key column) of every model table, in INSTALLED_APPS order."""
    from django.apps import apps

    tables, seen = [], set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in seen:
            seen.add(meta.db_table)
            tables.append((meta.db_table, [f.column for f in meta.concrete_fields], meta.pk.column))
    return tables


def _read_rows(cursor, table: str, columns: list[str], pk: str) -> list[tuple]:
    from django.db import connection

    qn = connection.ops.quote_name
    cursor.execute(f"SELECT {', '.join(map(qn, columns))} FROM {qn(table)} ORDER BY {qn(pk)}")
    return cursor.fetchall()


@pytest.fixture(scope="session")
def _demo_rows(django_db_setup, django_db_blocker):
    """The rows ``seed_demo`` writes into an empty programme, as (table, columns, rows), read once per session.

    Seeding takes seconds (every row is upserted and leaves its history); inserting the same rows takes
    milliseconds. The seed runs in a transaction that is rolled back, so every test still starts empty.
    ``demo_data`` is set up first and asks for this before ``db``, so no test has written anything yet.
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    snapshot = []
    with django_db_blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
        tables = _demo_tables()
        before = {table: set(_read_rows(cursor, table, columns, pk)) for table, columns, pk in tables}
        call_command("seed_demo", stdout=io.StringIO())
        for table, columns, pk in tables:
            after = _read_rows(cursor, table, columns, pk)
            # Only inserted rows can be replayed; a seed that rewrites a row it did not create needs a real seed.
            assert before[table] <= set(after), f"seed_demo changed or deleted rows it did not write in {table}"
            new = [row for row in after if row not in before[table]]
            if new:
                snapshot.append((table, columns, new))
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def demo_data(_demo_rows, db):
    """The demo programme (``seed_demo``), replayed from the session's snapshot into this test's transaction.

    Foreign keys are deferred to the end of the transaction on SQLite and PostgreSQL, so tables go in any order;
    a test's teardown checks them. Rows the test adds next never collide with the restored keys: SQLite moves its
    sequence past explicit keys, and PostgreSQL's sequences never go back below the keys they handed the seed.
    """
    from django.db import connection, transaction

    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in _demo_rows:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {qn(table)} ({', '.join(map(qn, columns))}) VALUES ({placeholders})", rows)
