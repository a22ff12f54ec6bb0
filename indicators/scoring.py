"""The one implementation of the scoring rules (DESIGN §4).

Pages, exports, the review pack and the API all call :func:`scorecard` (or
:func:`scorecards` for several quarters), so every user sees the same figures.

Cost: a fixed number of queries whatever the number of secretariats,
initiatives or quarters. Progress is carried forward (rule 2) by
:func:`indicators.selectors.carried_progress` (one quarter: one query, an index
probe per (initiative, participant) pair, so a quarter's cost does not grow
with the number of past quarters) or, for a trend,
:func:`indicators.selectors.carried_progress_over` (two queries for all its quarters). Values and
targets of the period are read with one grouped query each. Everything else
is arithmetic on those rows in Python, in ``Decimal``; rounding happens only
at the edge (templates, serializers), never here.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from indicators.choices import VISIBLE_STATUSES, WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Polarity, Source, Target
from indicators.scoring_sql import AXIS, QUARTER, SECRETARIAT, progress_rows, scorecard_rows
from indicators.selectors import carried_progress, carried_progress_over
from madinati import dataversion
from programme.models import Axis, ReportingPeriod, Secretariat

HUNDRED = Decimal(100)
ZERO = Decimal(0)

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator of one secretariat in one period."""

    value: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    status: str


@dataclass(frozen=True)
class SecretariatSummary:
    secretariat: Secretariat
    score: Decimal | None
    rank: int | None
    progress: Decimal | None
    axes: dict[str, Decimal | None]
    indicators: dict[str, IndicatorResult]


@dataclass(frozen=True)
class AxisSummary:
    axis: Axis
    progress: Decimal | None
    secretariats: dict[str, Decimal | None]


@dataclass(frozen=True)
class Scorecard:
    period: ReportingPeriod
    group: int | None
    approved_only: bool
    secretariats: list[SecretariatSummary]
    axes: list[AxisSummary]
    progress: dict[tuple[str, str], Decimal]
    indicators: list[Indicator]
    axis_objects: list[Axis]
    is_demo: bool
    #: Weighted mean over every (initiative, participant) pair in scope: rule 9's overall progress, all axes.
    overall: Decimal | None = None
    _by_secretariat: dict[str, SecretariatSummary] = field(default_factory=dict, repr=False, compare=False)
    _by_axis: dict[str, AxisSummary] = field(default_factory=dict, repr=False, compare=False)

    def secretariat(self, code: str) -> SecretariatSummary | None:
        return self._by_secretariat.get(code)

    def axis(self, code: str) -> AxisSummary | None:
        return self._by_axis.get(code)


@dataclass(frozen=True)
class ProgressSummary:
    """Rules 2 and 9 for one quarter, without the scoring: what a trend of progress reads of the quarters
    before the selected one. The same ``progress``, ``overall``, ``axes`` and ``axis()`` as a
    :class:`Scorecard` of that quarter."""

    period: ReportingPeriod
    group: int | None
    axes: list[AxisSummary]
    progress: dict[tuple[str, str], Decimal]
    overall: Decimal | None
    axis_objects: list[Axis]
    _by_axis: dict[str, AxisSummary] = field(default_factory=dict, repr=False, compare=False)

    def axis(self, code: str) -> AxisSummary | None:
        return self._by_axis.get(code)

    @classmethod
    def of(cls, card: Scorecard) -> "ProgressSummary":
        return cls(
            period=card.period,
            group=card.group,
            axes=card.axes,
            progress=card.progress,
            overall=card.overall,
            axis_objects=card.axis_objects,
            _by_axis={a.axis.code: a for a in card.axes},
        )


# --- the rules, as pure functions -------------------------------------------------------------


