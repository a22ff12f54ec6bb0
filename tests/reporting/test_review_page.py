"""/review/: the reviewers' queue of submitted values and progress, with approve, return and approve-all-selected."""

from decimal import Decimal

import pytest

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, InitiativeProgress
from reporting.services.review import row_return
from tests.factories import IndicatorValueFactory, InitiativeProgressFactory


@pytest.fixture
def p(entry_programme):
    return entry_programme


@pytest.fixture
def queue(p, secretariat, other_secretariat, open_period, closed_period):
    submitted = {"workflow_status": WorkflowStatus.SUBMITTED}
    return {
        "taif_q2": IndicatorValueFactory(
            indicator=p["percent"], secretariat=secretariat, period=open_period, **submitted
        ),
        "jazan_q2": IndicatorValueFactory(
            indicator=p["percent"], secretariat=other_secretariat, period=open_period, **submitted
        ),
        "taif_q1": IndicatorValueFactory(
            indicator=p["count"], secretariat=secretariat, period=closed_period, **submitted
        ),
        "taif_b01": InitiativeProgressFactory(
            initiative=p["B-01"], secretariat=secretariat, period=open_period, **submitted
        ),
        "taif_f01": InitiativeProgressFactory(
            initiative=p["F-01"], secretariat=secretariat, period=open_period, **submitted
        ),
        "taif_draft": IndicatorValueFactory(
            indicator=p["sar"], secretariat=secretariat, period=open_period, workflow_status="draft"
        ),
    }


@pytest.fixture
def client(reviewer_client, english):
    return english(reviewer_client)


def listed(html: str) -> set[str]:
    import re

    return set(re.findall(r'data-testid="review-(?:value|progress)-([\w-]+)"', html))


def test_lists_submitted_values_and_progress_only(queue, client):
    html = client.get("/review/").content.decode()
    assert listed(html) == {"taif-satisfaction", "jazan-satisfaction", "taif-complaints", "taif-B-01", "taif-F-01"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("period=2018-Q1", {"taif-complaints"}),
        ("secretariat=jazan", {"jazan-satisfaction"}),
        ("axis=B", {"taif-B-01"}),
        ("period=2018-Q2&secretariat=taif", {"taif-satisfaction", "taif-B-01", "taif-F-01"}),
    ],
)
def test_filters(queue, client, query, expected):
    assert listed(client.get(f"/review/?{query}").content.decode()) == expected


@pytest.mark.parametrize("query", ["period=2018Q2", "secretariat=nowhere", "axis=Z"])
def test_bad_filters_are_a_friendly_400(queue, client, query):
    assert client.get(f"/review/?{query}").status_code == 400


def test_approve_one(queue, client, reviewer):
    row = queue["taif_q2"]
    response = client.post("/review/?period=2018-Q2", {"approve": f"value-{row.pk}-{row.version}"})
    assert response.status_code == 302
    assert response["Location"] == "/review/?period=2018-Q2"
    row.refresh_from_db()
    assert (row.workflow_status, row.reviewed_by) == (WorkflowStatus.APPROVED, reviewer)


def test_return_needs_a_reason(queue, client):
    row = queue["taif_b01"]
    response = client.post(
        "/review/", {"return": f"progress-{row.pk}-{row.version}", f"reason-progress-{row.pk}": ""}, follow=True
    )
    assert "Give the reason for returning it" in response.content.decode()
    row.refresh_from_db()
    assert row.workflow_status == WorkflowStatus.SUBMITTED

    client.post(
        "/review/", {"return": f"progress-{row.pk}-{row.version}", f"reason-progress-{row.pk}": "Photos missing"}
    )
    row.refresh_from_db()
    assert (row.workflow_status, row.return_reason) == (WorkflowStatus.RETURNED, "Photos missing")


def test_approve_all_selected(queue, client):
    picked = [queue["taif_q2"], queue["jazan_q2"], queue["taif_f01"]]
    items = [f"{'value' if isinstance(r, IndicatorValue) else 'progress'}-{r.pk}-{r.version}" for r in picked]
    client.post("/review/", {"approve_selected": "1", "selected": items})
    assert set(IndicatorValue.objects.filter(workflow_status="approved").values_list("pk", flat=True)) == {
        queue["taif_q2"].pk,
        queue["jazan_q2"].pk,
    }
    assert InitiativeProgress.objects.get(pk=queue["taif_f01"].pk).workflow_status == WorkflowStatus.APPROVED
    assert InitiativeProgress.objects.get(pk=queue["taif_b01"].pk).workflow_status == WorkflowStatus.SUBMITTED


def test_approving_a_row_that_changed_meanwhile_is_refused(queue, client, reviewer):
    row = queue["taif_q2"]
    stale = f"value-{row.pk}-{row.version}"
    row_return(row=row, by=reviewer, reason="first look", version=row.version)
    response = client.post("/review/", {"approve_selected": "1", "selected": [stale]}, follow=True)
    assert "Your change was not saved" in response.content.decode()
    row.refresh_from_db()
    assert row.workflow_status == WorkflowStatus.RETURNED
    assert row.value == Decimal("50")


def test_forged_item_is_a_400(queue, client):
    assert client.post("/review/", {"approve": "user-1-1"}).status_code == 400
