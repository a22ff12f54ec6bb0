"""The one implementation of the scoring rules (DESIGN §4).

Pages, exports, the review pack and the API all call :func:`scorecard` (or
:func:`scorecards` for several quarters, :func:`progress_trend` for the progress
of a trend), so every user sees the same figures; each is cached by the data
version (:mod:`madinati.dataversion`).

On PostgreSQL one statement scores every quarter asked for
(:mod:`indicators.scoring_sql`, shaped by :mod:`indicators.scoring_pg`): four
queries whatever the number of secretariats or quarters. Elsewhere (SQLite) the
rules run here in Python over the quarters' rows, in ``Decimal``: values and
targets with one grouped query each, progress carried forward (rule 2) by
:func:`indicators.selectors.carried_progress` (one quarter) or
:func:`indicators.selectors.carried_progress_over` (a trend, two queries). A
property test holds the two paths to the same figures. Rounding happens only at
the edge (templates, serializers), never here.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import connection

from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Source, Target
from indicators.rules import (
    AT_RISK,
    HUNDRED,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    STATUSES,
    ZERO,
    AxisSummary,
    IndicatorResult,
    ProgressSummary,
    Scorecard,
    SecretariatSummary,
    achievement,
    competition_ranks,
    status_for,
    visible_statuses,
    weighted_mean,
)
from indicators.scoring_pg import progress_in_sql, scored_in_sql
from indicators.selectors import carried_progress, carried_progress_over
from madinati import dataversion
from programme.models import Axis, ReportingPeriod, Secretariat

__all__ = [
    "AT_RISK",
    "HUNDRED",
    "NO_DATA",
    "OFF_TRACK",
    "ON_TRACK",
    "STATUSES",
    "ZERO",
    "AxisSummary",
    "IndicatorResult",
    "ProgressSummary",
    "Scorecard",
    "SecretariatSummary",
    "achievement",
    "competition_ranks",
    "compute_progress_trend",
    "compute_scorecards",
    "latest_period_with_data",
    "progress_trend",
    "scorecard",
    "scorecards",
    "scored_in_python",
    "status_for",
    "visible_statuses",
    "weighted_mean",
]

# --- reads ------------------------------------------------------------------------------------


def latest_period_with_data(*, approved_only: bool = False) -> ReportingPeriod | None:
    """The default period of the pages: the latest with a visible value or progress row (three indexed queries)."""
    statuses = visible_statuses(approved_only)
    candidates = [
        IndicatorValue.objects.filter(workflow_status__in=statuses)
        .order_by("-period_id")
        .values_list("period_id", flat=True)
        .first(),
        InitiativeProgress.objects.filter(workflow_status__in=statuses)
        .order_by("-period_id")
        .values_list("period_id", flat=True)
        .first(),
    ]
    latest = max((c for c in candidates if c is not None), default=None)
    if latest is None:
        return None
    return ReportingPeriod.objects.get(pk=latest)


def _carried_progress(*, period: ReportingPeriod, group: int | None, statuses: tuple[str, ...]) -> list[tuple]:
    """Rule 2 for every (initiative, participant) pair in scope: one query (:func:`indicators.selectors.carried_progress`).

    Rows are tuples ``(secretariat id, percent or None, is demo or None, initiative code, axis id,
    weight, lead id)``: at 300 secretariats a quarter has thousands of pairs, and dicts cost more to
    build than the query. The carried row's demo flag comes with it, so a quarter that only carries
    seeded progress forward still says it shows demo data.
    """
    return list(
        carried_progress(
            period=period, fields=("percent_complete", "is_demo"), statuses=statuses, group=group
        ).values_list("secretariat_id", "carried_percent_complete", "carried_is_demo", *PAIR_COLUMNS)
    )


PAIR_COLUMNS = ("initiative__code", "initiative__axis_id", "initiative__weight", "initiative__lead_secretariat_id")


def _period_rows(model, *, periods: list[ReportingPeriod], group: int | None, statuses=None) -> list[tuple]:
    """``(period id, indicator id, secretariat id, value, is_demo)`` for the periods in scope: one query."""
    rows = model.objects.filter(period_id__in=[p.pk for p in periods])
    if statuses is not None:
        rows = rows.filter(workflow_status__in=statuses)
    if group is not None:
        rows = rows.filter(secretariat__group=group)
    return list(rows.order_by().values_list("period_id", "indicator_id", "secretariat_id", "value", "is_demo"))


def scorecard(*, period: ReportingPeriod, group: int | None = None, approved_only: bool = False) -> Scorecard:
    """Every figure of DESIGN §4 for one period (and one group, if given)."""
    return scorecards(periods=[period], group=group, approved_only=approved_only)[period.pk]


def scorecards(
    *, periods: list[ReportingPeriod], group: int | None = None, approved_only: bool = False
) -> dict[int, Scorecard]:
    """:func:`scorecard` for several periods, from the shared cache while the data version stands.

    Every figure-changing write moves the data version when it commits (:mod:`madinati.dataversion`),
    so a cached scorecard is never stale. Inside a transaction the cache is neither read nor filled:
    the transaction may have written figures that are not committed, and so not yet versioned.
    """
    return dataversion.committed_cached(
        "scorecards",
        lambda: compute_scorecards(periods=periods, group=group, approved_only=approved_only),
        ",".join(str(p.pk) for p in periods),
        group,
        approved_only,
    )


def progress_trend(
    *, periods: list[ReportingPeriod], group: int | None = None, approved_only: bool = False
) -> dict[int, ProgressSummary]:
    """The progress of several quarters (rules 2 and 9), cached like :func:`scorecards`.

    A page drawing progress by quarter scores its selected quarter (:func:`scorecard`) and reads only
    the progress of the others: on PostgreSQL one statement of the scoring's own pieces
    (:data:`indicators.scoring_sql.PROGRESS_SQL`), without the cells and scores of the quarters
    before. Elsewhere it is the scorecards' own figures.
    """
    return dataversion.committed_cached(
        "progress_trend",
        lambda: compute_progress_trend(periods=periods, group=group, approved_only=approved_only),
        ",".join(str(p.pk) for p in periods),
        group,
        approved_only,
    )


def compute_progress_trend(
    *, periods: list[ReportingPeriod], group: int | None = None, approved_only: bool = False
) -> dict[int, ProgressSummary]:
    """On PostgreSQL three queries (the secretariats and axes in scope, the statement); elsewhere the
    scorecards' (seven)."""
    if not periods:
        return {}
    if connection.vendor != "postgresql":
        cards = compute_scorecards(periods=periods, group=group, approved_only=approved_only)
        return {pk: ProgressSummary.of(card) for pk, card in cards.items()}
    secretariats = Secretariat.objects.order_by("group", "code")
    if group is not None:
        secretariats = secretariats.filter(group=group)
    secretariats = list(secretariats.only("pk", "code", "group"))
    axes = list(Axis.objects.order_by("code"))
    return progress_in_sql(
        periods=periods, group=group, approved_only=approved_only, secretariats=secretariats, axes=axes
    )


