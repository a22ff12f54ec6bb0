"""Reads of the frozen quarterly snapshots: what is frozen, what it looked like, what was revised since.

- :func:`snapshot_body`: the data a freeze stores, built by :mod:`indicators.summaries` (the same
  function as the API's ``summary/secretariats/`` and ``summary/axes/``) from the scorecard of
  DESIGN §4 with rule 1's visible figures (submitted and approved).
- :func:`frozen_scorecard`: a stored snapshot as a :class:`indicators.scoring.Scorecard`, so the
  pages and the review pack show frozen figures with the same templates as live ones.
- :func:`revised_since`: every (secretariat, indicator) whose live figures differ from the frozen
  ones, computed when read, with who changed the rows behind it and why (from the history).

Each function runs a fixed number of queries whatever the number of secretariats or changes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from indicators import scoring, summaries
from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Source
from meetings.models import Snapshot
from programme.models import Axis, ReportingPeriod, Secretariat

#: Bumped if the body's layout ever changes, so old snapshots can still be read as they were written.
BODY_VERSION = 1
NO_DATA = {"value": None, "target": None, "achievement": None, "status": scoring.NO_DATA}


def snapshot_body(*, period: ReportingPeriod, group: int) -> dict:
    """What a freeze stores: the group's scorecard for the period (the scorecard's queries)."""
    card = scoring.scorecard(period=period, group=group)
    return {
        "version": BODY_VERSION,
        "period": period.key,
        "group": group,
        "approved_only": card.approved_only,
        "is_demo": card.is_demo,
        "secretariats": summaries.secretariat_rows(card),
        "axes": summaries.axis_rows(card),
        # The same rows with every digit, so pages that round differently show what the live pages showed.
        "exact": {
            "secretariats": summaries.secretariat_rows(card, number=summaries.exact_number),
            "axes": summaries.axis_rows(card, number=summaries.exact_number),
            "initiatives": summaries.initiative_rows(card, number=summaries.exact_number),
        },
    }


def snapshot_by_key(*, period_key: str, group: int) -> Snapshot:
    """``Snapshot.DoesNotExist`` for an unknown or malformed key; the period and who froze it come along (one query)."""
    year, quarter = ReportingPeriod.parse_key(period_key)
    try:
        return Snapshot.objects.select_related("period", "frozen_by").get(
            period_id=ReportingPeriod.ordinal(year, quarter), group=group
        )
    except ReportingPeriod.DoesNotExist:
        raise Snapshot.DoesNotExist(period_key) from None


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def frozen_scorecard(snapshot: Snapshot) -> scoring.Scorecard:
    """The stored figures as a scorecard, with today's names of the secretariats, indicators and axes (three queries).

    Built from the exact rows, so a page rounds the frozen figures exactly as it rounded the live ones.
    """
    data = {**snapshot.data, **snapshot.data["exact"]}
    rows = data["secretariats"]
    codes = [row["secretariat"] for row in rows]
    by_code = {s.code: s for s in Secretariat.objects.filter(code__in=codes)}
    indicator_codes = {code for row in rows for code in row["indicators"]}
    indicators = list(Indicator.objects.filter(code__in=indicator_codes).order_by("sort_order", "code"))
    axes = list(Axis.objects.filter(code__in=[row["axis"] for row in data["axes"]]).order_by("code"))
    axes_by_code = {axis.code: axis for axis in axes}
    secretariat_summaries = [
        scoring.SecretariatSummary(
            secretariat=by_code[row["secretariat"]],
            score=_decimal(row["score"]),
            rank=row["rank"],
            progress=_decimal(row["progress"]),
            axes={code: _decimal(value) for code, value in row["axes"].items()},
            indicators={
                code: scoring.IndicatorResult(
                    value=_decimal(result["value"]),
                    target=_decimal(result["target"]),
                    achievement=_decimal(result["achievement"]),
                    status=result["status"],
                )
                for code, result in row["indicators"].items()
            },
        )
        for row in rows
        if row["secretariat"] in by_code
    ]
    axis_summaries = [
        scoring.AxisSummary(
            axis=axes_by_code[row["axis"]],
            progress=_decimal(row["progress"]),
            secretariats={code: _decimal(value) for code, value in row["secretariats"].items()},
        )
        for row in data["axes"]
        if row["axis"] in axes_by_code
    ]
    progress = {
        (initiative, secretariat): _decimal(percent)
        for initiative, by_secretariat in data.get("initiatives", {}).items()
        for secretariat, percent in by_secretariat.items()
    }
    return scoring.Scorecard(
        period=snapshot.period,
        group=snapshot.group,
        approved_only=data["approved_only"],
        secretariats=secretariat_summaries,
        axes=axis_summaries,
        progress=progress,
        indicators=indicators,
        axis_objects=axes,
        is_demo=data["is_demo"],
        _by_secretariat={s.secretariat.code: s for s in secretariat_summaries},
        _by_axis={a.axis.code: a for a in axis_summaries},
    )


@dataclass(frozen=True)
class Change:
    """One saved change of a row behind a revised figure, from the history."""

    at: object  # datetime
    by: str
    reason: str
    what: str  # the indicator value, or the initiative whose progress changed
    value: Decimal | None
    workflow_status: str


@dataclass(frozen=True)
class Revision:
    """A figure that differs from the frozen one: ``frozen`` and ``live`` as ``{value, target, achievement, status}``."""

    secretariat: str
    indicator: str
    frozen: dict
    live: dict
    changes: list[Change] = field(default_factory=list)

    def as_api(self) -> dict:
        return {"secretariat": self.secretariat, "indicator": self.indicator, "frozen": self.frozen, "live": self.live}


def _who(username: str | None, first: str | None, last: str | None) -> str:
    full = f"{first or ''} {last or ''}".strip()
    return full or username or ""


def _changes_after(snapshot: Snapshot) -> tuple[dict, dict]:
    """History of the group's values of the period and progress up to it, saved after the freeze (two queries).

    Returns ``{(secretariat, indicator): [Change]}`` for values and ``{secretariat: [(lead?, Change)]}``
    for progress (which moves the derived indicators).
    """
    # A draft is its officer's own until submitted (DESIGN §4 rule 1): the trail of a revision shows what
    # was submitted, approved or returned, never the drafts in between.
    scope = {"secretariat__group": snapshot.group, "history_date__gt": snapshot.frozen_at}
    drafts = Q(workflow_status=WorkflowStatus.DRAFT)
    user = ("history_user__username", "history_user__first_name", "history_user__last_name")
    values = defaultdict(list)
    for code, indicator, value, status, at, reason, *who in (
        IndicatorValue.history.filter(period_id=snapshot.period_id, **scope)
        .exclude(drafts)
        .order_by("history_date", "history_id")
        .values_list(
            "secretariat__code",
            "indicator__code",
            "value",
            "workflow_status",
            "history_date",
            "history_change_reason",
            *user,
        )
    ):
        values[(code, indicator)].append(Change(at, _who(*who), reason or "", indicator, value, status))
    progress = defaultdict(list)
    for code, secretariat_id, initiative, lead_id, percent, status, at, reason, *who in (
        InitiativeProgress.history.filter(period_id__lte=snapshot.period_id, **scope)
        .exclude(drafts)
        .order_by("history_date", "history_id")
        .values_list(
            "secretariat__code",
            "secretariat_id",
            "initiative__code",
            "initiative__lead_secretariat_id",
            "percent_complete",
            "workflow_status",
            "history_date",
            "history_change_reason",
            *user,
        )
    ):
        change = Change(at, _who(*who), reason or "", initiative, percent, status)
        progress[code].append((lead_id == secretariat_id, change))
    return values, progress


def revised_since(snapshot: Snapshot) -> list[Revision]:
    """Figures whose live value differs from the frozen one: the live scorecard's queries plus two.

    Compared on the rows as they leave the product (rounded at the edge), so a difference is one a
    reader of the snapshot and of the live summary would see. Ordered as the snapshot lists the
    secretariats, then by the indicators' order.
    """
    card = scoring.scorecard(period=snapshot.period, group=snapshot.group, approved_only=snapshot.data["approved_only"])
    live = {row["secretariat"]: row["indicators"] for row in summaries.secretariat_rows(card)}
    order = {indicator.code: n for n, indicator in enumerate(card.indicators)}
    sources = {indicator.code: indicator.source for indicator in card.indicators}
    found = []
    for row in snapshot.data["secretariats"]:
        now = live.get(row["secretariat"], {})
        codes = sorted(set(row["indicators"]) | set(now), key=lambda code: (order.get(code, len(order)), code))
        for code in codes:
            frozen = row["indicators"].get(code, NO_DATA)
            current = now.get(code, NO_DATA)
            if frozen != current:
                found.append((row["secretariat"], code, frozen, current))
    if not found:
        return []
    values, progress = _changes_after(snapshot)
    revisions = []
    for secretariat, code, frozen, current in found:
        source = sources.get(code, Source.MANUAL)
        if source == Source.MANUAL:
            changes = values.get((secretariat, code), [])
        else:
            led_only = source == Source.INITIATIVES_LED
            changes = [change for led, change in progress.get(secretariat, []) if led or not led_only]
        revisions.append(Revision(secretariat, code, frozen, current, changes))
    return revisions
