"""A draft saved moves the drafts version, not the data version (madinati.dataversion.drafts_only).

No figure reads a draft or a returned row (DESIGN §4 rule 1), so the scorecards and whole pages cached
under the data version stay warm while officers type; a submit, an approval or a return still moves it.
What does show drafts, the officer's ``values/`` list and its keyset boundaries, is keyed by both.

These tests commit (``transaction=True``): the versions move only when a write commits.
"""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.models import Role
from api.pagination import ApiPagination
from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, Target
from indicators.scoring import scorecard
from madinati import dataversion
from reporting.services.entry import entry_save
from reporting.services.imports import values_import
from reporting.services.review import row_approve, row_return
from reporting.services.rules import ProgressInput
from tests.factories import PASSWORD, UserFactory
from tests.reporting.fixtures import save_progress, save_value

MAIN = re.compile(r'<main id="main"[^>]*>(.*)</main>', re.S)
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clear_throttles")]


def moves(action) -> tuple[int, int]:
    """How far ``action()`` moved (the data version, the drafts version)."""
    before = dataversion.versions()
    action()
    after = dataversion.versions()
    return after[0] - before[0], after[1] - before[1]


@pytest.fixture
def p(entry_programme):
    return entry_programme


@pytest.fixture
def draft(p, officer, secretariat, open_period):
    row, _result = save_value(
        by=officer, secretariat=secretariat, period=open_period, indicator=p["percent"], value=Decimal("70")
    )
    return row


def submit_all(*, by, secretariat, period):
    """The entry page's "submit": every draft or returned figure of the quarter."""
    return entry_save(by=by, secretariat=secretariat, period=period, values=[], progress=[], submit=True)


def import_row(indicator, value, **fields) -> dict:
    return {"secretariat": "taif", "indicator": indicator.code, "period": "2018-Q2", "value": value, **fields}


# --------------------------------------------------------------------------- the counter itself


def test_a_watched_write_inside_drafts_only_moves_the_drafts_version_once_on_commit(draft):
    def writes():
        with transaction.atomic(), dataversion.drafts_only():
            IndicatorValue.objects.filter(pk=draft.pk).update(note="one")
            IndicatorValue.objects.filter(pk=draft.pk).update(note="two")
            assert dataversion.drafts_current() == before, "moved before the commit"

    before = dataversion.drafts_current()
    assert moves(writes) == (0, 1)


def test_a_write_outside_the_context_in_the_same_transaction_still_moves_the_data_version(draft):
    def writes():
        with transaction.atomic():
            with dataversion.drafts_only():
                IndicatorValue.objects.filter(pk=draft.pk).update(note="draft note")
            Target.objects.filter(indicator=draft.indicator).update(value=Decimal("85"))

    assert moves(writes) == (1, 1)


def test_a_rolled_back_draft_write_moves_nothing(draft):
    def writes():
        try:
            with transaction.atomic(), dataversion.drafts_only():
                IndicatorValue.objects.filter(pk=draft.pk).update(note="never")
                raise RuntimeError("refused")
        except RuntimeError:
            pass

    assert moves(writes) == (0, 0)


def test_the_context_ends_with_its_block(draft):
    with dataversion.drafts_only(), dataversion.drafts_only():
        pass
    assert moves(lambda: IndicatorValue.objects.filter(pk=draft.pk).update(note="after")) == (1, 0)


def test_a_lost_drafts_version_restarts_above_every_value_it_had():
    old = dataversion.bump_drafts()
    cache.delete(dataversion.DRAFTS_KEY)
    assert dataversion.drafts_current() > old
    cache.delete(dataversion.DRAFTS_KEY)
    assert dataversion.versions()[1] > old
    cache.delete(dataversion.DRAFTS_KEY)
    assert dataversion.bump_drafts() > old


def test_both_versions_in_one_cache_read():
    data, drafts = dataversion.current(), dataversion.drafts_current()
    calls = []
    real = cache.get_many
    try:
        cache.get_many = lambda keys: calls.append(keys) or real(keys)
        assert dataversion.versions() == (data, drafts)
    finally:
        del cache.get_many
    assert calls == [[dataversion.KEY, dataversion.DRAFTS_KEY]]


# --------------------------------------------------------------------------- which service writes move which


