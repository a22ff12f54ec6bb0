"""Property: PostgreSQL's scoring statement (indicators.scoring_sql) gives the figures of the Python rules
(indicators.scoring, SQLite's path) on random programmes: every score, rank, status, achievement, value,
target, progress and demo flag, for one quarter and for a trend, all groups or one, approved only or not;
and its progress-only statement (progress_trend) the progress of the same quarters.

Exact where the figure is a stored number or a single quotient (Python rounds the statement's 40 decimal
places to its own 28 digits); a weighted mean of achievements may differ from Python's in its last digits
(Python rounds every partial sum), so those are compared to 20 decimal places.
"""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from indicators import scoring, scoring_pg
from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Polarity, Source, Target
from programme.models import Axis, Secretariat
from tests.factories import AxisFactory, IndicatorFactory, InitiativeFactory, ReportingPeriodFactory, SecretariatFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the scoring statement is PostgreSQL's; on SQLite the Python rules are the only path",
    ),
]

STATUSES = [WorkflowStatus.DRAFT, WorkflowStatus.SUBMITTED, WorkflowStatus.APPROVED, WorkflowStatus.RETURNED]
QUARTERS = 4
SECRETARIATS = 5
INDICATORS = [  # (source, polarity)
    (Source.MANUAL, Polarity.HIGHER_BETTER),
    (Source.MANUAL, Polarity.LOWER_BETTER),
    (Source.MANUAL, Polarity.HIGHER_BETTER),
    (Source.INITIATIVES_ALL, Polarity.HIGHER_BETTER),
    (Source.INITIATIVES_LED, Polarity.HIGHER_BETTER),
]
INITIATIVES = 4

numbers = st.one_of(st.integers(0, 300).map(Decimal), st.decimals(0, 999, places=4, allow_nan=False))
cell = st.tuples(st.integers(0, SECRETARIATS - 1), st.integers(0, len(INDICATORS) - 1), st.integers(0, QUARTERS - 1))
programmes = st.fixed_dictionaries(
    {
        "values": st.dictionaries(cell, st.tuples(numbers, st.sampled_from(STATUSES), st.booleans()), max_size=40),
        "targets": st.dictionaries(cell, st.tuples(numbers, st.booleans()), max_size=40),
        "progress": st.dictionaries(
            st.tuples(st.integers(0, INITIATIVES - 1), st.integers(0, SECRETARIATS - 1), st.integers(0, QUARTERS - 1)),
            st.tuples(st.integers(0, 100), st.sampled_from(STATUSES), st.booleans()),
            max_size=30,
        ),
        "weights": st.lists(st.integers(1, 5), min_size=len(INDICATORS), max_size=len(INDICATORS)),
        "initiative_weights": st.lists(st.integers(1, 9), min_size=INITIATIVES, max_size=INITIATIVES),
        "thresholds": st.tuples(st.integers(0, 100), st.integers(0, 100)).map(sorted),
        "first": st.integers(0, QUARTERS - 1),
        "group": st.sampled_from([None, 1, 2]),
        "approved_only": st.booleans(),
    }
)


class Rollback(Exception):
    pass


@pytest.mark.fuzz
@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programme=programmes)
def test_the_statement_gives_the_python_rules_figures(db, programme):
    try:
        with transaction.atomic():
            check(programme)
            raise Rollback
    except Rollback:
        pass


def test_the_statement_scores_a_known_quarter(db):
    """One hand-worked quarter, so the property above cannot pass on two equal mistakes."""
    period = ReportingPeriodFactory(year=2031, quarter=1)
    a, b = (SecretariatFactory(code=f"k-{n}", group=1) for n in range(2))
    more = IndicatorFactory(code="k-more", weight=Decimal(3), polarity=Polarity.HIGHER_BETTER)
    fewer = IndicatorFactory(code="k-fewer", weight=Decimal(1), polarity=Polarity.LOWER_BETTER)
    for secretariat, (high, low) in {a: (Decimal(45), Decimal(4)), b: (Decimal(90), Decimal(2))}.items():
        Target.objects.create(indicator=more, secretariat=secretariat, period=period, value=Decimal(90))
        Target.objects.create(indicator=fewer, secretariat=secretariat, period=period, value=Decimal(2))
        for indicator, value in ((more, high), (fewer, low)):
            IndicatorValue.objects.create(
                indicator=indicator, secretariat=secretariat, period=period, value=value, workflow_status="approved"
            )
    card = _in_sql([period], group=None, approved_only=False)[period.pk]
    first, second = card.secretariats
    # b: 100 and 100 → 100; a: 50 (45 of 90) weighted 3 and 50 (2 over 4, lower is better) weighted 1 → 50
    assert (first.secretariat, first.score, first.rank) == (b, Decimal(100), 1)
    assert (second.secretariat, second.score, second.rank) == (a, Decimal(50), 2)
    assert second.indicators["k-fewer"].achievement == Decimal(50)
    assert second.indicators["k-more"].status == scoring.OFF_TRACK


