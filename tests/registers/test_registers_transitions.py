"""Statuses with reasons: risks, the ministry's answers to support requests, and the ideas' workflow."""

import pytest
from django.urls import reverse
from django.utils import translation

from madinati.errors import Refused
from registers import services
from registers.models import Idea, Risk
from tests.factories import IdeaFactory, RiskFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """Services speak the active language; a page request earlier in this thread may have left Arabic active."""
    with translation.override("en"):
        yield


def test_reviewer_answers_a_support_request_signed_and_dated(reviewer_client, reviewer, secretariat, english):
    support = SupportRequestFactory(secretariat=secretariat)
    url = reverse("support-request-detail", args=[support.pk])
    assert reviewer_client.post(url, {"status": "fulfilled", "response": "  "}).status_code == 400
    support.refresh_from_db()
    assert (support.status, support.responded_by) == ("open", None)

    assert reviewer_client.post(url, {"status": "in_progress", "response": "كُلف فريق الوزارة"}).status_code == 302
    support.refresh_from_db()
    assert (support.status, support.response, support.responded_by) == ("in_progress", "كُلف فريق الوزارة", reviewer)
    assert support.responded_at is not None
    page = english(reviewer_client).get(reverse("support-request-list")).content.decode()
    column = page.split('data-status="in_progress"')[1].split("</section>")[0]
    assert support.title in column and "كُلف فريق الوزارة" in column and "reviewer" in column


def test_officer_cannot_edit_a_request_once_answered(officer, reviewer, secretariat):
    support = SupportRequestFactory(secretariat=secretariat)
    services.support_request_update(request=support, by=officer, title="أوضح")
    services.support_request_respond(request=support, status="in_progress", response="قيد الدراسة", by=reviewer)
    with pytest.raises(Refused, match="already answered"):
        services.support_request_update(request=support, by=officer, title="تعديل بعد الرد")


def test_idea_goes_submitted_then_under_study_then_adopted_with_a_reason(
    reviewer_client, reviewer, secretariat, english
):
    idea = IdeaFactory(secretariat=secretariat)
    url = reverse("idea-detail", args=[idea.pk])
    assert reviewer_client.post(url, {"status": "under_study", "reason": ""}).status_code == 302
    response = english(reviewer_client).post(url, {"status": "adopted", "reason": ""})
    assert response.status_code == 400 and "Give a reason." in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "under_study"
    assert reviewer_client.post(url, {"status": "adopted", "reason": "تُعمم التجربة"}).status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.decision_reason, idea.decided_by) == ("adopted", "تُعمم التجربة", reviewer)
    assert idea.decided_at is not None
    assert [h.status for h in idea.history.order_by("history_date")] == ["submitted", "under_study", "adopted"]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("submitted", "adopted"),
        ("submitted", "declined"),
        ("under_study", "submitted"),
        ("adopted", "declined"),
        ("declined", "under_study"),
        ("submitted", "submitted"),
    ],
)
def test_invalid_idea_transitions_are_refused(reviewer, secretariat, start, to):
    idea = IdeaFactory(secretariat=secretariat, status=start)
    with pytest.raises(Refused, match="cannot go from"):
        services.idea_transition(idea=idea, to=to, reason="سبب", by=reviewer)
    assert Idea.objects.get(pk=idea.pk).status == start


def test_invalid_idea_transition_through_the_page_shows_a_message(reviewer_client, secretariat, english):
    idea = IdeaFactory(secretariat=secretariat)
    response = english(reviewer_client).post(
        reverse("idea-detail", args=[idea.pk]), {"status": "adopted", "reason": "جيدة"}
    )
    assert response.status_code == 400
    assert "An idea cannot go from “Submitted” to “Adopted”." in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "submitted"


def test_declining_needs_a_reason(reviewer, secretariat):
    idea = IdeaFactory(secretariat=secretariat, status="under_study")
    with pytest.raises(Refused, match="reason"):
        services.idea_transition(idea=idea, to="declined", reason=" ", by=reviewer)
    services.idea_transition(idea=idea, to="declined", reason="مكررة", by=reviewer)
    assert Idea.objects.get(pk=idea.pk).decision_reason == "مكررة"


def test_risk_status_needs_a_reason_and_a_change(reviewer, secretariat):
    risk = RiskFactory(secretariat=secretariat)
    with pytest.raises(Refused, match="reason"):
        services.risk_set_status(risk=risk, status="closed", reason="", by=reviewer)
    with pytest.raises(Refused, match="already"):
        services.risk_set_status(risk=risk, status="open", reason="x", by=reviewer)
    with pytest.raises(Refused):
        services.risk_set_status(risk=risk, status="gone", reason="x", by=reviewer)
    services.risk_set_status(risk=risk, status="closed", reason="عولج", by=reviewer)
    assert Risk.objects.get(pk=risk.pk).status == "closed"


def test_risk_levels_and_axis_are_checked(officer, secretariat, visual_distortion, axis_a, axis_b):
    with pytest.raises(Refused, match="1 to 5"):
        services.risk_create(by=officer, secretariat=secretariat, kind="risk", title="x", likelihood=6, impact=1)
    with pytest.raises(Refused, match="another axis"):
        services.risk_create(
            by=officer,
            secretariat=secretariat,
            kind="risk",
            title="x",
            likelihood=2,
            impact=2,
            axis=axis_a,
            initiative=visual_distortion,
        )
    risk = services.risk_create(
        by=officer,
        secretariat=secretariat,
        kind="obstacle",
        title="x",
        likelihood=2,
        impact=2,
        initiative=visual_distortion,
    )
    assert risk.axis == axis_b


def test_entry_on_an_initiative_needs_the_secretariat_to_take_part(officer, other_officer, visual_distortion, axis_b):
    from tests.factories import InitiativeFactory, SecretariatFactory

    elsewhere = InitiativeFactory(code="B-09", axis=axis_b, participants=[SecretariatFactory(code="najran")])
    with pytest.raises(Refused, match="does not take part"):
        services.support_request_create(
            by=officer, secretariat=officer.secretariat, category="budget", title="x", initiative=elsewhere
        )
    request = services.support_request_create(
        by=other_officer,
        secretariat=other_officer.secretariat,
        category="budget",
        title="x",
        initiative=visual_distortion,
    )
    assert request.axis == axis_b


def test_history_records_who_and_why_outside_a_request(reviewer, secretariat):
    risk = RiskFactory(secretariat=secretariat)
    services.risk_set_status(risk=risk, status="mitigating", reason="خطة معالجة معتمدة", by=reviewer)
    latest = Risk.objects.get(pk=risk.pk).history.first()
    assert (latest.history_user, latest.history_change_reason, latest.status) == (
        reviewer,
        "خطة معالجة معتمدة",
        "mitigating",
    )


@pytest.mark.parametrize(
    ("factory", "update", "entry_name", "field"),
    [
        (RiskFactory, services.risk_update, "risk", "status"),
        (SupportRequestFactory, services.support_request_update, "request", "response"),
        (IdeaFactory, services.idea_update, "idea", "status"),
    ],
)
def test_an_officer_edit_cannot_reach_the_reviewers_fields(officer, secretariat, factory, update, entry_name, field):
    entry = factory(secretariat=secretariat, title="قبل")
    with translation.override("en"), pytest.raises(Refused) as refused:
        update(**{entry_name: entry}, by=officer, title="بعد", **{field: "closed"})
    assert str(refused.value) == f"These fields cannot be changed here: {field}"
    entry.refresh_from_db()
    assert entry.title == "قبل"
