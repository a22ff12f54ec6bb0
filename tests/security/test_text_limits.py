"""Every free-text field has a length limit, checked by forms, the API and the database (issue 12, item 7)."""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

from madinati.text import TEXT_MAX_LENGTH
from registers.models import Idea
from tests.factories import IdeaFactory

OUR_APPS = {"programme", "accounts", "audit", "initiatives", "indicators", "reporting", "registers", "meetings"}
# Not typed by a user: the snapshot's canonical JSON is written by the product and is immutable.
EXEMPT = {("meetings", "snapshot", "body")}


def free_text_fields():
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in OUR_APPS or meta.model_name.startswith("historical"):
            continue
        for field in meta.concrete_fields:
            if type(field) is models.TextField and (meta.app_label, meta.model_name, field.name) not in EXEMPT:
                yield model, field


def test_every_free_text_field_has_a_limit_and_a_database_check():
    found = list(free_text_fields())
    assert len(found) >= 25  # the registers, the workflow notes, the meetings: the walk really saw them
    missing = [f"{model._meta.label}.{field.name}" for model, field in found if not checks_length(model, field)]
    assert missing == []


def checks_length(model, field) -> bool:
    """Whether the model has ``max_length`` on the field and a database check of exactly that length."""
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        if (
            isinstance(condition, LessThanOrEqual)
            and isinstance(condition.lhs, Length)
            and condition.lhs.source_expressions[0].name == field.name
        ):
            return bool(field.max_length) and condition.rhs == field.max_length
    return False


@pytest.mark.django_db
def test_the_database_refuses_text_over_its_limit_whatever_the_path(secretariat):
    idea = IdeaFactory(secretariat=secretariat, description="x" * TEXT_MAX_LENGTH)
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(description="x" * (TEXT_MAX_LENGTH + 1))
    idea.refresh_from_db()
    assert len(idea.description) == TEXT_MAX_LENGTH


@pytest.mark.django_db
def test_an_idea_over_its_limit_is_refused_on_the_form_and_nothing_is_stored(officer_client):
    response = officer_client.post(reverse("idea-create"), {"title": "فكرة", "description": "ب" * 100_000})
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not Idea.objects.exists()
