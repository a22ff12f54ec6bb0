"""Every workflow transition: draft → submitted → approved, or → returned (with a reason) → draft again."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation

from indicators.choices import WorkflowStatus
from indicators.models import InitiativeProgress
from reporting.context_processors import workflow
from reporting.services.entry import entry_save
from reporting.services.refusals import EntryRefused, NotAllowed, RowLocked
from reporting.services.review import row_approve, row_return
from reporting.services.rules import ProgressInput
from tests.factories import IndicatorValueFactory, InitiativeProgressFactory
from tests.reporting.fixtures import save_progress, save_value


@pytest.fixture
def p(entry_programme):
    return entry_programme


@pytest.fixture
def draft(p, officer, secretariat, open_period):
    row, result = save_value(
        by=officer, secretariat=secretariat, indicator=p["percent"], period=open_period, value=Decimal("70")
    )
    assert result.written == 1
    return row


def submit_all(*, by, secretariat, period):
    """The entry page's "submit": every draft or returned figure of the quarter."""
    return entry_save(by=by, secretariat=secretariat, period=period, values=[], progress=[], submit=True)


def test_draft_is_created_with_version_one_and_history(draft, officer):
    assert (draft.workflow_status, draft.version, draft.created_by, draft.updated_by) == (
        WorkflowStatus.DRAFT,
        1,
        officer,
        officer,
    )
    record = draft.history.get()
    assert (record.history_type, record.history_user, record.value) == ("+", officer, Decimal("70"))


def test_draft_to_submitted(draft, officer):
    assert submit_all(by=officer, secretariat=draft.secretariat, period=draft.period).submitted == 1
    draft.refresh_from_db()
    assert (draft.workflow_status, draft.submitted_by, draft.version) == (WorkflowStatus.SUBMITTED, officer, 2)
    assert draft.submitted_at is not None


def test_submitted_to_approved(draft, officer, reviewer):
    submit_all(by=officer, secretariat=draft.secretariat, period=draft.period)
    row_approve(row=draft, by=reviewer, version=2)
    draft.refresh_from_db()
    assert (draft.workflow_status, draft.reviewed_by, draft.version) == (WorkflowStatus.APPROVED, reviewer, 3)


def test_submitted_to_returned_needs_a_reason_then_back_to_draft_on_save(draft, officer, reviewer, p):
    submit_all(by=officer, secretariat=draft.secretariat, period=draft.period)
    with translation.override("en"), pytest.raises(RowLocked, match="Give the reason"):
        row_return(row=draft, by=reviewer, reason="   ", version=2)
    draft.refresh_from_db()
    assert draft.workflow_status == WorkflowStatus.SUBMITTED

    row_return(row=draft, by=reviewer, reason="Survey sample too small", version=2)
    draft.refresh_from_db()
    assert (draft.workflow_status, draft.return_reason) == (WorkflowStatus.RETURNED, "Survey sample too small")
    assert draft.history.first().history_change_reason == "Survey sample too small"

    row, result = save_value(
        by=officer,
        secretariat=draft.secretariat,
        indicator=p["percent"],
        period=draft.period,
        value=Decimal("72"),
        version=draft.version,
    )
    assert result.written == 1
    assert (row.workflow_status, row.value) == (WorkflowStatus.DRAFT, Decimal("72"))


def test_approved_and_submitted_rows_cannot_be_saved_and_say_why(p, officer, reviewer, secretariat, open_period):
    approved = IndicatorValueFactory(
        indicator=p["percent"],
        secretariat=secretariat,
        period=open_period,
        reviewed_by=reviewer,
        reviewed_at=datetime.datetime(2018, 7, 20, 9, tzinfo=datetime.UTC),
    )
    submitted = IndicatorValueFactory(
        indicator=p["count"],
        secretariat=secretariat,
        period=open_period,
        workflow_status="submitted",
        submitted_by=officer,
        submitted_at=datetime.datetime(2018, 7, 19, 9, tzinfo=datetime.UTC),
    )
    kwargs = {"by": officer, "secretariat": secretariat, "period": open_period, "value": Decimal("1")}
    with translation.override("en"):
        with pytest.raises(EntryRefused) as approved_refusal:
            save_value(indicator=p["percent"], version=approved.version, **kwargs)
        with pytest.raises(EntryRefused) as submitted_refusal:
            save_value(indicator=p["count"], version=submitted.version, **kwargs)
    approved_reason = approved_refusal.value.errors[("value", p["percent"].pk)]
    submitted_reason = submitted_refusal.value.errors[("value", p["count"].pk)]
    assert isinstance(approved_reason, RowLocked) and isinstance(submitted_reason, RowLocked)
    assert str(approved_reason) == "Approved by reviewer on 20 July 2018; an approved figure cannot be changed."
    assert str(submitted_reason).startswith("Submitted by taif-officer on 19 July 2018 and awaiting review")


