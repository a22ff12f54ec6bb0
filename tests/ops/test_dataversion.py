"""Every kind of write that can change a figure moves the data version once, on commit; nothing else does."""

from decimal import Decimal

import pytest
from django.db import transaction

from indicators.choices import WorkflowStatus
from indicators.models import IndicatorValue, Target
from madinati import dataversion
from tests.factories import (
    AxisFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    InitiativeProgressFactory,
    PeriodExtensionFactory,
    ReportingPeriodFactory,
    SecretariatFactory,
    TargetFactory,
    UserFactory,
)


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "indicators_indicatorvalue" ("value") VALUES (%s)', "indicators_indicatorvalue"),
        ('UPDATE "indicators_target" SET "value" = %s', "indicators_target"),
        ('  DELETE FROM "programme_reportingperiod" WHERE id = 1', "programme_reportingperiod"),
        ("update indicators_target set value = 1", "indicators_target"),
        ('SELECT * FROM "indicators_target"', None),
        ("WITH x AS (SELECT 1) SELECT 1", None),
    ],
)
def test_written_table_reads_the_statement(sql, table):
    assert dataversion.written_table(sql) == table


def test_the_domain_names_its_figure_tables():
    assert {
        "indicators_indicatorvalue",
        "indicators_initiativeprogress",
        "indicators_target",
        "indicators_indicator",
        "programme_reportingperiod",
        "initiatives_initiative",
    } <= dataversion.watched_tables()
    assert "accounts_user" not in dataversion.watched_tables()
    assert "django_session" not in dataversion.watched_tables()


@pytest.fixture
def figures(transactional_db):
    """One value, one progress row and their context, committed before the version is read.

    These tests commit for real (``transactional_db``): the bump hangs on the commit.
    """
    period = ReportingPeriodFactory()
    secretariat = SecretariatFactory(code="taif")
    indicator = IndicatorFactory(code="beneficiary-satisfaction")
    initiative = InitiativeFactory(code="A-01", axis=AxisFactory(code="A"), lead_secretariat=secretariat)
    return {
        "period": period,
        "secretariat": secretariat,
        "indicator": indicator,
        "initiative": initiative,
        "target": TargetFactory(indicator=indicator, secretariat=secretariat, period=period),
        "value": IndicatorValueFactory(
            indicator=indicator, secretariat=secretariat, period=period, workflow_status=WorkflowStatus.SUBMITTED
        ),
        "progress": InitiativeProgressFactory(initiative=initiative, secretariat=secretariat, period=period),
    }


def _value_saved(f):
    f["value"].value = Decimal("81.5")
    f["value"].save()


def _value_approved(f):
    f["value"].workflow_status = WorkflowStatus.APPROVED
    f["value"].save()


def _progress_saved(f):
    f["progress"].percent_complete = Decimal("75")
    f["progress"].save()


def _target_changed(f):
    f["target"].value = Decimal("90")
    f["target"].save()


def _period_closed(f):
    f["period"].state = "closed"
    f["period"].save()


def _period_extended(f):
    PeriodExtensionFactory(period=f["period"], secretariat=f["secretariat"])


def _indicator_configured(f):
    f["indicator"].weight = Decimal("2")
    f["indicator"].save()


def _initiative_reweighted(f):
    f["initiative"].weight = Decimal("3")
    f["initiative"].save()


def _secretariat_regrouped(f):
    f["secretariat"].group = 3
    f["secretariat"].save()


def _value_deleted(f):
    f["value"].delete()


def _values_bulk_created(f):
    other = IndicatorFactory(code="complaint-handling")
    IndicatorValue.objects.bulk_create(
        [IndicatorValue(indicator=other, secretariat=f["secretariat"], period=f["period"], value=Decimal("3"))]
    )


def _targets_updated_in_bulk(f):
    Target.objects.filter(period=f["period"]).update(value=Decimal("70"))


WRITES = [
    _value_saved,
    _value_approved,
    _progress_saved,
    _target_changed,
    _period_closed,
    _period_extended,
    _indicator_configured,
    _initiative_reweighted,
    _secretariat_regrouped,
    _value_deleted,
    _values_bulk_created,
    _targets_updated_in_bulk,
]


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__.strip("_") for w in WRITES])
def test_each_kind_of_figure_write_moves_the_version_once_on_commit(figures, write):
    before = dataversion.current()
    with transaction.atomic():
        write(figures)
        assert dataversion.current() == before, "moved before the commit"
    assert dataversion.current() == before + 1


