"""Data-quality checks of indicator values: which figures a reviewer should look at twice, and why, in words.

DHIS2's validation rules and outlier detection are the model; each flag here also says, in the
reader's language, what the figure was compared with. Three checks per indicator
(:class:`reporting.models.QualityRule`, or the unit's defaults when an indicator has no rule):

* **range**: below the plausible minimum or above the plausible maximum (equal is fine);
* **change**: a rise or fall of more than ``max_change_percent`` of last quarter's figure of the
  same secretariat (submitted or approved). Without last quarter's figure, or when it was 0 (a
  change from 0 has no percentage), the check says nothing;
* **outlier**: further than ``outlier_mads`` median absolute deviations (MAD) from the median of
  the secretariat's group in the same quarter. The group's figures are the other secretariats'
  submitted or approved values plus the figure itself; with fewer than :data:`MIN_GROUP` of them
  the check says nothing. When the MAD is 0 (at least half the group gave the same figure), every
  difference would be infinitely many MADs away, so the spread falls back to the mean absolute
  deviation from the median (as the modified z-score of Iglewicz and Hoaglin does); when that is 0
  too, every figure equals the median and nothing is flagged.

A flag never blocks a draft; submitting a flagged figure needs a note (:func:`unexplained`, called
by the services). The checks are pure functions; :func:`assess` reads what they need for any
number of figures in one grouped query (plus one for the rules, unless the figures' indicators
come with ``quality_rule`` already selected).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from indicators.choices import VISIBLE_STATUSES
from indicators.models import Indicator, IndicatorValue, Unit
from indicators.scoring import achievement
from madinati import dataversion
from madinati.bilingual import quarter_label
from madinati.numbers import format_number
from programme.models import Secretariat
from reporting.models import QualityRule

HUNDRED = Decimal(100)
#: Fewer figures than this in the group (the figure included): no outlier test, a median of three says little.
MIN_GROUP = 4


@dataclass(frozen=True)
class Rule:
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    max_change_percent: Decimal | None = None
    outlier_mads: Decimal | None = Decimal(3)


#: An indicator without a :class:`QualityRule` row: what its unit makes plausible.
DEFAULT_RULES = {
    Unit.PERCENT: Rule(Decimal(0), HUNDRED, Decimal(50)),
    Unit.SCORE: Rule(Decimal(0), None, Decimal(50)),
    Unit.COUNT: Rule(Decimal(0), None, Decimal(100)),
    Unit.SAR: Rule(Decimal(0), None, Decimal(50)),
    Unit.RATIO: Rule(Decimal(0), None, Decimal(50)),
    Unit.DAYS: Rule(Decimal(0), None, Decimal(50)),
    Unit.HOURS: Rule(Decimal(0), None, Decimal(50)),
}
FALLBACK_RULE = Rule(None, None, Decimal(50))


def rule_of(row: QualityRule | None, unit: str) -> Rule:
    if row is None:
        return DEFAULT_RULES.get(unit, FALLBACK_RULE)
    return Rule(row.min_value, row.max_value, row.max_change_percent, row.outlier_mads)


def _n(value: Decimal, places: str = "0.01") -> str:
    """A figure inside a sentence: rounded for reading, no trailing zeros, ASCII digits."""
    return format_number(Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Flag:
    """One check that fired: a stable ``code`` for machines and a ``message`` in the active language."""

    code: str
    params: dict = field(compare=False)

    @property
    def message(self) -> str:
        p = self.params
        if self.code == "range_low":
            return _("%(value)s is below %(minimum)s, the lowest plausible figure for this indicator.") % {
                "value": _n(p["value"]),
                "minimum": _n(p["minimum"]),
            }
        if self.code == "range_high":
            return _("%(value)s is above %(maximum)s, the highest plausible figure for this indicator.") % {
                "value": _n(p["value"]),
                "maximum": _n(p["maximum"]),
            }
        if self.code == "change":
            words = {
                "change": _n(abs(p["change"]), "0.1"),
                "previous": _n(p["previous"]),
                "quarter": quarter_label(f"{p['period_id'] // 4}-Q{p['period_id'] % 4 + 1}"),
                "limit": _n(p["limit"]),
            }
            if p["change"] > 0:
                return (
                    _(
                        "Up %(change)s%% on %(quarter)s (%(previous)s): a change above %(limit)s%% in a quarter is unusual."
                    )
                    % words
                )
            return (
                _(
                    "Down %(change)s%% on %(quarter)s (%(previous)s): a change above %(limit)s%% in a quarter is unusual."
                )
                % words
            )
        words = {
            "value": _n(p["value"]),
            "distance": _n(p["distance"]),
            "median": _n(p["median"]),
            "group": p["group"],
            "count": p["count"],
            "limit": _n(p["limit"]),
            "spread": _n(p["spread"]),
        }
        if p["mad_is_zero"]:
            return (
                _(
                    "%(value)s is %(distance)s away from %(median)s, the median of the %(count)s figures of "
                    "group %(group)s this quarter. At least half of them are the same figure, so their median absolute "
                    "deviation is 0 and the spread is their mean absolute deviation (%(spread)s) instead: this figure "
                    "is more than %(limit)s times it away."
                )
                % words
            )
        return (
            _(
                "%(value)s is %(distance)s away from %(median)s, the median of the %(count)s figures of group "
                "%(group)s this quarter: more than %(limit)s times their median absolute deviation (%(spread)s)."
            )
            % words
        )


# --------------------------------------------------------------------------- the checks (pure)


def range_flag(value: Decimal, rule: Rule) -> Flag | None:
    if rule.min_value is not None and value < rule.min_value:
        return Flag("range_low", {"value": value, "minimum": rule.min_value})
    if rule.max_value is not None and value > rule.max_value:
        return Flag("range_high", {"value": value, "maximum": rule.max_value})
    return None


def change_flag(value: Decimal, *, previous: Decimal | None, previous_period_id: int, rule: Rule) -> Flag | None:
    """Last quarter's figure ``previous`` (None: none visible); a change from 0 has no percentage."""
    if rule.max_change_percent is None or previous is None or previous == 0:
        return None
    change = (value - previous) / abs(previous) * HUNDRED
    if abs(change) <= rule.max_change_percent:
        return None
    params = {"change": change, "previous": previous, "period_id": previous_period_id, "limit": rule.max_change_percent}
    return Flag("change", params)


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def outlier_flag(value: Decimal, *, sample: Sequence[Decimal], group: int, rule: Rule) -> Flag | None:
    """``sample``: the group's figures of the quarter, this one included."""
    if rule.outlier_mads is None or len(sample) < MIN_GROUP:
        return None
    centre = median(sample)
    deviations = [abs(x - centre) for x in sample]
    spread = median(deviations)
    mad_is_zero = spread == 0
    if mad_is_zero:
        spread = sum(deviations) / len(deviations)
        if spread == 0:
            return None
    distance = abs(value - centre)
    if distance <= rule.outlier_mads * spread:
        return None
    params = {
        "value": value,
        "distance": distance,
        "median": centre,
        "spread": spread,
        "mad_is_zero": mad_is_zero,
        "group": group,
        "count": len(sample),
        "limit": rule.outlier_mads,
    }
    return Flag("outlier", params)


