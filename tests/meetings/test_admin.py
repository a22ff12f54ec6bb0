"""The programme admin configures the review cycle in the Django admin; a snapshot there is read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from meetings.models import Snapshot
from meetings.services import workshops

pytestmark = pytest.mark.django_db

MODELS = [
    "meetings.MinistryUnit",
    "meetings.Meeting",
    "meetings.Decision",
    "meetings.Action",
    "meetings.Workshop",
    "meetings.Snapshot",
]


def test_the_review_cycle_is_in_the_admin():
    assert {model._meta.label for model in admin.site._registry} >= set(MODELS)


def test_changelists_and_change_pages_render(admin_client_, cycle, reviewer):

    workshops.workshop_save(meeting=cycle["first"], by=reviewer, topic="risks", title_ar="ورشة")
    for label in MODELS:
        app_label, model_name = label.lower().split(".")
        assert admin_client_.get(reverse(f"admin:{app_label}_{model_name}_changelist")).status_code == 200, label
        obj = admin.site._registry[
            next(m for m in admin.site._registry if m._meta.label == label)
        ].model.objects.first()
        assert admin_client_.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])).status_code == 200
        add = admin_client_.get(reverse(f"admin:{app_label}_{model_name}_add"))
        assert add.status_code == (403 if label == "meetings.Snapshot" else 200), label


def test_a_snapshot_cannot_be_changed_or_deleted_in_the_admin(admin_client_, cycle):
    snapshot = Snapshot.objects.get()
    page = admin_client_.get(reverse("admin:meetings_snapshot_change", args=[snapshot.pk])).content.decode()
    assert 'name="_save"' not in page
    response = admin_client_.post(reverse("admin:meetings_snapshot_delete", args=[snapshot.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Snapshot.objects.filter(pk=snapshot.pk).exists()