def test_a_write_outside_a_transaction_moves_the_version_at_once(figures):
    before = dataversion.current()
    _target_changed(figures)  # autocommit: the statement is the transaction
    assert dataversion.current() == before + 1


def test_a_transaction_of_many_writes_bumps_once(figures):
    before = dataversion.current()
    with transaction.atomic():
        _value_saved(figures)
        _progress_saved(figures)
        _target_changed(figures)
    assert dataversion.current() == before + 1


def test_a_write_rolled_back_to_a_savepoint_does_not_cancel_the_bump_of_the_rest(figures):
    before = dataversion.current()
    with transaction.atomic():
        _value_saved(figures)  # schedules the bump
        try:
            with transaction.atomic():
                _target_changed(figures)  # already scheduled: adds nothing
                raise RuntimeError("refused")
        except RuntimeError:
            pass
    assert dataversion.current() == before + 1


def test_the_first_write_rolled_back_to_a_savepoint_leaves_the_next_to_schedule_the_bump(figures):
    before = dataversion.current()
    with transaction.atomic():
        try:
            with transaction.atomic():
                _value_saved(figures)  # its bump is discarded with the savepoint
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        _target_changed(figures)
    assert dataversion.current() == before + 1


def test_a_rolled_back_write_moves_nothing(figures):
    before = dataversion.current()
    try:
        with transaction.atomic():
            _value_saved(figures)
            raise RuntimeError("refused")
    except RuntimeError:
        pass
    assert dataversion.current() == before


def test_writes_that_change_no_figure_move_nothing(transactional_db):
    before = dataversion.current()
    user = UserFactory(username="someone")
    user.first_name = "Someone"
    user.save()
    assert dataversion.current() == before


def test_cached_builds_once_per_version(db):
    built = []

    def build():
        built.append(1)
        return {"n": len(built)}

    assert dataversion.cached("card", build, "2018-Q1", 2) == {"n": 1}
    assert dataversion.cached("card", build, "2018-Q1", 2) == {"n": 1}
    assert dataversion.cached("card", build, "2018-Q1", 3) == {"n": 2}, "other arguments, other entry"
    dataversion.bump()
    assert dataversion.cached("card", build, "2018-Q1", 2) == {"n": 3}


def test_a_lost_counter_restarts_above_every_value_it_had(db):
    from django.core.cache import cache

    old = dataversion.bump()
    cache.delete(dataversion.KEY)
    assert dataversion.current() > old
    cache.delete(dataversion.KEY)
    assert dataversion.bump() > old


def test_a_bump_returns_exactly_the_stored_version(db):
    """On Redis, ``incr`` runs as Lua, whose numbers are doubles: a counter above 2**53 came back rounded."""
    from django.core.cache import cache

    cache.delete(dataversion.KEY)
    version = dataversion.bump()
    assert version < 2**53
    assert version == dataversion.current() == int(cache.get(dataversion.KEY))


def test_the_command_prints_and_bumps_the_version(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("dataversion", stdout=out)
    before = int(out.getvalue())
    call_command("dataversion", "--bump", stdout=out)
    assert int(out.getvalue().split()[-1]) == before + 1 == dataversion.current()


def test_a_request_that_chose_its_replica_before_a_bump_does_not_fill_the_newer_entry(db):
    built = []

    def build():
        built.append(1)
        return len(built)

    version = dataversion.current()
    token = dataversion.replica_floor.set(version)  # the replica covers this version...
    try:
        dataversion.bump()  # ...then someone approves a figure
        assert dataversion.cached("card", build) == 1
        assert dataversion.cached("card", build) == 2, "rows older than the version were not stored under it"
        dataversion.replica_floor.set(dataversion.current())  # a request whose replica covers the new version
        assert dataversion.cached("card", build) == 3
        assert dataversion.cached("card", build) == 3, "stored, and served"
    finally:
        dataversion.replica_floor.reset(token)


def test_reads_on_the_primary_may_always_fill(db):
    assert dataversion.replica_floor.get() is None
    assert dataversion.fresh_for(dataversion.current())
