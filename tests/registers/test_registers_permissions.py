"""Who may write what in the registers: officers only for their own secretariat, reviewers decide, viewers read."""

import pytest
from django.urls import reverse
from django.utils import translation

from madinati.errors import Refused
from registers import services
from registers.models import Idea, Risk, SupportRequest
from tests.factories import IdeaFactory, RiskFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """Services speak the active language; a page request earlier in this thread may have left Arabic active."""
    with translation.override("en"):
        yield


RISK_POST = {"kind": "risk", "title": "نقص المهندسين", "likelihood": "3", "impact": "4", "mitigation": "", "owner": ""}


def test_officer_records_a_risk_for_their_own_secretariat_even_if_the_form_names_another(
    officer_client, officer, other_secretariat
):
    response = officer_client.post(reverse("risk-create"), {**RISK_POST, "secretariat": other_secretariat.pk})
    risk = Risk.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("risk-detail", args=[risk.pk])
    assert risk.secretariat_id == officer.secretariat_id
    assert (risk.likelihood, risk.impact, risk.created_by) == (3, 4, officer)
    assert risk.history.get().history_user == officer


@pytest.mark.parametrize("name", ["risk-create", "support-request-create", "idea-create"])
def test_viewer_and_reviewer_cannot_raise_entries(viewer_client, reviewer_client, name):
    for client in (viewer_client, reviewer_client):
        assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse(name), {**RISK_POST, "category": "budget"}).status_code == 403
    assert not Risk.objects.exists() and not SupportRequest.objects.exists() and not Idea.objects.exists()


@pytest.mark.parametrize(
    ("factory", "name", "data"),
    [
        (RiskFactory, "risk-edit", RISK_POST),
        (SupportRequestFactory, "support-request-edit", {"category": "budget", "title": "مختطف"}),
        (IdeaFactory, "idea-edit", {"title": "مختطف"}),
    ],
)
def test_officer_cannot_edit_another_secretariats_entry_through_the_url(
    officer_client, other_secretariat, factory, name, data
):
    entry = factory(secretariat=other_secretariat, title="الأصل")
    assert officer_client.get(reverse(name, args=[entry.pk])).status_code == 403
    assert officer_client.post(reverse(name, args=[entry.pk]), data).status_code == 403
    entry.refresh_from_db()
    assert entry.title == "الأصل"


def test_officer_edits_own_risk_but_cannot_change_its_status_or_secretariat(
    officer_client, secretariat, other_secretariat
):
    risk = RiskFactory(secretariat=secretariat, title="قبل")
    data = {**RISK_POST, "title": "بعد", "status": "closed", "secretariat": other_secretariat.pk}
    assert officer_client.post(reverse("risk-edit", args=[risk.pk]), data).status_code == 302
    risk.refresh_from_db()
    assert (risk.title, risk.status, risk.secretariat_id) == ("بعد", "open", secretariat.pk)
    # The status form on the detail page is the reviewer's.
    response = officer_client.post(reverse("risk-detail", args=[risk.pk]), {"status": "closed", "reason": "تم"})
    assert response.status_code == 403
    risk.refresh_from_db()
    assert risk.status == "open"


def test_viewer_cannot_change_statuses_or_merge(viewer_client, unified_risk, secretariat):
    request = SupportRequestFactory(secretariat=secretariat)
    idea = IdeaFactory(secretariat=secretariat)
    free = RiskFactory(secretariat=secretariat)
    posts = [
        (reverse("risk-detail", args=[unified_risk.pk]), {"status": "closed", "reason": "x"}),
        (reverse("support-request-detail", args=[request.pk]), {"status": "fulfilled", "response": "x"}),
        (reverse("idea-detail", args=[idea.pk]), {"status": "under_study", "reason": "x"}),
        (reverse("risk-unmerge", args=[unified_risk.pk]), {}),
        (reverse("risk-merge"), {"risks": [unified_risk.pk, free.pk], "canonical": unified_risk.pk}),
    ]
    for url, data in posts:
        assert viewer_client.post(url, data).status_code == 403, url
    assert viewer_client.get(reverse("risk-merge")).status_code == 403
    unified_risk.refresh_from_db(), request.refresh_from_db(), idea.refresh_from_db(), free.refresh_from_db()
    assert (unified_risk.status, request.status, idea.status) == ("open", "open", "submitted")
    assert unified_risk.duplicates.count() == 2 and free.canonical_id is None


def test_reviewer_changes_a_risk_status_with_a_reason(reviewer_client, reviewer, secretariat):
    risk = RiskFactory(secretariat=secretariat)
    url = reverse("risk-detail", args=[risk.pk])
    assert reviewer_client.post(url, {"status": "mitigating", "reason": ""}).status_code == 400
    risk.refresh_from_db()
    assert risk.status == "open"
    assert reviewer_client.post(url, {"status": "mitigating", "reason": "بدأت المعالجة"}).status_code == 302
    risk.refresh_from_db()
    assert (risk.status, risk.status_reason) == ("mitigating", "بدأت المعالجة")
    latest = risk.history.first()
    assert (latest.history_user, latest.history_change_reason) == (reviewer, "بدأت المعالجة")


def test_services_refuse_the_wrong_people(officer, other_officer, viewer, secretariat):
    risk = RiskFactory(secretariat=secretariat)
    writes = [
        lambda: services.risk_create(
            by=other_officer, secretariat=secretariat, kind="risk", title="x", likelihood=1, impact=1
        ),
        lambda: services.idea_create(by=viewer, secretariat=secretariat, title="x"),
        lambda: services.support_request_create(
            by=other_officer, secretariat=secretariat, category="budget", title="x"
        ),
        lambda: services.risk_set_status(risk=risk, status="closed", reason="x", by=officer),
    ]
    for write in writes:
        with pytest.raises(Refused) as refused:
            write()
        assert refused.value.forbidden
    assert not Idea.objects.exists() and Risk.objects.get().status == "open"


def test_everyone_signed_in_browses_the_registers_and_anonymous_is_sent_to_login(client, viewer_client, unified_risk):
    for name in ("risk-list", "support-request-list", "idea-list"):
        assert viewer_client.get(reverse(name)).status_code == 200
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_officer_form_offers_only_the_initiatives_of_their_secretariat(officer_client, visual_distortion, axis_b):
    from tests.factories import InitiativeFactory, SecretariatFactory

    InitiativeFactory(code="B-09", axis=axis_b, participants=[SecretariatFactory(code="najran")])
    form = officer_client.get(reverse("risk-create")).context["form"]
    assert [i.code for i in form.fields["initiative"].queryset] == ["B-01"]