def visible_statuses(approved_only: bool) -> tuple[str, ...]:
    """Rule 1: what counts in a score."""
    return (WorkflowStatus.APPROVED,) if approved_only else tuple(VISIBLE_STATUSES)


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Rule 10: ``Σ w·x / Σ w`` over ``(x, w)`` pairs; ``None`` over an empty set (or zero total weight)."""
    total = weights = ZERO
    for value, weight in pairs:
        total += value * weight
        weights += weight
    if weights == ZERO:
        return None
    return total / weights


def achievement(*, value: Decimal | None, target: Decimal | None, polarity: str) -> Decimal | None:
    """Rule 5: percent of target achieved, clipped to [0, 100]; ``None`` without a value or a positive target."""
    if value is None or target is None or target <= ZERO:
        return None
    if polarity == Polarity.LOWER_BETTER:
        raw = HUNDRED if value == ZERO else HUNDRED * target / value
    else:
        raw = HUNDRED * value / target
    return min(HUNDRED, max(ZERO, raw))


def status_for(*, achievement: Decimal | None, green_at: Decimal, amber_at: Decimal) -> str:
    """Rule 6."""
    if achievement is None:
        return NO_DATA
    if achievement >= green_at:
        return ON_TRACK
    if achievement >= amber_at:
        return AT_RISK
    return OFF_TRACK


def competition_ranks(scores: dict[int, Decimal | None]) -> dict[int, int | None]:
    """Rule 8 within one group: 1, 2, 2, 4; ``None`` scores are unranked."""
    ranked = sorted((score, key) for key, score in scores.items() if score is not None)
    ranked.reverse()
    ranks: dict[int, int | None] = dict.fromkeys(scores)
    previous = None
    for position, (score, key) in enumerate(ranked, start=1):
        if previous is not None and score == previous[0]:
            ranks[key] = previous[1]
        else:
            ranks[key] = position
            previous = (score, position)
    return ranks


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
    if connection.in_atomic_block:
        return compute_scorecards(periods=periods, group=group, approved_only=approved_only)
    keys = ",".join(str(p.pk) for p in periods)
    return dataversion.cached(
        "scorecards",
        lambda: compute_scorecards(periods=periods, group=group, approved_only=approved_only),
        keys,
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
    if connection.in_atomic_block:
        return compute_progress_trend(periods=periods, group=group, approved_only=approved_only)
    keys = ",".join(str(p.pk) for p in periods)
    return dataversion.cached(
        "progress_trend",
        lambda: compute_progress_trend(periods=periods, group=group, approved_only=approved_only),
        keys,
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
    rows = progress_rows(
        period_ids=[p.pk for p in periods],
        secretariat_ids=[s.pk for s in secretariats],
        statuses=visible_statuses(approved_only),
    )
    codes = {str(s.pk): s.code for s in secretariats}
    per_axis, quarter = _axis_and_quarter_rows(rows)
    trend = {}
    for period in periods:
        axis_summaries = _axis_summaries(per_axis[period.pk], axes, tuple(codes.items()))
        overall, pairs_text, _demo = quarter.get(period.pk, (None, None, False))
        trend[period.pk] = ProgressSummary(
            period=period,
            group=group,
            axes=axis_summaries,
            progress=_Parsed(_pair_progress, pairs_text, codes),
            overall=overall,
            axis_objects=axes,
            _by_axis={a.axis.code: a for a in axis_summaries},
        )
    return trend


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
        return _scored_in_sql(**scope)
    return _scored_in_python(**scope)


def _scored_in_python(*, periods, group, approved_only, secretariats, indicators, axes) -> dict[int, Scorecard]:
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


# --- PostgreSQL: the statement of indicators.scoring_sql, shaped --------------------------------


def _number(text: str) -> Decimal | None:
    """A field of the statement's texts (empty is null), rounded to the context like a Python quotient."""
    return +Decimal(text) if text else None


def _rounded(number: Decimal | None) -> Decimal | None:
    return None if number is None else +number


def _fields(text: str | None) -> Iterator[list[str]]:
    """``"a:b:c;d:e:f"`` → ``["a", "b", "c"], ["d", "e", "f"]``."""
    return (item.split(":") for item in text.split(";")) if text else iter(())


class _IndicatorResults(Mapping):
    """One secretariat's ``{indicator code: IndicatorResult}``, from the statement's cells text.

    The text is split on the first read, and a result built (by :func:`achievement` and
    :func:`status_for`, as on SQLite) for each indicator read: the indicator page reads one indicator of
    every secretariat over the trend, the secretariat page every indicator of one. Pickles as the text;
    compares like the dict it stands for.
    """

    __slots__ = ("_text", "_spec", "_cells", "_results")

    def __init__(self, text: str | None, spec: dict[str, tuple]):
        self._text, self._spec = text, spec
        self._cells = self._results = None

    def __getitem__(self, code: str) -> IndicatorResult:
        if self._results is None:
            # "id:value:target;…" split in C: a secretariat's 50 cells without a Python loop
            parts = self._text.replace(";", ":").split(":") if self._text else []
            self._cells = dict(zip(parts[0::3], zip(parts[1::3], parts[2::3], strict=True), strict=True))
            self._results = {}
        result = self._results.get(code)
        if result is None:
            pk, polarity, green_at, amber_at = self._spec[code]
            value, target = (_number(n) for n in self._cells.get(pk, ("", "")))
            ach = achievement(value=value, target=target, polarity=polarity)
            result = self._results[code] = IndicatorResult(
                value=value,
                target=target,
                achievement=ach,
                status=status_for(achievement=ach, green_at=green_at, amber_at=amber_at),
            )
        return result

    def __iter__(self) -> Iterator[str]:
        return iter(self._spec)

    def __len__(self) -> int:
        return len(self._spec)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __getstate__(self):
        return self._text, self._spec

    def __setstate__(self, state) -> None:
        self._text, self._spec = state
        self._cells = self._results = None


