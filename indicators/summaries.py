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


def exact_number(value) -> str | None:
    """A figure with all its digits, as a JSON string (no exponent): for a record that must read back exactly.

    A frozen snapshot keeps these beside the rounded rows, so a page that rounds to one decimal shows
    what the live page showed, never a rounding of a rounding.
    """
    if value is None:
        return None
    return format(Decimal(value), "f")


def indicator_row(result: IndicatorResult, *, number=edge_number) -> dict:
    return {
        "value": number(result.value),
        "target": number(result.target),
        "achievement": number(result.achievement),
        "status": result.status,
    }


def secretariat_rows(card: Scorecard, *, number=edge_number) -> list[dict]:
    """One row per secretariat, in the scorecard's order (group, rank, code): ``summary/secretariats/``."""
    key = card.period.key
    return [
        {
            "secretariat": summary.secretariat.code,
            "period": key,
            "score": number(summary.score),
            "rank": summary.rank,
            "progress": number(summary.progress),
            "axes": {code: number(progress) for code, progress in summary.axes.items()},
            "indicators": {code: indicator_row(result, number=number) for code, result in summary.indicators.items()},
        }
        for summary in card.secretariats
    ]


def axis_rows(card: Scorecard, *, number=edge_number) -> list[dict]:
    """One row per axis: ``summary/axes/``."""
    key = card.period.key
    return [
        {
            "axis": axis.axis.code,
            "period": key,
            "progress": number(axis.progress),
            "secretariats": {code: number(progress) for code, progress in axis.secretariats.items()},
        }
        for axis in card.axes
    ]


def initiative_rows(card: Scorecard, *, number=edge_number) -> dict[str, dict]:
    """Initiative code → participating secretariat code → carried progress (rule 2), as the pack shows it."""
    rows: dict[str, dict] = {}
    for (initiative, secretariat), percent in card.progress.items():
        rows.setdefault(initiative, {})[secretariat] = number(percent)
    return rows