def test_only_submitted_rows_are_approved_or_returned(draft, reviewer):
    with pytest.raises(RowLocked):
        row_approve(row=draft, by=reviewer, version=1)
    with pytest.raises(RowLocked):
        row_return(row=draft, by=reviewer, reason="no", version=1)
    draft.refresh_from_db()
    assert draft.workflow_status == WorkflowStatus.DRAFT


def test_submit_submits_values_and_progress_of_the_period(p, draft, officer, secretariat, open_period):
    progress, _ = save_progress(
        by=officer,
        secretariat=secretariat,
        initiative=p["B-01"],
        period=open_period,
        data=ProgressInput(percent_complete=Decimal("30"), narrative="start"),
    )
    assert submit_all(by=officer, secretariat=secretariat, period=open_period).submitted == 2
    progress.refresh_from_db()
    draft.refresh_from_db()
    assert {progress.workflow_status, draft.workflow_status} == {WorkflowStatus.SUBMITTED}


def test_progress_drop_needs_a_narrative(p, officer, secretariat, open_period, closed_period):
    InitiativeProgressFactory(initiative=p["B-01"], secretariat=secretariat, period=closed_period, percent_complete=60)
    save = {"by": officer, "secretariat": secretariat, "initiative": p["B-01"], "period": open_period}
    with translation.override("en"), pytest.raises(EntryRefused) as refused:
        save_progress(data=ProgressInput(percent_complete=Decimal("50")), **save)
    reason = refused.value.errors[("progress", p["B-01"].pk)]
    assert isinstance(reason, RowLocked)
    assert str(reason) == "Progress went down from 60% in Q1 2018: explain why in the narrative."
    row, _ = save_progress(data=ProgressInput(percent_complete=Decimal("50"), narrative="Scope re-measured"), **save)
    assert row.percent_complete == Decimal("50")


def test_progress_of_an_initiative_the_secretariat_is_not_in_is_refused(
    p, other_officer, other_secretariat, open_period
):
    with pytest.raises(EntryRefused) as refused:
        save_progress(
            by=other_officer,
            secretariat=other_secretariat,
            initiative=p["F-01"],
            period=open_period,
            data=ProgressInput(percent_complete=Decimal("10")),
        )
    assert isinstance(refused.value.errors[("progress", p["F-01"].pk)], NotAllowed)
    assert refused.value.forbidden
    assert not InitiativeProgress.objects.exists()


# --------------------------------------------------------------------------- the returned badge


def test_badge_counts_returned_values_and_progress_in_one_query(
    p, officer, secretariat, open_period, django_assert_num_queries
):
    IndicatorValueFactory(
        indicator=p["percent"], secretariat=secretariat, period=open_period, workflow_status="returned"
    )
    InitiativeProgressFactory(
        initiative=p["B-01"], secretariat=secretariat, period=open_period, workflow_status="returned"
    )
    IndicatorValueFactory(indicator=p["count"], secretariat=secretariat, period=open_period, workflow_status="draft")
    request = RequestFactory().get("/")
    request.user = officer
    officer.secretariat  # noqa: B018 - loaded by the auth middleware in a real request
    # One query: SELECT COUNT(*) FROM (returned values UNION ALL returned progress).
    with django_assert_num_queries(1):
        assert workflow(request) == {"returned_count": 2}


@pytest.mark.parametrize("role", ["viewer", "reviewer", "admin_user"])
def test_badge_costs_nothing_for_non_officers(request, role, django_assert_num_queries):
    http = RequestFactory().get("/")
    http.user = request.getfixturevalue(role)
    with django_assert_num_queries(0):
        assert workflow(http) == {}


def test_badge_links_to_entry_with_the_count(p, officer_client, secretariat, open_period):
    IndicatorValueFactory(
        indicator=p["percent"], secretariat=secretariat, period=open_period, workflow_status="returned"
    )
    html = officer_client.get("/review/?period=2018-Q2").content.decode()  # any page: here a 403 page
    badge = re.search(r'<a [^>]*data-testid="returned-badge".*?</a>', html, re.S).group(0)
    assert 'href="/entry/"' in badge
    assert re.search(r'<span class="badge text-bg-danger ms-1">.*>1</span>', badge, re.S)
