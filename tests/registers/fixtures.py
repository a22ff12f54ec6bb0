"""Fixtures for the registers and review-pack tests: a few secretariats, axes and entries of each register."""

import pytest

from registers.models import Risk
from tests.factories import (
    AxisFactory,
    IdeaFactory,
    InitiativeFactory,
    RiskFactory,
    SecretariatFactory,
    SupportRequestFactory,
)


@pytest.fixture
def third_secretariat(db):
    return SecretariatFactory(code="asir", name_ar="أمانة منطقة عسير", name_en="Asir Region Municipality")


@pytest.fixture
def group_one_secretariat(db):
    return SecretariatFactory(
        code="riyadh", name_ar="أمانة منطقة الرياض", name_en="Riyadh Region Municipality", group=1
    )


@pytest.fixture
def axis_b(db):
    return AxisFactory(code="B", name_ar="تحسين المشهد الحضري في المدن", name_en="Improving the urban landscape")


@pytest.fixture
def axis_a(db):
    return AxisFactory(code="A", name_ar="الارتقاء بجودة الخدمات", name_en="Raising the quality of services")


@pytest.fixture
def visual_distortion(axis_b, secretariat, other_secretariat):
    return InitiativeFactory(
        code="B-01",
        name_ar="معالجة التشوه البصري",
        name_en="Treating visual distortion",
        axis=axis_b,
        participants=[secretariat, other_secretariat],
    )


@pytest.fixture
def same_risk_three_times(secretariat, other_secretariat, third_secretariat, axis_b):
    """One obstacle raised separately by Taif, Jazan and Asir: the merge candidates."""
    return [
        RiskFactory(secretariat=s, axis=axis_b, kind="obstacle", title=title, likelihood=4, impact=4)
        for s, title in (
            (secretariat, "تأخر صرف مستحقات المقاولين"),
            (other_secretariat, "تأخر مستحقات مقاولي التشوه البصري"),
            (third_secretariat, "عدم انتظام صرف المستخلصات"),
        )
    ]


@pytest.fixture
def unified_risk(same_risk_three_times):
    """Taif's entry with Jazan's and Asir's merged into it."""
    canonical, *duplicates = same_risk_three_times
    Risk.objects.filter(pk__in=[d.pk for d in duplicates]).update(canonical=canonical)
    canonical.refresh_from_db()
    return canonical


@pytest.fixture
def register_rows(secretariat, other_secretariat, third_secretariat, axis_a, axis_b):
    """``register_rows(n)``: n risks (every fifth one merged into the one before), n requests and n ideas."""

    def make(n: int):
        secretariats = [secretariat, other_secretariat, third_secretariat]
        previous = None
        for i in range(n):
            owner = secretariats[i % 3]
            axis = axis_a if i % 2 else axis_b
            risk = RiskFactory(
                secretariat=owner,
                axis=axis,
                likelihood=1 + i % 5,
                impact=1 + (i * 2) % 5,
                canonical=previous if (i % 5 == 4 and previous is not None) else None,
            )
            previous = risk if risk.canonical_id is None else previous
            SupportRequestFactory(secretariat=owner, axis=axis, category=["budget", "staffing", "technical"][i % 3])
            IdeaFactory(secretariat=owner, axis=axis, status=["submitted", "under_study", "adopted"][i % 3])

    return make
