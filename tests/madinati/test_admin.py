"""The programme admin configures everything in the Django admin: every model has its pages."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import ApiToken
from indicators.models import IndicatorValue, InitiativeProgress
from initiatives.models import Initiative, Participation
from programme.models import ReportingPeriod

pytestmark = pytest.mark.django_db

EXPECTED = {
    "accounts.User",
    "accounts.ApiToken",
    "programme.Secretariat",
    "programme.Axis",
    "initiatives.Initiative",
    "indicators.InitiativeProgress",
    "registers.Risk",
    "registers.SupportRequest",
    "registers.Idea",
    "indicators.Indicator",
    "programme.ReportingPeriod",
    "indicators.Target",
    "indicators.Baseline",
    "indicators.IndicatorValue",
    "initiatives.PlannedProgress",
    "initiatives.DistortionElement",
    "initiatives.ElementRecord",
}


def test_every_model_is_registered():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered >= EXPECTED


def test_changelist_and_add_pages_render(admin_client_, demo_data):
    for label in sorted(EXPECTED):
        app_label, model_name = label.lower().split(".")
        changelist = admin_client_.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
        assert changelist.status_code == 200, label
        add = admin_client_.get(reverse(f"admin:{app_label}_{model_name}_add"))
        # Tokens are issued by `manage.py issue_token` (the key is shown once), never added in the admin.
        assert add.status_code == (403 if label == "accounts.ApiToken" else 200), label


def test_change_pages_with_inlines_render(admin_client_, demo_data):
    initiative = Initiative.objects.get(code="B-01")
    response = admin_client_.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))
    assert response.status_code == 200
    assert "participation_set" in response.content.decode()
    period = ReportingPeriod.objects.by_key("2018-Q2")
    assert admin_client_.get(reverse("admin:programme_reportingperiod_change", args=[period.pk])).status_code == 200
    value = IndicatorValue.objects.first()
    assert admin_client_.get(reverse("admin:indicators_indicatorvalue_history", args=[value.pk])).status_code == 200
    row = InitiativeProgress.objects.first()
    assert admin_client_.get(reverse("admin:indicators_initiativeprogress_change", args=[row.pk])).status_code == 200


def test_admin_keeps_the_lead_among_participants(admin_client_, demo_data):
    """Deleting the lead's row in the participants inline does not remove the lead."""
    initiative = Initiative.objects.get(code="A-02")  # led by Taif
    rows = list(Participation.objects.filter(initiative=initiative).order_by("pk"))
    data = {
        "code": initiative.code,
        "name_ar": initiative.name_ar,
        "name_en": initiative.name_en,
        "axis": initiative.axis_id,
        "lead_secretariat": initiative.lead_secretariat_id,
        "weight": "1",
        "behind_after": "10",
        "far_behind_after": "25",
        "participation_set-TOTAL_FORMS": len(rows),
        "participation_set-INITIAL_FORMS": len(rows),
        "participation_set-MIN_NUM_FORMS": 0,
        "participation_set-MAX_NUM_FORMS": 1000,
    }
    for n, row in enumerate(rows):
        data[f"participation_set-{n}-id"] = row.pk
        data[f"participation_set-{n}-initiative"] = initiative.pk
        data[f"participation_set-{n}-secretariat"] = row.secretariat_id
        if row.secretariat_id == initiative.lead_secretariat_id:
            data[f"participation_set-{n}-DELETE"] = "on"
    response = admin_client_.post(reverse("admin:initiatives_initiative_change", args=[initiative.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert initiative.participants.filter(pk=initiative.lead_secretariat_id).exists()
    assert initiative.participants.count() == len(rows)


def test_revoking_tokens_from_the_admin(admin_client_, viewer):
    token, _key = ApiToken.issue(user=viewer, name="integration")
    response = admin_client_.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.lookup(_key) is None


def test_non_admins_cannot_open_the_admin(viewer_client, officer_client):
    for client in (viewer_client, officer_client):
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