def test_a_new_draft_moves_the_drafts_version_and_not_the_data_version(p, officer, secretariat, open_period):
    def new_draft():
        save_value(by=officer, secretariat=secretariat, period=open_period, indicator=p["count"], value=Decimal("5"))

    assert moves(new_draft) == (0, 1)
    assert IndicatorValue.objects.get(indicator=p["count"]).workflow_status == WorkflowStatus.DRAFT


def test_a_draft_changed_moves_only_the_drafts_version(draft, p, officer, secretariat, open_period):
    def changed():
        save_value(
            by=officer,
            secretariat=secretariat,
            period=open_period,
            indicator=p["percent"],
            value=Decimal("71"),
            version=1,
        )

    assert moves(changed) == (0, 1)
    draft.refresh_from_db()
    assert (draft.value, draft.version) == (Decimal("71"), 2)


def test_progress_saved_as_a_draft_moves_only_the_drafts_version(p, officer, secretariat, open_period):
    def saved():
        save_progress(
            by=officer,
            secretariat=secretariat,
            period=open_period,
            initiative=p["B-01"],
            data=ProgressInput(percent_complete=Decimal("30"), quantity_achieved=Decimal("4")),
        )

    assert moves(saved) == (0, 1)


def test_a_returned_row_saved_back_to_a_draft_moves_only_the_drafts_version(
    draft, p, officer, reviewer, secretariat, open_period
):
    submit_all(by=officer, secretariat=secretariat, period=open_period)
    row_return(row=draft, by=reviewer, reason="Check the survey", version=2)

    def saved():
        save_value(
            by=officer,
            secretariat=secretariat,
            period=open_period,
            indicator=p["percent"],
            value=Decimal("72"),
            version=3,
        )

    assert moves(saved) == (0, 1)
    draft.refresh_from_db()
    assert (draft.workflow_status, draft.value) == (WorkflowStatus.DRAFT, Decimal("72"))


def test_submitting_moves_the_data_version(draft, officer, secretariat, open_period):
    assert moves(lambda: submit_all(by=officer, secretariat=secretariat, period=open_period)) == (1, 0)
    draft.refresh_from_db()
    assert draft.workflow_status == WorkflowStatus.SUBMITTED


def test_saving_and_submitting_at_once_moves_both(draft, p, officer, secretariat, open_period):
    def saved_and_submitted():
        save_value(
            by=officer,
            secretariat=secretariat,
            period=open_period,
            indicator=p["percent"],
            value=Decimal("73"),
            version=1,
            submit=True,
        )

    assert moves(saved_and_submitted) == (1, 1)


def test_resubmitting_a_returned_row_moves_the_data_version(draft, officer, reviewer, secretariat, open_period):
    submit_all(by=officer, secretariat=secretariat, period=open_period)
    row_return(row=draft, by=reviewer, reason="Check the survey", version=2)
    assert moves(lambda: submit_all(by=officer, secretariat=secretariat, period=open_period)) == (1, 0)


def test_approving_and_returning_move_the_data_version(draft, officer, reviewer, secretariat, open_period, p):
    submit_all(by=officer, secretariat=secretariat, period=open_period)
    draft.refresh_from_db()
    assert moves(lambda: row_approve(row=draft, by=reviewer, version=draft.version)) == (1, 0)
    other, _result = save_value(
        by=officer, secretariat=secretariat, period=open_period, indicator=p["count"], value=Decimal("6"), submit=True
    )
    assert moves(lambda: row_return(row=other, by=reviewer, reason="Which days?", version=other.version)) == (1, 0)


def test_an_import_of_drafts_moves_only_the_drafts_version_and_an_import_that_submits_the_data_version(
    draft, p, officer
):
    rows = [import_row(p["percent"], "74"), import_row(p["count"], "3")]  # one changed, one new
    assert moves(lambda: values_import(rows=rows, by=officer, dry_run=False)) == (0, 1)
    rows = [import_row(p["sar"], "900")]  # a new row created submitted
    assert moves(lambda: values_import(rows=rows, by=officer, dry_run=False, submit=True)) == (1, 0)
    assert IndicatorValue.objects.get(indicator=p["sar"]).workflow_status == WorkflowStatus.SUBMITTED