def checks(
    value: Decimal, *, rule: Rule, previous: Decimal | None, period_id: int, sample: Sequence[Decimal], group: int
) -> list[Flag]:
    found = (
        range_flag(value, rule),
        change_flag(value, previous=previous, previous_period_id=period_id - 1, rule=rule),
        outlier_flag(value, sample=sample, group=group, rule=rule),
    )
    return [flag for flag in found if flag is not None]


# --------------------------------------------------------------------------- the batch


@dataclass(frozen=True)
class Figure:
    """A figure to check, saved or not: what :func:`assess` reads of an ``IndicatorValue``."""

    indicator: Indicator
    secretariat: Secretariat
    period_id: int
    value: Decimal


@dataclass(frozen=True)
class Assessment:
    flags: list[Flag]
    previous: Decimal | None  # last quarter's submitted or approved figure of the same secretariat


_NOT_CACHED = object()


def _rules(indicators: dict[int, Indicator]) -> dict[int, Rule]:
    """Each indicator's rule: from ``quality_rule`` when selected with it, else one query for all."""
    rows: dict[int, QualityRule | None] = {}
    missing = []
    for pk, indicator in indicators.items():
        cached = Indicator.quality_rule.related.get_cached_value(indicator, default=_NOT_CACHED)
        if cached is _NOT_CACHED:
            missing.append(pk)
        else:
            rows[pk] = cached
    if missing:
        found = {r.indicator_id: r for r in QualityRule.objects.filter(indicator_id__in=missing)}
        rows.update({pk: found.get(pk) for pk in missing})
    return {pk: rule_of(rows[pk], indicators[pk].unit) for pk in indicators}


