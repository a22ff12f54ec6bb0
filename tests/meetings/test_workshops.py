"""Workshops of a held meeting: what they produced or merged, and the merge page opened in a workshop."""

import datetime

import pytest
from django.utils import translation

from madinati.errors import Refused
from meetings.models import WorkshopOutcome, WorkshopRisk, WorkshopTopic
from meetings.services import meetings as meeting_services
from meetings.services import workshops as workshop_services
from registers.models import Risk
from tests.factories import RiskFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(cycle, reviewer):
    return workshop_services.workshop_save(
        meeting=cycle["first"], by=reviewer, topic=WorkshopTopic.RISKS, title_ar="ورشة المعوقات والمخاطر"
    )


def test_workshops_are_recorded_once_the_meeting_is_held(cycle, reviewer):
    with translation.override("en"), pytest.raises(Refused, match="held"):
        workshop_services.workshop_save(
            meeting=cycle["second"], by=reviewer, topic=WorkshopTopic.RISKS, title_ar="ورشة"
        )


def test_a_workshop_records_the_unified_risks_and_requests_it_produced(workshop, reviewer, secretariat, group_one):
    risk = RiskFactory(secretariat=secretariat)
    workshop_services.workshop_link_risk(workshop=workshop, risk=risk, by=reviewer)
    assert WorkshopRisk.objects.get(workshop=workshop, risk=risk).outcome == WorkshopOutcome.PRODUCED
    # Another group's entry, or a duplicate merged elsewhere, is refused.
    with translation.override("en"), pytest.raises(Refused, match="group"):
        workshop_services.workshop_link_risk(workshop=workshop, risk=RiskFactory(secretariat=group_one), by=reviewer)
    duplicate = RiskFactory(secretariat=secretariat, canonical=risk)
    with translation.override("en"), pytest.raises(Refused, match="merged"):
        workshop_services.workshop_link_risk(workshop=workshop, risk=duplicate, by=reviewer)
    support = workshop_services.workshop_save(
        meeting=workshop.meeting, by=reviewer, topic=WorkshopTopic.SUPPORT, title_ar="ورشة الدعم"
    )
    request = SupportRequestFactory(secretariat=secretariat)
    link = workshop_services.workshop_link_support_request(workshop=support, support_request=request, by=reviewer)
    assert link.by == reviewer


def test_the_merge_page_opened_in_a_workshop_attributes_its_merge(
    reviewer_client, workshop, secretariat, other_secretariat
):
    keep, duplicate = RiskFactory(secretariat=secretariat), RiskFactory(secretariat=other_secretariat)
    url = f"/workshops/{workshop.pk}/merge/?risks={keep.pk}&risks={duplicate.pk}"
    page = reviewer_client.get(url)
    assert page.status_code == 200 and 'data-testid="in-workshop"' in page.content.decode()
    response = reviewer_client.post(
        f"/workshops/{workshop.pk}/merge/", {"risks": [keep.pk, duplicate.pk], "canonical": keep.pk, "reason": ""}
    )
    assert response.status_code == 302 and response["Location"] == f"/workshops/{workshop.pk}/"
    assert Risk.objects.get(pk=duplicate.pk).canonical_id == keep.pk
    link = WorkshopRisk.objects.get(workshop=workshop, risk=keep)
    assert link.outcome == WorkshopOutcome.MERGED
    # The registers' history says where it was merged.
    reason = Risk.objects.get(pk=duplicate.pk).history.order_by("-history_id").first().history_change_reason
    assert workshop.title_ar in reason
    page = reviewer_client.get(f"/workshops/{workshop.pk}/").content.decode()
    assert keep.title in page


def test_officers_cannot_merge_in_a_workshop(officer_client, workshop, secretariat, other_secretariat):
    keep, duplicate = RiskFactory(secretariat=secretariat), RiskFactory(secretariat=other_secretariat)
    response = officer_client.post(
        f"/workshops/{workshop.pk}/merge/", {"risks": [keep.pk, duplicate.pk], "canonical": keep.pk}
    )
    assert response.status_code == 403
    assert Risk.objects.get(pk=duplicate.pk).canonical_id is None


def test_a_support_workshop_does_not_merge_risks(cycle, reviewer, secretariat, other_secretariat):
    support = workshop_services.workshop_save(
        meeting=cycle["first"], by=reviewer, topic=WorkshopTopic.SUPPORT, title_ar="ورشة الدعم"
    )
    keep, duplicate = RiskFactory(secretariat=secretariat), RiskFactory(secretariat=other_secretariat)
    with pytest.raises(Refused):
        workshop_services.workshop_merge_risks(workshop=support, canonical=keep, duplicates=[duplicate], by=reviewer)


def test_the_meeting_page_shows_its_workshops_and_what_they_produced(viewer_client, workshop, reviewer, secretariat):
    risk = RiskFactory(secretariat=secretariat, title="معوق من الورشة")
    workshop_services.workshop_link_risk(workshop=workshop, risk=risk, by=reviewer)
    html = viewer_client.get(f"/meetings/{workshop.meeting_id}/").content.decode()
    assert "ورشة المعوقات والمخاطر" in html and "معوق من الورشة" in html


def test_a_planned_meeting_can_be_edited_but_a_held_one_keeps_its_period(cycle, reviewer, periods):
    second = meeting_services.meeting_update(meeting=cycle["second"], by=reviewer, held_on=datetime.date(2018, 5, 10))
    assert second.held_on == datetime.date(2018, 5, 10)
    with translation.override("en"), pytest.raises(Refused, match="period"):
        meeting_services.meeting_update(meeting=cycle["first"], by=reviewer, period=periods["2018-Q2"])
