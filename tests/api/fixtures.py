"""Fixtures for the API tests: a small programme with hand-computable figures, and token clients."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import ApiToken
from indicators.choices import WorkflowStatus
from indicators.models import Source
from tests.factories import (
    AxisFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeProgressFactory,
    ReportingPeriodFactory,
    SecretariatFactory,
    TargetFactory,
)


@pytest.fixture
def clear_throttles():
    """Throttle buckets live in the cache; a test must not inherit another's requests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_client(db):
    """``token_client(user)`` → a client that authenticates with a fresh ``Authorization: Token`` header."""

    def make(user, name="integration"):
        _token, key = ApiToken.issue(user=user, name=name)
        client = Client(headers={"Authorization": f"Token {key}"})
        client.api_key = key
        return client

    return make


@pytest.fixture
def api_programme(secretariat, other_secretariat):
    """Taif and Jazan (group 2) and Riyadh (group 1); figures of DESIGN §4 worked by hand in the tests.

    2018-Q1 is closed and holds visible figures; 2018-Q2 is open and holds only drafts.
    """
    riyadh = SecretariatFactory(
        code="riyadh", name_ar="أمانة منطقة الرياض", name_en="Riyadh Region Municipality", group=1
    )
    taif, jazan = secretariat, other_secretariat
    axis_a = AxisFactory(code="A", name_ar="جودة الخدمات", name_en="Quality of services")
    axis_b = AxisFactory(code="B", name_ar="المشهد الحضري", name_en="Urban landscape")
    b01 = InitiativeFactory(
        code="B-01",
        name_ar="معالجة التشوه البصري",
        name_en="Visual distortion treatment",
        axis=axis_b,
        lead_secretariat=taif,
        participants=[taif, jazan],
        unit_ar="عنصر",
        unit_en="element",
        target_quantity=Decimal("15"),
    )
    a01 = InitiativeFactory(
        code="A-01",
        name_ar="خدمات إلكترونية",
        name_en="E-services",
        axis=axis_a,
        lead_secretariat=None,
        participants=[jazan],
        weight=Decimal("2"),
    )
    complaints = IndicatorFactory(
        code="complaint-handling", name_ar="معالجة الشكاوى", name_en="Complaint handling", sort_order=3
    )
    progress_indicator = IndicatorFactory(
        code="initiative-progress",
        name_ar="نسبة التقدم في المبادرات",
        name_en="Progress in initiatives",
        source=Source.INITIATIVES_ALL,
        sort_order=5,
    )
    q1 = ReportingPeriodFactory(year=2018, quarter=1, state="closed")
    q2 = ReportingPeriodFactory(year=2018, quarter=2, state="open")
    for sec in (taif, jazan):
        TargetFactory(indicator=complaints, secretariat=sec, period=q1, value=Decimal("50"))
        TargetFactory(indicator=progress_indicator, secretariat=sec, period=q1, value=Decimal("80"))
    values = {
        "taif-q1": IndicatorValueFactory(
            indicator=complaints, secretariat=taif, period=q1, value=Decimal("45"), note="ok"
        ),
        "jazan-q1": IndicatorValueFactory(
            indicator=complaints,
            secretariat=jazan,
            period=q1,
            value=Decimal("30"),
            workflow_status=WorkflowStatus.SUBMITTED,
        ),
        "taif-q2": IndicatorValueFactory(
            indicator=complaints, secretariat=taif, period=q2, value=Decimal("10"), workflow_status=WorkflowStatus.DRAFT
        ),
        "jazan-q2": IndicatorValueFactory(
            indicator=complaints,
            secretariat=jazan,
            period=q2,
            value=Decimal("20"),
            workflow_status=WorkflowStatus.DRAFT,
        ),
    }
    progress = {
        "b01-taif-q1": InitiativeProgressFactory(
            initiative=b01, secretariat=taif, period=q1, percent_complete=Decimal("60"), narrative="on plan"
        ),
        "b01-jazan-q1": InitiativeProgressFactory(
            initiative=b01,
            secretariat=jazan,
            period=q1,
            percent_complete=Decimal("40"),
            quantity_achieved=Decimal("6"),
            workflow_status=WorkflowStatus.SUBMITTED,
        ),
        "a01-jazan-q1": InitiativeProgressFactory(
            initiative=a01, secretariat=jazan, period=q1, percent_complete=Decimal("20")
        ),
        "b01-jazan-q2": InitiativeProgressFactory(
            initiative=b01,
            secretariat=jazan,
            period=q2,
            percent_complete=Decimal("70"),
            workflow_status=WorkflowStatus.DRAFT,
        ),
    }
    return {
        "taif": taif,
        "jazan": jazan,
        "riyadh": riyadh,
        "axes": (axis_a, axis_b),
        "initiatives": (a01, b01),
        "indicators": (complaints, progress_indicator),
        "periods": (q1, q2),
        "values": values,
        "progress": progress,
    }