def _visible_figures(*, indicators: list[int], periods: list[int], groups: list[int]) -> list[tuple]:
    """``(indicator, period, secretariat, group, value)`` of every submitted or approved figure in scope: one query,
    shared through the cache while the data version stands (visible figures only: a draft moves nothing here)."""

    def read() -> list[tuple]:
        return list(
            IndicatorValue.objects.filter(
                indicator_id__in=indicators,
                period_id__in=periods,
                secretariat__group__in=groups,
                workflow_status__in=VISIBLE_STATUSES,
            )
            .values_list("indicator_id", "period_id", "secretariat_id", "secretariat__group", "value")
            .order_by()
        )

    scope = hashlib.sha256(repr((indicators, periods, groups)).encode()).hexdigest()[:32]
    return dataversion.committed_cached("quality-figures", read, scope)


def assess(figures: Sequence) -> list[Assessment]:
    """One :class:`Assessment` per figure (an ``IndicatorValue`` with its indicator and secretariat, or a :class:`Figure`).

    One grouped query reads last quarter's figures and the groups' figures of every (indicator,
    quarter) on the list, whatever its length; one more reads the rules unless they came with the
    indicators.
    """
    figures = list(figures)
    if not figures:
        return []
    indicators = {f.indicator.pk: f.indicator for f in figures}
    rules = _rules(indicators)
    periods = {f.period_id for f in figures} | {f.period_id - 1 for f in figures}
    groups = {f.secretariat.group for f in figures}
    stored = _visible_figures(indicators=sorted(indicators), periods=sorted(periods), groups=sorted(groups))
    by_secretariat: dict[tuple[int, int, int], Decimal] = {}
    by_group: dict[tuple[int, int, int], dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, period_id, secretariat_id, group, value in stored:
        by_secretariat[(indicator_id, period_id, secretariat_id)] = value
        by_group[(indicator_id, period_id, group)][secretariat_id] = value

    out = []
    for f in figures:
        secretariat = f.secretariat
        others = by_group.get((f.indicator.pk, f.period_id, secretariat.group), {})
        sample = [v for pk, v in others.items() if pk != secretariat.pk] + [f.value]
        previous = by_secretariat.get((f.indicator.pk, f.period_id - 1, secretariat.pk))
        flags = checks(
            f.value,
            rule=rules[f.indicator.pk],
            previous=previous,
            period_id=f.period_id,
            sample=sample,
            group=secretariat.group,
        )
        out.append(Assessment(flags=flags, previous=previous))
    return out


def flags_of_saved(
    *, secretariat: Secretariat, indicators: Sequence[Indicator], values: dict[int, IndicatorValue]
) -> dict[int, list[Flag]]:
    """The entry page's warnings: per indicator id, the flags of the secretariat's saved figure (draft or not)."""
    saved = [(indicator, values[indicator.pk]) for indicator in indicators if indicator.pk in values]
    figures = [Figure(indicator, secretariat, value.period_id, value.value) for indicator, value in saved]
    return {indicator.pk: a.flags for (indicator, _value), a in zip(saved, assess(figures), strict=True)}


def with_quality(values: list[IndicatorValue]) -> list[IndicatorValue]:
    """The review queue's values, each with ``quality_flags``, ``previous_value`` and ``achievement`` (DESIGN §4 rule 5).

    ``target`` must be set on each value already (``reporting.selectors.review_queue`` does).
    """
    for value, assessment in zip(values, assess(values), strict=True):
        value.quality_flags = assessment.flags
        value.previous_value = assessment.previous
        value.achievement = achievement(value=value.value, target=value.target, polarity=value.indicator.polarity)
    return values


def note_required(flags: Sequence[Flag]) -> str:
    """The refusal of submitting a flagged figure without a note, with the flags' reasons."""
    return _("A data-quality check flagged this figure: explain it in a note before submitting. %(reasons)s") % {
        "reasons": " ".join(flag.message for flag in flags)
    }


def unexplained(figures: Sequence, notes: Sequence[str]) -> list[str | None]:
    """For each figure about to be submitted: why it cannot be without a note (None: it can)."""
    return [
        note_required(a.flags) if a.flags and not (note or "").strip() else None
        for a, note in zip(assess(figures), notes, strict=True)
    ]
