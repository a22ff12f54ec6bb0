"""Bidi controls (U+202A–U+202E, U+2066–U+2069) never reach the database from what a person types (issue 12, item 7)."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save
from django.urls import reverse

from madinati.text import BIDI_CONTROLS
from registers.models import Risk
from reporting.services.rules import ProgressInput, value_fields
from tests.factories import IdeaFactory

REVERSED = "\u202eerugif gnorw\u202c \u2066نص\u2069"

GUARDED_APPS = {"programme", "initiatives", "indicators", "registers", "meetings"}


def test_every_model_with_free_text_in_the_domain_is_guarded():
    unguarded = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in GUARDED_APPS
        and any(isinstance(f, models.CharField | models.TextField) for f in model._meta.concrete_fields)
        and not pre_save.has_listeners(model)
    ]
    assert unguarded == []


@pytest.mark.django_db
def test_a_risk_typed_on_the_page_is_stored_without_bidi_controls(officer_client):
    data = {"kind": "risk", "title": REVERSED, "likelihood": "3", "impact": "4", "mitigation": REVERSED, "owner": ""}
    assert officer_client.post(reverse("risk-create"), data).status_code == 302
    risk = Risk.objects.get()
    assert (risk.title, risk.mitigation) == ("erugif gnorw نص", "erugif gnorw نص")


@pytest.mark.django_db
def test_a_save_from_anywhere_strips_them(secretariat):
    idea = IdeaFactory(secretariat=secretariat, title=REVERSED, description=f"a{REVERSED}b")
    idea.refresh_from_db()
    assert not BIDI_CONTROLS.search(idea.title + idea.description)


def test_the_workflow_write_strips_them_from_notes_and_narratives():
    assert value_fields(value=Decimal(1), note=REVERSED)["note"] == "erugif gnorw نص"
    assert ProgressInput(percent_complete=Decimal(5), narrative=REVERSED).fields()["narrative"] == "erugif gnorw نص"
