"""seed_demo loads the programme of DESIGN §7 and a second run changes nothing."""

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Source, Target
from initiatives.models import Initiative
from programme.models import Axis, PeriodState, ReportingPeriod, Secretariat

pytestmark = pytest.mark.django_db

GROUP_TWO_AR = {
    "أمانة محافظة الطائف",
    "أمانة منطقة الباحة",
    "أمانة منطقة جازان",
    "أمانة منطقة عسير",
    "أمانة منطقة نجران",
}


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every row of every model (history included), to compare two runs."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"accounts", "initiatives", "indicators"}:
            state[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return state


def test_seed_is_idempotent():
    seed("--with-demo-users")
    first = snapshot()
    output = seed("--with-demo-users")
    assert snapshot() == first
    assert "nothing to change" in output


def test_group_two_by_arabic_name(demo_data):
    assert set(Secretariat.objects.filter(group=2).values_list("name_ar", flat=True)) == GROUP_TWO_AR
    assert Secretariat.objects.count() == 17
    assert set(Secretariat.objects.values_list("group", flat=True)) == {1, 2, 3}


def test_axes_and_indicators(demo_data):
    assert dict(Axis.objects.values_list("code", "name_ar")) == {
        "A": "الارتقاء بجودة الخدمات المقدمة في المدن السعودية",
        "B": "تحسين المشهد الحضري في المدن",
        "F": "الاستدامة المالية",
    }
    assert list(Indicator.objects.order_by("sort_order").values_list("code", flat=True)) == [
        "measurement-efficiency",
        "financial-resources",
        "complaint-handling",
        "beneficiary-satisfaction",
        "initiative-progress",
        "led-initiative-progress",
        "innovation-index",
    ]
    assert Indicator.objects.get(code="initiative-progress").source == Source.INITIATIVES_ALL
    assert Indicator.objects.get(code="led-initiative-progress").source == Source.INITIATIVES_LED


def test_initiatives_include_visual_distortion_with_15_elements(demo_data):
    assert 10 <= Initiative.objects.count() <= 14
    assert set(Initiative.objects.values_list("axis__code", flat=True)) == {"A", "B", "F"}
    distortion = Initiative.objects.get(name_ar="معالجة التشوه البصري")
    assert distortion.target_quantity == Decimal("15")
    assert distortion.unit_ar == "عنصر"
    assert Initiative.objects.filter(lead_secretariat__isnull=True).exists()
    assert Initiative.objects.filter(lead_secretariat__isnull=False).exists()
    for initiative in Initiative.objects.filter(lead_secretariat__isnull=False):
        assert initiative.participants.filter(pk=initiative.lead_secretariat_id).exists()


def test_periods_2017_q1_to_2018_q4_with_2018_q2_open(demo_data):
    keys = [p.key for p in ReportingPeriod.objects.order_by("id")]
    assert keys == [f"{y}-Q{q}" for y in (2017, 2018) for q in (1, 2, 3, 4)]
    assert ReportingPeriod.objects.by_key("2018-Q2").state == PeriodState.OPEN
    q1 = ReportingPeriod.objects.by_key("2018-Q1")
    assert q1.state == PeriodState.SCHEDULED
    assert str(q1.closes_on) == "2018-04-30"


def test_figures_for_group_two_up_to_2018_q1_mostly_approved(demo_data):
    values = IndicatorValue.objects.all()
    assert set(values.values_list("secretariat__group", flat=True)) == {2}
    assert max(values.values_list("period_id", flat=True)) == ReportingPeriod.ordinal(2018, 1)
    assert not values.filter(indicator__source__in=[Source.INITIATIVES_ALL, Source.INITIATIVES_LED]).exists()
    approved = values.filter(workflow_status=WorkflowStatus.APPROVED).count()
    submitted = values.filter(workflow_status=WorkflowStatus.SUBMITTED).count()
    assert approved > submitted > 0
    assert approved + submitted == values.count()
    assert values.filter(is_demo=False).count() == 0
    assert InitiativeProgress.objects.filter(workflow_status=WorkflowStatus.SUBMITTED).exists()
    assert Target.objects.filter(period__year=2018, period__quarter=2).exists()


def test_demo_users_only_on_request(demo_data):
    # Only the people named in the seeded history exist, and none of them can sign in.
    assert not User.objects.filter(is_active=True).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    output = seed("--with-demo-users")
    assert set(User.objects.filter(is_active=True).values_list("username", flat=True)) == {
        "viewer",
        "reviewer",
        "taif-officer",
        "jazan-officer",
        "admin",
    }
    assert User.objects.get(username="taif-officer").secretariat.code == "taif"
    assert "madinati-demo-2018" in output
