"""The database itself refuses what the domain forbids, whatever the form or API did."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import Role, User
from indicators.models import Indicator
from programme.models import ReportingPeriod, Secretariat
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeProgressFactory,
    ReportingPeriodFactory,
    RiskFactory,
    SecretariatFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def raw_update(table: str, column: str, value, pk) -> None:
    """Bypass the ORM's validation entirely: the constraint must stand on its own."""
    quoted = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quoted(table)} SET {quoted(column)} = %s WHERE id = %s", [value, pk])


def test_one_value_per_indicator_secretariat_period():
    value = IndicatorValueFactory()
    refused(
        lambda: IndicatorValueFactory(indicator=value.indicator, secretariat=value.secretariat, period=value.period)
    )


def test_one_progress_row_per_initiative_secretariat_period():
    row = InitiativeProgressFactory()
    refused(
        lambda: InitiativeProgressFactory(initiative=row.initiative, secretariat=row.secretariat, period=row.period)
    )


def test_one_target_per_indicator_secretariat_period():
    target = TargetFactory()
    refused(lambda: TargetFactory(indicator=target.indicator, secretariat=target.secretariat, period=target.period))


@pytest.mark.parametrize("percent", ["101", "-0.01", "100.01"])
def test_percent_outside_0_100_is_refused_by_the_database(percent):
    refused(lambda: InitiativeProgressFactory(percent_complete=Decimal(percent)))


def test_percent_101_refused_even_by_raw_sql():
    row = InitiativeProgressFactory(percent_complete=Decimal("100"))
    refused(lambda: raw_update("indicators_initiativeprogress", "percent_complete", 101, row.pk))


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_outside_1_4_is_refused(quarter):
    refused(
        lambda: ReportingPeriod.objects.create(
            year=2019, quarter=quarter, opens_on=datetime.date(2019, 1, 1), closes_on=datetime.date(2019, 4, 30)
        )
    )


def test_quarter_5_refused_even_by_raw_sql():
    period = ReportingPeriodFactory(year=2019, quarter=4)
    refused(lambda: raw_update("programme_reportingperiod", "quarter", 5, period.pk))


@pytest.mark.parametrize("field", ["likelihood", "impact"])
@pytest.mark.parametrize("level", [0, 6])
def test_risk_levels_outside_1_5_are_refused(field, level):
    refused(lambda: RiskFactory(**{field: level}))


def test_risk_cannot_be_merged_into_itself():
    risk = RiskFactory()
    refused(lambda: raw_update("registers_risk", "canonical_id", risk.pk, risk.pk))


def test_officer_without_secretariat_is_refused():
    refused(lambda: User.objects.create(username="orphan", role=Role.OFFICER))


def test_indicator_thresholds_must_be_ordered():
    refused(lambda: IndicatorFactory(green_at=Decimal("60"), amber_at=Decimal("70")))


def test_period_primary_key_is_its_ordinal():
    period = ReportingPeriodFactory(year=2018, quarter=1)
    assert period.pk == 2018 * 4
    assert ReportingPeriod.objects.by_key("2018-Q1") == period
    refused(lambda: raw_update("programme_reportingperiod", "year", 2019, period.pk))


def test_values_are_decimals_not_text():
    value = IndicatorValueFactory(value=Decimal("12345.6789"))
    value.refresh_from_db()
    assert value.value == Decimal("12345.6789")
    assert isinstance(value.value, Decimal)


def test_lead_secretariat_always_participates():
    lead = SecretariatFactory()
    initiative = InitiativeFactory(lead_secretariat=lead)
    assert list(initiative.participants.all()) == [lead]
    other = SecretariatFactory()
    initiative.lead_secretariat = other
    initiative.save()
    assert set(initiative.participants.all()) == {lead, other}


def test_secretariat_codes_are_unique():
    Secretariat.objects.create(code="taif", name_ar="أ", name_en="a", group=2)
    refused(lambda: Secretariat.objects.create(code="taif", name_ar="ب", name_en="b", group=2))


def test_indicator_codes_are_unique():
    Indicator.objects.create(code="x", name_ar="أ", name_en="a")
    refused(lambda: Indicator.objects.create(code="x", name_ar="ب", name_en="b"))