def test_a_refused_draft_moves_nothing(draft, p, officer, secretariat, open_period):
    from reporting.services.refusals import EntryRefused

    def stale():
        with pytest.raises(EntryRefused):
            save_value(
                by=officer,
                secretariat=secretariat,
                period=open_period,
                indicator=p["percent"],
                value=Decimal("75"),
                version=7,
            )

    assert moves(stale) == (0, 0)


# --------------------------------------------------------------------------- what stays cached


def test_a_cached_scorecard_stays_cached_across_a_draft_save_but_not_a_submit(
    draft, p, officer, secretariat, open_period, django_assert_num_queries
):
    def satisfaction():
        return scorecard(period=open_period).secretariat("taif").indicators["satisfaction"].value

    assert satisfaction() is None  # a draft never counts
    save_value(
        by=officer, secretariat=secretariat, period=open_period, indicator=p["percent"], value=Decimal("76"), version=1
    )
    with django_assert_num_queries(0):
        assert satisfaction() is None
    submit_all(by=officer, secretariat=secretariat, period=open_period)
    assert satisfaction() == Decimal("76")


def test_a_cached_page_stays_cached_across_a_draft_save_but_not_a_submit(p, officer, secretariat, open_period):
    UserFactory(username="drafts-viewer", role=Role.VIEWER)
    viewer = Client()
    assert viewer.login(username="drafts-viewer", password=PASSWORD)
    url = "/indicators/satisfaction/?period=2018-Q2&group=2"

    def page() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = viewer.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    first, cold = page()
    assert cold > 2
    save_value(by=officer, secretariat=secretariat, period=open_period, indicator=p["percent"], value=Decimal("67.25"))
    html, warm = page()
    assert warm == 2  # session, user: the page itself came from the cache
    assert MAIN.search(html)[1] == MAIN.search(first)[1]
    assert "67.25" not in html
    submit_all(by=officer, secretariat=secretariat, period=open_period)
    html, again = page()
    assert again > 2
    assert "67.25" in html


# --------------------------------------------------------------------------- the keyset boundaries of values/

API = "/api/v1/values/"


def codes(body) -> list[str]:
    return [row["indicator"] for row in body["results"]]


def test_a_draft_written_between_pages_drops_the_officers_boundaries(
    p, officer, secretariat, open_period, token_client
):
    """Page 2 after a new draft row is the page the list holds now, not the one filed before it."""
    for indicator, value in ((p["count"], "5"), (p["sar"], "900"), (p["score"], "50")):
        save_value(by=officer, secretariat=secretariat, period=open_period, indicator=indicator, value=Decimal(value))
    client = token_client(officer)
    first = client.get(f"{API}?page_size=2").json()
    assert codes(first) == ["complaints", "revenue"]  # page 2's start is filed after "revenue"
    assert first["next"]
    # A new draft that sorts first: "revenue" moves down to page 2.
    values_import(rows=[import_row(p["percent"], "70")], by=officer, dry_run=False)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(first["next"]).json()
    assert "OFFSET" in next(q["sql"] for q in reversed(queries.captured_queries) if "LIMIT" in q["sql"]).upper()
    assert codes(second) == ["revenue", "innovation"]
    cache.clear()
    assert second == client.get(f"{API}?page_size=2&page=2").json()


def _paginate(queryset, size: int = 2):
    pagination = ApiPagination()
    request = Request(APIRequestFactory().get(API, {"page_size": size}))
    rows = pagination.paginate_queryset(queryset, request)
    return rows, pagination.page.paginator


def test_rows_read_on_a_replica_file_no_boundary_even_when_fresh_for_the_data_version(
    p, officer, secretariat, open_period
):
    for indicator in p["manual"]:
        save_value(by=officer, secretariat=secretariat, period=open_period, indicator=indicator, value=Decimal("5"))
    rows = IndicatorValue.objects.order_by("indicator__sort_order")
    token = dataversion.replica_floor.set(dataversion.current())  # a replica that covers the data version
    try:
        _rows, paginator = _paginate(rows)
    finally:
        dataversion.replica_floor.reset(token)
    assert cache.get(paginator.boundary_key(2)) is None, "a replica may not have replayed the latest draft"
    _rows, paginator = _paginate(rows)  # on the primary
    assert cache.get(paginator.boundary_key(2)) is not None