def compute_scorecards(
    *, periods: list[ReportingPeriod], group: int | None = None, approved_only: bool = False
) -> dict[int, Scorecard]:
    """The scorecards themselves, whatever the number of periods: on PostgreSQL four queries (the
    secretariats, indicators and axes, then one statement that scores every quarter,
    :mod:`indicators.scoring_sql`); elsewhere seven, the rules applied in Python (six for one period)."""
    if not periods:
        return {}
    secretariats = Secretariat.objects.order_by("group", "code")
    if group is not None:
        secretariats = secretariats.filter(group=group)
    secretariats = list(secretariats)
    indicators = list(Indicator.objects.order_by("sort_order", "code"))
    axes = list(Axis.objects.order_by("code"))
    scope = {
        "periods": periods,
        "group": group,
        "approved_only": approved_only,
        "secretariats": secretariats,
        "indicators": indicators,
        "axes": axes,
    }
    if connection.vendor == "postgresql":
        return scored_in_sql(**scope)
    return scored_in_python(**scope)


def scored_in_python(*, periods, group, approved_only, secretariats, indicators, axes) -> dict[int, Scorecard]:
    """DESIGN §4 in Python over the rows of the quarters (three queries, four for a trend): SQLite's path,
    and what the property test holds PostgreSQL's statement to."""
    statuses = visible_statuses(approved_only)

    values = defaultdict(dict)
    demo = defaultdict(bool)
    for period_id, indicator_id, secretariat_id, value, is_demo in _period_rows(
        IndicatorValue, periods=periods, group=group, statuses=statuses
    ):
        values[period_id][(indicator_id, secretariat_id)] = value
        demo[period_id] |= is_demo
    targets = defaultdict(dict)
    for period_id, indicator_id, secretariat_id, value, is_demo in _period_rows(Target, periods=periods, group=group):
        targets[period_id][(indicator_id, secretariat_id)] = value
        demo[period_id] |= is_demo
    if len(periods) == 1:
        pairs = {periods[0].pk: _carried_progress(period=periods[0], group=group, statuses=statuses)}
    else:  # a trend: every quarter's carried progress in two queries, not one per quarter
        pairs = carried_progress_over(periods=periods, statuses=statuses, group=group, columns=PAIR_COLUMNS)

    return {
        period.pk: _assemble(
            period=period,
            group=group,
            approved_only=approved_only,
            secretariats=secretariats,
            indicators=indicators,
            axes=axes,
            pairs=pairs[period.pk],
            values=values[period.pk],
            targets=targets[period.pk],
            is_demo=demo[period.pk],
        )
        for period in periods
    }


