"""values_import (the service behind the spreadsheet import and POST /api/v1/values/bulk/): all or nothing."""

import datetime
from decimal import Decimal

import pytest

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue
from reporting.services.imports import ImportRefused, values_import
from tests.factories import IndicatorValueFactory, PeriodExtensionFactory


def row(indicator="satisfaction", value="75", secretariat="taif", period="2018-Q2", **extra):
    return {"secretariat": secretariat, "indicator": indicator, "period": period, "value": value, **extra}


@pytest.fixture
def p(entry_programme):
    return entry_programme


def test_good_rows_are_created_then_unchanged_then_updated(p, officer):
    rows = [row(), row("complaints", "6"), row("revenue", "1,250,000.50", note="Q2 revenue")]
    result = values_import(rows=rows, by=officer, dry_run=False)
    assert (result.created, result.updated, result.unchanged, result.errors) == (3, 0, 0, [])
    revenue = IndicatorValue.objects.get(indicator__code="revenue")
    assert revenue.value == Decimal("1250000.50")
    assert revenue.note == "Q2 revenue"
    assert revenue.workflow_status == WorkflowStatus.DRAFT
    assert revenue.history.count() == 1

    again = values_import(rows=rows, by=officer, dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert revenue.history.count() == 1  # unchanged: no write, no history row

    changed = values_import(rows=[row(value="80")], by=officer, dry_run=False)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 0)
    value = IndicatorValue.objects.get(indicator__code="satisfaction")
    assert value.value == Decimal("80")
    assert value.version == 2


def test_dry_run_counts_and_writes_nothing(p, officer):
    result = values_import(rows=[row(), row("complaints", "6")], by=officer, dry_run=True)
    assert (result.dry_run, result.created, result.errors) == (True, 2, [])
    assert result.actions == ["create", "create"]
    assert not IndicatorValue.objects.exists()


def refused(**kwargs) -> ImportRefused:
    """The refusal of an import that must be refused."""
    with pytest.raises(ImportRefused) as refusal:
        values_import(**kwargs)
    return refusal.value


def test_one_bad_row_writes_nothing_and_every_error_is_listed(p, officer, english):
    rows = [row(), row("complaints", "6.5"), row("revenue", "abc"), row("nope", "1")]
    result = refused(rows=rows, by=officer, dry_run=False).result
    assert [(e.index, e.field) for e in result.errors] == [(1, "value"), (2, "value"), (3, "indicator")]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert not result.forbidden
    assert not IndicatorValue.objects.exists()


def test_arabic_indic_digits_and_separators(p, officer):
    rows = [row(value="٧٥٫٥"), row("revenue", "١٬٢٥٠٬٠٠٠"), row("complaints", "٦")]
    result = values_import(rows=rows, by=officer, dry_run=False)
    assert result.errors == []
    got = dict(IndicatorValue.objects.values_list("indicator__code", "value"))
    assert got == {"satisfaction": Decimal("75.5"), "revenue": Decimal("1250000"), "complaints": Decimal("6")}


@pytest.mark.parametrize(
    ("indicator", "value", "message"),
    [
        ("satisfaction", "101", "A percentage is between 0 and 100."),
        ("satisfaction", "-1", "A percentage is between 0 and 100."),
        ("complaints", "-2", "A count is a whole number, 0 or more."),
        ("complaints", "2.5", "A count is a whole number, 0 or more."),
        ("revenue", "-10", "An amount in riyals cannot be negative."),
        ("revenue", "12abc", "“12abc” is not a number."),
        ("revenue", "1.23456", "Use at most 4 decimal places."),
    ],
)
def test_out_of_range_for_the_unit(p, officer, indicator, value, message, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        refusal = refused(rows=[row(indicator, value)], by=officer, dry_run=True)
    assert [(e.field, e.message) for e in refusal.errors] == [("value", message)]


def test_another_secretariat_is_forbidden(p, officer):
    refusal = refused(rows=[row(secretariat="jazan")], by=officer, dry_run=False)
    assert refusal.forbidden and refusal.result.forbidden
    assert refusal.errors[0].field == "secretariat"
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("fixture", ["reviewer", "viewer", "admin_user"])
def test_not_an_officer_is_forbidden(p, request, fixture):
    user = request.getfixturevalue(fixture)
    refusal = refused(rows=[row()], by=user, dry_run=False)
    assert refusal.forbidden and refusal.result.forbidden
    assert not IndicatorValue.objects.exists()


def test_closed_period_says_when_it_closed(p, officer):
    from django.utils import translation

    with translation.override("en"):
        refusal = refused(rows=[row(period="2018-Q1")], by=officer, dry_run=False)
    assert [(e.field, e.message) for e in refusal.errors] == [("period", "Q1 2018 closed on 30 April 2018.")]
    assert not refusal.forbidden


def test_an_extension_keeps_the_closed_period_open_for_its_secretariat(p, officer, closed_period, secretariat):
    PeriodExtensionFactory(period=closed_period, secretariat=secretariat, until=datetime.date(2999, 1, 1))
    result = values_import(rows=[row(period="2018-Q1")], by=officer, dry_run=False)
    assert result.errors == []
    assert result.created == 1


def test_malformed_and_unknown_periods(p, officer):
    refusal = refused(rows=[row(period="2018Q2"), row(period="2031-Q1")], by=officer, dry_run=True)
    assert [(e.index, e.field) for e in refusal.errors] == [(0, "period"), (1, "period")]


def test_derived_indicator_is_refused(p, officer):
    refusal = refused(rows=[row("initiative-progress", "50")], by=officer, dry_run=True)
    assert [e.field for e in refusal.errors] == ["indicator"]


def test_duplicate_rows_in_the_batch(p, officer):
    refusal = refused(rows=[row(value="1"), row(value="2")], by=officer, dry_run=False)
    assert [(e.index, e.field) for e in refusal.errors] == [(1, "indicator")]
    assert not IndicatorValue.objects.exists()


def test_approved_value_is_refused_with_who_and_when(p, officer, reviewer, open_period, secretariat):
    from django.utils import translation

    IndicatorValueFactory(
        indicator=p["percent"],
        secretariat=secretariat,
        period=open_period,
        reviewed_by=reviewer,
        reviewed_at=datetime.datetime(2018, 5, 3, 9, tzinfo=datetime.UTC),
    )
    with translation.override("en"):
        refusal = refused(rows=[row()], by=officer, dry_run=False)
    assert refusal.errors[0].message == "Approved by reviewer on 3 May 2018; an approved figure cannot be changed."


def test_submit_submits_the_written_rows(p, officer):
    result = values_import(rows=[row()], by=officer, dry_run=False, submit=True)
    assert result.created == 1
    value = IndicatorValue.objects.get()
    assert value.workflow_status == WorkflowStatus.SUBMITTED
    assert value.submitted_by == officer


def test_returned_value_becomes_draft_when_reimported(p, officer, open_period, secretariat):
    returned = IndicatorValueFactory(
        indicator=p["percent"], secretariat=secretariat, period=open_period, workflow_status=WorkflowStatus.RETURNED
    )
    result = values_import(rows=[row(value="66")], by=officer, dry_run=False)
    assert result.updated == 1
    returned.refresh_from_db()
    assert (returned.value, returned.workflow_status) == (Decimal("66"), WorkflowStatus.DRAFT)
