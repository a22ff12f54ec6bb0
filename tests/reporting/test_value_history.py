"""Every change to a value or a progress row is kept: who, when, old and new."""

from decimal import Decimal

import pytest

from tests.factories import IndicatorValueFactory, InitiativeProgressFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_value_changes_are_kept_with_old_and_new():
    value = IndicatorValueFactory(value=Decimal("10"))
    value.value = Decimal("12.5")
    value.save()
    records = list(value.history.order_by("history_date"))
    assert [r.value for r in records] == [Decimal("10"), Decimal("12.5")]
    delta = records[1].diff_against(records[0])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("value", Decimal("10"), Decimal("12.5"))]


def test_progress_history_records_who_changed_it():
    user = UserFactory()
    row = InitiativeProgressFactory(percent_complete=Decimal("20"))
    row._history_user = user
    row.percent_complete = Decimal("35")
    row.save()
    latest = row.history.latest()
    assert latest.history_user == user
    assert latest.percent_complete == Decimal("35")
    assert latest.history_date is not None