def _assemble(
    *,
    period: ReportingPeriod,
    group: int | None,
    approved_only: bool,
    secretariats: list[Secretariat],
    indicators: list[Indicator],
    axes: list[Axis],
    pairs: list[tuple],
    values: dict,
    targets: dict,
    is_demo: bool,
) -> Scorecard:
    codes = {s.pk: s.code for s in secretariats}
    axis_codes = {a.pk: a.code for a in axes}

    progress: dict[tuple[str, str], Decimal] = {}
    all_of = defaultdict(list)  # secretariat id -> [(percent, weight)]
    led_by = defaultdict(list)
    per_axis = defaultdict(list)  # (secretariat id, axis id) -> [(percent, weight)]
    axis_pairs = defaultdict(list)  # axis id -> [(percent, weight)]
    every = []  # [(percent, weight)] of every pair in scope
    for sid, carried, carried_demo, initiative_code, aid, weight, lead_id in pairs:
        if sid not in codes:
            continue
        percent = ZERO if carried is None else carried  # rule 2: no visible row yet counts as 0
        is_demo = is_demo or bool(carried_demo)
        progress[(initiative_code, codes[sid])] = percent
        all_of[sid].append((percent, weight))
        if lead_id == sid:
            led_by[sid].append((percent, weight))
        per_axis[(sid, aid)].append((percent, weight))
        axis_pairs[aid].append((percent, weight))
        every.append((percent, weight))

    summaries: dict[int, dict] = {}
    scores: dict[int, Decimal | None] = {}
    for secretariat in secretariats:
        sid = secretariat.pk
        derived = {
            Source.INITIATIVES_ALL: weighted_mean(all_of[sid]),
            Source.INITIATIVES_LED: weighted_mean(led_by[sid]),
        }
        results: dict[str, IndicatorResult] = {}
        for indicator in indicators:
            if indicator.source == Source.MANUAL:
                value = values.get((indicator.pk, sid))
            else:
                value = derived[indicator.source]
            target = targets.get((indicator.pk, sid))
            ach = achievement(value=value, target=target, polarity=indicator.polarity)
            results[indicator.code] = IndicatorResult(
                value=value,
                target=target,
                achievement=ach,
                status=status_for(achievement=ach, green_at=indicator.green_at, amber_at=indicator.amber_at),
            )
        score = weighted_mean(
            (results[i.code].achievement, i.weight) for i in indicators if results[i.code].achievement is not None
        )
        scores[sid] = score
        summaries[sid] = {
            "secretariat": secretariat,
            "score": score,
            "progress": derived[Source.INITIATIVES_ALL],
            "axes": {axis_codes[a.pk]: weighted_mean(per_axis[(sid, a.pk)]) for a in axes},
            "indicators": results,
        }

    ranks: dict[int, int | None] = {}
    by_group = defaultdict(dict)
    for secretariat in secretariats:
        by_group[secretariat.group][secretariat.pk] = scores[secretariat.pk]
    for group_scores in by_group.values():
        ranks.update(competition_ranks(group_scores))

    secretariat_summaries = sorted(
        (SecretariatSummary(rank=ranks[sid], **data) for sid, data in summaries.items()),
        key=lambda s: (s.secretariat.group, s.rank is None, s.rank or 0, s.secretariat.code),
    )
    axis_summaries = [
        AxisSummary(
            axis=axis,
            progress=weighted_mean(axis_pairs[axis.pk]),
            secretariats={
                codes[s.pk]: weighted_mean(per_axis[(s.pk, axis.pk)]) for s in secretariats if per_axis[(s.pk, axis.pk)]
            },
        )
        for axis in axes
    ]
    return Scorecard(
        period=period,
        group=group,
        approved_only=approved_only,
        secretariats=secretariat_summaries,
        axes=axis_summaries,
        progress=progress,
        indicators=indicators,
        axis_objects=axes,
        is_demo=is_demo,
        overall=weighted_mean(every),
        _by_secretariat={s.secretariat.code: s for s in secretariat_summaries},
        _by_axis={a.axis.code: a for a in axis_summaries},
    )