def _scope(periods, group, approved_only):
    secretariats = Secretariat.objects.order_by("group", "code")
    if group is not None:
        secretariats = secretariats.filter(group=group)
    return {
        "periods": periods,
        "group": group,
        "approved_only": approved_only,
        "secretariats": list(secretariats),
        "indicators": list(Indicator.objects.order_by("sort_order", "code")),
        "axes": list(Axis.objects.order_by("code")),
    }


def _in_sql(periods, *, group, approved_only):
    return scoring_pg.scored_in_sql(**_scope(periods, group, approved_only))


def _in_python(periods, *, group, approved_only):
    return scoring.scored_in_python(**_scope(periods, group, approved_only))


def _near(number):
    return None if number is None else round(number, 20)


def check(programme):
    periods = [ReportingPeriodFactory(year=2030 + q // 4, quarter=q % 4 + 1) for q in range(QUARTERS)]
    secs = [SecretariatFactory(code=f"q-{n}", group=n % 2 + 1) for n in range(SECRETARIATS)]
    axes = [AxisFactory(code=f"Q{a}") for a in range(2)]
    inits = [
        InitiativeFactory(
            code=f"Q-{k}",
            axis=axes[k % 2],
            lead_secretariat=secs[k],
            participants=secs[k : k + 3],
            weight=Decimal(programme["initiative_weights"][k]),
        )
        for k in range(INITIATIVES)
    ]
    amber, green = programme["thresholds"]
    indicators = [
        IndicatorFactory(
            code=f"q-{n}",
            source=source,
            polarity=polarity,
            weight=Decimal(programme["weights"][n]),
            green_at=Decimal(green),
            amber_at=Decimal(amber),
        )
        for n, (source, polarity) in enumerate(INDICATORS)
    ]
    for (s, i, q), (value, status, demo) in programme["values"].items():
        IndicatorValue.objects.create(
            indicator=indicators[i],
            secretariat=secs[s],
            period=periods[q],
            value=value,
            workflow_status=status,
            is_demo=demo,
        )
    for (s, i, q), (value, demo) in programme["targets"].items():
        Target.objects.create(
            indicator=indicators[i], secretariat=secs[s], period=periods[q], value=value, is_demo=demo
        )
    participants = {(k, s.pk) for k, ini in enumerate(inits) for s in ini.participants.all()}
    for (k, s, q), (percent, status, demo) in programme["progress"].items():
        if (k, secs[s].pk) in participants:
            InitiativeProgress.objects.create(
                initiative=inits[k],
                secretariat=secs[s],
                period=periods[q],
                percent_complete=percent,
                workflow_status=status,
                is_demo=demo,
            )
    window = periods[programme["first"] :]
    options = {"group": programme["group"], "approved_only": programme["approved_only"]}
    for asked in (window, window[-1:]):
        in_sql, in_python = _in_sql(asked, **options), _in_python(asked, **options)
        assert in_sql.keys() == in_python.keys()
        for period_id, expected in in_python.items():
            _same(in_sql[period_id], expected)
    # The progress-only statement of a trend: the same progress as the scorecards of its quarters.
    trend = scoring.compute_progress_trend(periods=window, **options)
    for period_id, expected in _in_python(window, **options).items():
        progress = trend[period_id]
        assert (progress.overall, dict(progress.progress)) == (expected.overall, dict(expected.progress))
        assert [(a.axis.code, a.progress, dict(a.secretariats)) for a in progress.axes] == [
            (a.axis.code, a.progress, dict(a.secretariats)) for a in expected.axes
        ]


def _same(card, expected):
    assert card.is_demo == expected.is_demo
    assert card.overall == expected.overall
    assert dict(card.progress) == dict(expected.progress)
    assert [
        (s.secretariat.code, s.rank, _near(s.score), s.progress, {k: _near(v) for k, v in s.axes.items()})
        for s in card.secretariats
    ] == [
        (s.secretariat.code, s.rank, _near(s.score), s.progress, {k: _near(v) for k, v in s.axes.items()})
        for s in expected.secretariats
    ]
    for summary in card.secretariats:
        assert dict(summary.indicators) == dict(expected.secretariat(summary.secretariat.code).indicators)
    assert [(a.axis.code, a.progress, a.secretariats) for a in card.axes] == [
        (a.axis.code, a.progress, a.secretariats) for a in expected.axes
    ]
