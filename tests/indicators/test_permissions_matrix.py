"""Who may do what (DESIGN §2), each role × each action, enforced on the server.

An officer reads other secretariats' submitted and approved figures but never
their drafts, and writes only their own secretariat — whatever the URL or the
posted form says.
"""

from decimal import Decimal

import pytest
from django.test import Client

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from indicators.permissions import workflow_rows_visible_to
from reporting.services.refusals import NotAllowed
from reporting.services.review import row_approve
from tests.factories import PASSWORD, IndicatorValueFactory
from tests.reporting.fixtures import save_value

ROLES = ["viewer", "reviewer", "officer", "other_officer", "admin_user"]


@pytest.fixture
def clients(viewer, reviewer, officer, other_officer, admin_user):
    made = {}
    for name, user in {
        "viewer": viewer,
        "reviewer": reviewer,
        "officer": officer,
        "other_officer": other_officer,
        "admin_user": admin_user,
    }.items():
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        client.cookies["madinati_language"] = "en"
        made[name] = client
    return made


@pytest.fixture
def figures(entry_programme, secretariat, other_secretariat, open_period):
    p = entry_programme
    return {
        "taif_draft": IndicatorValueFactory(
            indicator=p["percent"], secretariat=secretariat, period=open_period, workflow_status="draft"
        ),
        "jazan_draft": IndicatorValueFactory(
            indicator=p["percent"], secretariat=other_secretariat, period=open_period, workflow_status="draft"
        ),
        "jazan_submitted": IndicatorValueFactory(
            indicator=p["count"], secretariat=other_secretariat, period=open_period, workflow_status="submitted"
        ),
        "jazan_approved": IndicatorValueFactory(
            indicator=p["sar"], secretariat=other_secretariat, period=open_period, workflow_status="approved"
        ),
        "taif_submitted": IndicatorValueFactory(
            indicator=p["count"], secretariat=secretariat, period=open_period, workflow_status="submitted"
        ),
    }


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize(
    ("role", "entry", "review", "import_"),
    [
        ("viewer", 403, 403, 403),
        ("reviewer", 403, 200, 403),
        ("officer", 200, 403, 200),
        ("other_officer", 200, 403, 200),
        ("admin_user", 403, 200, 403),
    ],
)
def test_page_access_by_role(clients, figures, role, entry, review, import_):
    client = clients[role]
    assert client.get("/entry/").status_code == entry
    assert client.get("/review/").status_code == review
    assert client.get("/entry/import/").status_code == import_


def test_anonymous_is_sent_to_login(figures):
    for url in ("/entry/", "/review/", "/entry/import/", f"/history/value/{figures['taif_draft'].pk}/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["viewer", "reviewer", "admin_user"])
def test_non_officers_cannot_post_figures(clients, figures, entry_programme, role):
    pct = entry_programme["percent"]
    response = clients[role].post("/entry/", {"secretariat": "taif", "period": "2018-Q2", f"v{pct.pk}-value": "99"})
    assert response.status_code == 403
    assert "Only a secretariat officer enters figures" in response.content.decode()
    assert IndicatorValue.objects.get(pk=figures["taif_draft"].pk).value == Decimal("50")


def test_officer_cannot_open_another_secretariat_through_the_url(clients, figures):
    response = clients["officer"].get("/entry/?secretariat=jazan")
    assert response.status_code == 403
    assert "Not your secretariat" in response.content.decode()
    assert clients["officer"].get("/entry/import/?secretariat=jazan").status_code == 403


def test_officer_cannot_write_another_secretariat_through_the_form(clients, figures, entry_programme):
    pct = entry_programme["percent"]
    response = clients["officer"].post(
        "/entry/",
        {"secretariat": "jazan", "period": "2018-Q2", f"v{pct.pk}-value": "99", f"v{pct.pk}-version": "1"},
    )
    assert response.status_code == 403
    assert "Not your secretariat" in response.content.decode()
    assert IndicatorValue.objects.get(pk=figures["jazan_draft"].pk).value == Decimal("50")
    assert IndicatorValue.objects.get(pk=figures["taif_draft"].pk).value == Decimal("50")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("viewer", False), ("reviewer", True), ("officer", False), ("other_officer", False), ("admin_user", True)],
)
def test_review_actions_by_role(clients, figures, role, allowed):
    row = figures["taif_submitted"]
    response = clients[role].post("/review/", {"approve": f"value-{row.pk}-{row.version}"})
    row.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert row.workflow_status == WorkflowStatus.APPROVED
    else:
        assert response.status_code == 403
        assert row.workflow_status == WorkflowStatus.SUBMITTED


# --------------------------------------------------------------------------- reading rows


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("viewer", {"jazan_submitted", "jazan_approved", "taif_submitted"}),
        ("reviewer", {"jazan_submitted", "jazan_approved", "taif_submitted"}),
        ("officer", {"taif_draft", "jazan_submitted", "jazan_approved", "taif_submitted"}),
        ("other_officer", {"jazan_draft", "jazan_submitted", "jazan_approved", "taif_submitted"}),
        ("admin_user", {"taif_draft", "jazan_draft", "jazan_submitted", "jazan_approved", "taif_submitted"}),
    ],
)
def test_history_pages_follow_row_visibility(clients, figures, role, visible):
    for name, row in figures.items():
        status = clients[role].get(f"/history/value/{row.pk}/").status_code
        assert status == (200 if name in visible else 404), (role, name)


def test_officer_queryset_never_contains_other_drafts(officer, figures):
    rows = set(workflow_rows_visible_to(officer, IndicatorValue.objects.all()).values_list("pk", flat=True))
    assert figures["jazan_draft"].pk not in rows
    assert {figures["jazan_submitted"].pk, figures["jazan_approved"].pk, figures["taif_draft"].pk} <= rows


# --------------------------------------------------------------------------- services refuse too


@pytest.mark.parametrize("role", ["viewer", "reviewer", "other_officer", "admin_user"])
def test_services_refuse_writes_to_taif_by_anyone_but_its_officer(request, entry_programme, figures, role):
    user = request.getfixturevalue(role)
    row = figures["taif_draft"]
    with pytest.raises(NotAllowed):
        save_value(
            by=user,
            secretariat=row.secretariat,
            indicator=row.indicator,
            period=row.period,
            value=Decimal("1"),
            version=row.version,
        )


@pytest.mark.parametrize("role", ["viewer", "officer", "other_officer"])
def test_services_refuse_approval_by_non_reviewers(request, figures, role):
    row = figures["taif_submitted"]
    with pytest.raises(NotAllowed):
        row_approve(row=row, by=request.getfixturevalue(role), version=row.version)
    row.refresh_from_db()
    assert row.workflow_status == WorkflowStatus.SUBMITTED