class _Parsed(Mapping):
    """A read-only mapping that ``parse(*args)`` builds from the statement's text on the first read.

    Pickles as its arguments (what the cache stores); compares like the dict it stands for.
    """

    __slots__ = ("_args", "_data")

    def __init__(self, parse, *args):
        self._args = (parse, *args)
        self._data = None

    @property
    def _mapping(self) -> dict:
        if self._data is None:
            parse, *args = self._args
            self._data = parse(*args)
        return self._data

    def __getitem__(self, key):
        return self._mapping[key]

    def __iter__(self):
        return iter(self._mapping)

    def __len__(self) -> int:
        return len(self._mapping)

    def __repr__(self) -> str:
        return repr(self._mapping)

    def __getstate__(self):
        return self._args

    def __setstate__(self, args) -> None:
        self._args = args
        self._data = None


def _pair_progress(text: str | None, codes: dict[str, str]) -> dict[tuple[str, str], Decimal]:
    """``"initiative code|secretariat id:percent;…"`` → ``{(initiative code, secretariat code): percent}``."""
    progress = {}
    for pair, percent in _fields(text):
        initiative, secretariat = pair.split("|")
        progress[(initiative, codes[secretariat])] = _number(percent)
    return progress


def _secretariat_axes(text: str | None, axes: tuple[tuple[str, str], ...]) -> dict[str, Decimal | None]:
    """``"axis id:progress;…"`` → ``{axis code: progress}`` for every axis, ``None`` where it takes no part."""
    own = dict(_fields(text))
    return {code: _number(own.get(pk, "")) for pk, code in axes}


def _axis_members(text: str | None, order: tuple[tuple[str, str], ...]) -> dict[str, Decimal | None]:
    """``"secretariat id:progress;…"`` → ``{secretariat code: progress}`` for its participants, in the card's order."""
    members = dict(_fields(text))
    return {code: _number(members[pk]) for pk, code in order if pk in members}


def _axis_and_quarter_rows(rows) -> tuple[dict, dict]:
    """The statement's ``A`` rows by quarter and axis id, and its ``Q`` rows by quarter."""
    per_axis, quarter = defaultdict(dict), {}
    for kind, period_id, key, number, _rank, _progress, text, more, demo in rows:
        if kind == AXIS:
            per_axis[period_id][key] = (_rounded(number), more)
        elif kind == QUARTER:
            quarter[period_id] = (_rounded(number), text, demo)
    return per_axis, quarter


def _axis_summaries(rows: dict, axes: list[Axis], order: tuple[tuple[str, str], ...]) -> list[AxisSummary]:
    summaries = []
    for axis in axes:
        progress, members = rows.get(axis.pk, (None, None))
        summaries.append(AxisSummary(axis=axis, progress=progress, secretariats=_Parsed(_axis_members, members, order)))
    return summaries


def _scored_in_sql(*, periods, group, approved_only, secretariats, indicators, axes) -> dict[int, Scorecard]:
    rows = scorecard_rows(
        period_ids=[p.pk for p in periods],
        secretariat_ids=[s.pk for s in secretariats],
        indicators=indicators,
        statuses=visible_statuses(approved_only),
    )
    spec = {i.code: (str(i.pk), i.polarity, i.green_at, i.amber_at) for i in indicators}
    codes = {str(s.pk): s.code for s in secretariats}
    order = tuple(codes.items())
    axis_spec = tuple((str(a.pk), a.code) for a in axes)
    per_secretariat = defaultdict(dict)
    for kind, period_id, key, number, rank, progress, text, more, _demo in rows:
        if kind == SECRETARIAT:
            per_secretariat[period_id][key] = (_rounded(number), rank, _rounded(progress), text, more)
    per_axis, quarter = _axis_and_quarter_rows(rows)
    no_figures = (None, None, None, None, None)
    cards = {}
    for period in periods:
        summaries = []
        for secretariat in secretariats:
            score, rank, progress, text, axes_text = per_secretariat[period.pk].get(secretariat.pk, no_figures)
            summaries.append(
                SecretariatSummary(
                    secretariat=secretariat,
                    score=score,
                    rank=rank,
                    progress=progress,
                    axes=_Parsed(_secretariat_axes, axes_text, axis_spec),
                    indicators=_IndicatorResults(text, spec),
                )
            )
        summaries.sort(key=lambda s: (s.secretariat.group, s.rank is None, s.rank or 0, s.secretariat.code))
        axis_summaries = _axis_summaries(per_axis[period.pk], axes, order)
        overall, pairs_text, is_demo = quarter.get(period.pk, (None, None, False))
        cards[period.pk] = Scorecard(
            period=period,
            group=group,
            approved_only=approved_only,
            secretariats=summaries,
            axes=axis_summaries,
            progress=_Parsed(_pair_progress, pairs_text, codes),
            indicators=indicators,
            axis_objects=axes,
            is_demo=bool(is_demo),
            overall=overall,
            _by_secretariat={s.secretariat.code: s for s in summaries},
            _by_axis={a.axis.code: a for a in axis_summaries},
        )
    return cards
