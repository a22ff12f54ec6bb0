"""PostgreSQL's scoring statement (:mod:`indicators.scoring_sql`), shaped into scorecards.

Python only shapes the rows. A secretariat's values and targets arrive as one text, split the first
time a page reads them; the achievement and status of a cell are then worked out by the same functions
as on SQLite (:mod:`indicators.rules`), for the cells read only. A secretariat's axes, an axis's
participants and a quarter's pair progress are texts parsed on first read too. A trend of 100
secretariats × 50 indicators × 8 quarters is 800 rows to shape and a small pickle, not 40,000 objects
to build and to store in the cache.
"""

from collections import defaultdict
from collections.abc import Iterator, Mapping
from decimal import Decimal

from indicators.rules import (
    AxisSummary,
    IndicatorResult,
    ProgressSummary,
    Scorecard,
    SecretariatSummary,
    achievement,
    status_for,
    visible_statuses,
)
from indicators.scoring_sql import AXIS, QUARTER, SECRETARIAT, progress_rows, scorecard_rows
from programme.models import Axis


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


def scored_in_sql(*, periods, group, approved_only, secretariats, indicators, axes) -> dict[int, Scorecard]:
    """The scorecards of the quarters from :data:`~indicators.scoring_sql.SCORECARDS_SQL` (one query)."""
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


def progress_in_sql(*, periods, group, approved_only, secretariats, axes) -> dict[int, ProgressSummary]:
    """The progress of the quarters from :data:`~indicators.scoring_sql.PROGRESS_SQL` (one query)."""
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
