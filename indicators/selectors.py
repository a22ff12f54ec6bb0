"""Reads of the quarterly figures that more than one feature needs.

DESIGN §4 rule 2 lives here, once: *for (initiative, secretariat) at P, use the
latest visible progress row at or before P; none → 0*. The scoring, the
dashboards and the entry form all take it from :func:`carried_progress` or
:func:`latest_visible_progress`, both built on :func:`_newest_first`.

Both are correlated subqueries that seek ``progress_carry_idx`` (or the unique
index on the same columns) backwards from P: one index probe per pair, so a
quarter costs the same whatever the number of quarters behind it. The SQL is
the same on SQLite and PostgreSQL, so both give the same figures. (A
``DISTINCT ON`` would read every row of the history up to P and sort it; the
probe reads one row per pair.)
"""

from collections.abc import Iterable

from django.db.models import OuterRef, Q, QuerySet, Subquery

from indicators.choices import VISIBLE_STATUSES
from indicators.models import InitiativeProgress
from initiatives.models import Initiative, Participation
from programme.models import ReportingPeriod, Secretariat


def _up_to(period: ReportingPeriod, *, strictly_before: bool) -> Q:
    return Q(period_id__lt=period.pk) if strictly_before else Q(period_id__lte=period.pk)


def _newest_first(*, period: ReportingPeriod, statuses: tuple[str, ...], strictly_before: bool) -> QuerySet:
    """The visible rows of the outer query's pair up to ``period``, newest first: rule 2 is its first row.

    The outer query names the pair in its columns ``initiative_id`` and ``secretariat_id``.
    """
    return InitiativeProgress.objects.filter(
        _up_to(period, strictly_before=strictly_before),
        initiative_id=OuterRef("initiative_id"),
        secretariat_id=OuterRef("secretariat_id"),
        workflow_status__in=statuses,
    ).order_by("-period_id")


def carried_progress(
    *,
    period: ReportingPeriod,
    fields: Iterable[str] = ("percent_complete",),
    statuses: Iterable[str] = VISIBLE_STATUSES,
    group: int | None = None,
    secretariat: Secretariat | None = None,
    initiative: Initiative | None = None,
    strictly_before: bool = False,
) -> QuerySet[Participation]:
    """Every participation in scope, annotated ``carried_<field>`` from its rule-2 row (``None``: no row).

    One query, one index probe per pair and per field. The pairs are the
    participations (who takes part in what), so a pair without any visible row
    is still there, with ``None``: the scoring counts it as 0. Callers add the
    columns, ordering and joins they need::

        carried_progress(period=p, fields=("percent_complete", "is_demo"), group=2).values_list(
            "secretariat_id", "carried_percent_complete", "carried_is_demo")

    ``statuses`` are those that count (DESIGN §4 rule 1: submitted and
    approved, or approved only); ``strictly_before`` reads the latest row
    *before* ``period`` instead of at or before it.
    """
    pairs = Participation.objects.all()
    if group is not None:
        pairs = pairs.filter(secretariat__group=group)
    if secretariat is not None:
        pairs = pairs.filter(secretariat=secretariat)
    if initiative is not None:
        pairs = pairs.filter(initiative=initiative)
    statuses = tuple(statuses)
    # A correlated subquery carries one column, so each field is its own probe (the row stays hot in cache).
    rows = _newest_first(period=period, statuses=statuses, strictly_before=strictly_before)
    return pairs.annotate(**{f"carried_{name}": Subquery(rows.values(name)[:1]) for name in fields})


def latest_visible_progress(
    *,
    period: ReportingPeriod,
    statuses: Iterable[str] = VISIBLE_STATUSES,
    group: int | None = None,
    secretariat: Secretariat | None = None,
    initiative: Initiative | None = None,
    strictly_before: bool = False,
) -> QuerySet[InitiativeProgress]:
    """The rule-2 rows themselves: per (initiative, secretariat), its latest visible row at or before ``period``.

    A queryset of :class:`InitiativeProgress`, at most one row per pair; a pair
    with no visible row has none. ``strictly_before=True`` gives the latest row
    before ``period`` (what the entry form compares a new figure with)::

        previous = {
            row.initiative_id: row
            for row in latest_visible_progress(period=p, secretariat=s, strictly_before=True).select_related("period")
        }

    Meant for a scope (a secretariat, an initiative or a group): it reads the
    scope's rows up to ``period`` and keeps, with one index probe each, those
    that are their pair's latest. For every pair of the programme at once use
    :func:`carried_progress`, whose cost does not grow with the history. Narrow
    it further on the pair (``initiative__axis``, ``initiative_id__in``…), not
    on the row's own period or status: those are what rule 2 chooses from.
    """
    statuses = tuple(statuses)
    rows = InitiativeProgress.objects.filter(
        _up_to(period, strictly_before=strictly_before), workflow_status__in=statuses
    )
    if group is not None:
        rows = rows.filter(secretariat__group=group)
    if secretariat is not None:
        rows = rows.filter(secretariat=secretariat)
    if initiative is not None:
        rows = rows.filter(initiative=initiative)
    newest = _newest_first(period=period, statuses=statuses, strictly_before=strictly_before)
    return rows.filter(period_id=Subquery(newest.values("period_id")[:1]))


def carried_progress_over(
    *,
    periods: list[ReportingPeriod],
    statuses: Iterable[str] = VISIBLE_STATUSES,
    group: int | None = None,
    columns: Iterable[str] = (),
) -> dict[int, list[tuple]]:
    """Rule 2 for every pair in scope at each of several quarters, in two queries whatever their number.

    ``{period id: [(secretariat id, percent or None, is demo or None, *columns of the participation)]}``.
    The first query is :func:`carried_progress` just before the earliest quarter (one index probe per
    pair); the second reads the pairs' visible rows inside the quarters' span. Walking each pair forward
    through the span, the latest row at or before each quarter is the one carried: the same answer as
    :func:`carried_progress` at each quarter, without a probe per pair *and* quarter.
    """
    if not periods:
        return {}
    statuses = tuple(statuses)
    ordered = sorted(periods, key=lambda p: p.pk)
    first, last = ordered[0], ordered[-1]
    columns = tuple(columns)
    before = carried_progress(
        period=first, fields=("percent_complete", "is_demo"), statuses=statuses, group=group, strictly_before=True
    ).values_list("initiative_id", "secretariat_id", "carried_percent_complete", "carried_is_demo", *columns)
    state = {(row[0], row[1]): row for row in before}
    rows = InitiativeProgress.objects.filter(
        period_id__gte=first.pk, period_id__lte=last.pk, workflow_status__in=statuses
    )
    if group is not None:
        rows = rows.filter(secretariat__group=group)
    in_span = {}
    for initiative_id, secretariat_id, period_id, percent, is_demo in rows.order_by().values_list(
        "initiative_id", "secretariat_id", "period_id", "percent_complete", "is_demo"
    ):
        if (initiative_id, secretariat_id) in state:  # a pair is a participation (a row without one never counts)
            in_span.setdefault(period_id, []).append((initiative_id, secretariat_id, percent, is_demo))
    carried = {pair: (row[2], row[3]) for pair, row in state.items()}
    result = {}
    span = range(first.pk, last.pk + 1)
    wanted = {p.pk for p in ordered}
    for period_id in span:
        for initiative_id, secretariat_id, percent, is_demo in in_span.get(period_id, ()):
            carried[(initiative_id, secretariat_id)] = (percent, is_demo)
        if period_id in wanted:
            result[period_id] = [(pair[1], *carried[pair], *state[pair][4:]) for pair in state]
    return result
