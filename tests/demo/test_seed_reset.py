"""``seed_demo --reset`` puts the demo back as it was and never touches a row that is not demo data."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from meetings.models import Action, ActionNote, Meeting, Snapshot
from programme.models import ReportingPeriod, Secretariat
from registers.models import Risk
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def demo_state() -> dict:
    """What the demo shows: the values with their workflow, the registers, the meetings (natural keys)."""
    return {
        "values": sorted(
            IndicatorValue.objects.filter(is_demo=True).values_list(
                "secretariat__code", "indicator__code", "period_id", "value", "workflow_status"
            )
        ),
        "risks": sorted(Risk.objects.filter(is_demo=True).values_list("secretariat__code", "title", "status")),
        "meetings": sorted(Meeting.objects.filter(is_demo=True).values_list("group", "number", "status")),
        "actions": Action.objects.filter(is_demo=True).count(),
    }


def test_reset_restores_the_demo_and_keeps_what_people_added(demo_data):
    before = demo_state()
    snapshots = list(Snapshot.objects.values_list("pk", "sha256"))
    taif_q1 = IndicatorValue.objects.get(
        secretariat__code="taif", indicator__code="beneficiary-satisfaction", period__year=2018, period__quarter=1
    )
    # Someone played with the demo: changed a figure, returned another, deleted a demo risk ...
    IndicatorValue.objects.filter(pk=taif_q1.pk).update(value=Decimal("1.00"), workflow_status=WorkflowStatus.RETURNED)
    Risk.objects.filter(is_demo=True).order_by("pk").first().delete()
    # ... and recorded something real, which is not demo data.
    real = Risk.objects.create(
        secretariat=Secretariat.objects.get(code="taif"),
        kind="risk",
        title="خطر حقيقي يتابعه فريق الأمانة",
        likelihood=2,
        impact=3,
    )
    assert demo_state() != before

    out = seed("--reset")

    assert "demo rows deleted" in out
    assert demo_state() == before
    real.refresh_from_db()  # still there, unchanged
    assert (real.title, real.is_demo, real.likelihood) == ("خطر حقيقي يتابعه فريق الأمانة", False, 2)
    assert list(Snapshot.objects.values_list("pk", "sha256")) == snapshots  # frozen, never deleted
    assert Secretariat.objects.count() == 17 and ReportingPeriod.objects.count() == 8


def test_reset_refuses_and_deletes_nothing_when_real_data_hangs_on_demo_rows(demo_data):
    action = Action.objects.filter(is_demo=True).order_by("pk").first()
    note = ActionNote.objects.create(action=action, text="A real follow-up", status=action.status, by=UserFactory())
    values = IndicatorValue.objects.count()
    with pytest.raises(CommandError, match="ActionNote") as refusal:
        seed("--reset")
    assert "Nothing was deleted" in str(refusal.value)
    assert ActionNote.objects.filter(pk=note.pk).exists()
    assert Action.objects.filter(pk=action.pk).exists()
    assert IndicatorValue.objects.count() == values


def test_a_seed_without_reset_deletes_nothing(demo_data):
    Risk.objects.filter(is_demo=True).order_by("pk").first().delete()
    risks = Risk.objects.count()
    seed()
    assert Risk.objects.count() == risks + 1  # the seed upserts what is missing and keeps the rest
