"""The scorecard as it leaves the product: the rows of ``summary/secretariats/`` and ``summary/axes/`` (DESIGN §5).

One building function for every place a scorecard is written out as data: the API's summaries
and the frozen quarterly snapshots of the review meetings. A snapshot therefore has exactly the
shape and the rounding of the live summary it froze, and the two can be compared value for value.

Rounding happens here and nowhere before (DESIGN §4 rule 10): the rows are JSON-ready, with
percentages and figures as numbers rounded to 2 decimals, half up.
"""

from decimal import ROUND_HALF_UP, Decimal

from indicators.scoring import IndicatorResult, Scorecard

CENT = Decimal("0.01")


def edge_number(value) -> float | None:
    """A figure or percentage as it leaves the product: a JSON number rounded to 2 decimals, or ``None``."""
    if value is None:
        return None
    return float(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def period_key_of(card: Scorecard) -> str:
    return card.period.key


def indicator_row(result: IndicatorResult) -> dict:
    return {
        "value": edge_number(result.value),
        "target": edge_number(result.target),
        "achievement": edge_number(result.achievement),
        "status": result.status,
    }


def secretariat_rows(card: Scorecard) -> list[dict]:
    """One row per secretariat, in the scorecard's order (group, rank, code): ``summary/secretariats/``."""
    key = period_key_of(card)
    return [
        {
            "secretariat": summary.secretariat.code,
            "period": key,
            "score": edge_number(summary.score),
            "rank": summary.rank,
            "progress": edge_number(summary.progress),
            "axes": {code: edge_number(progress) for code, progress in summary.axes.items()},
            "indicators": {code: indicator_row(result) for code, result in summary.indicators.items()},
        }
        for summary in card.secretariats
    ]


def axis_rows(card: Scorecard) -> list[dict]:
    """One row per axis: ``summary/axes/``."""
    key = period_key_of(card)
    return [
        {
            "axis": axis.axis.code,
            "period": key,
            "progress": edge_number(axis.progress),
            "secretariats": {code: edge_number(progress) for code, progress in axis.secretariats.items()},
        }
        for axis in card.axes
    ]


def initiative_rows(card: Scorecard) -> dict[str, dict[str, float | None]]:
    """Initiative code → participating secretariat code → carried progress (rule 2), as the pack shows it."""
    rows: dict[str, dict[str, float | None]] = {}
    for (initiative, secretariat), percent in card.progress.items():
        rows.setdefault(initiative, {})[secretariat] = edge_number(percent)
    return rows
