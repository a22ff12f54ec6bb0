"""What a figure may hold: a value within its unit's range, a progress row that explains a drop.

The forms check these rules to put the reason beside the field; the services
check them again, so the spreadsheet import and the API obey them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import InitiativeProgress, ReportedStatus, Unit
from madinati.bilingual import quarter_label
from madinati.numbers import NotANumber, format_number, parse_number
from madinati.text import strip_bidi


def unit_error(value: Decimal, unit: str) -> str | None:
    """Why ``value`` is not valid for ``unit``; ``None`` when it is."""
    if unit == Unit.PERCENT and not (0 <= value <= 100):
        return _("A percentage is between 0 and 100.")
    if unit == Unit.COUNT and (value < 0 or value != value.to_integral_value()):
        return _("A count is a whole number, 0 or more.")
    if unit == Unit.SAR and value < 0:
        return _("An amount in riyals cannot be negative.")
    if unit in (Unit.DAYS, Unit.HOURS) and value < 0:
        return _("A duration cannot be negative.")
    if unit in (Unit.SCORE, Unit.RATIO) and value < 0:
        return _("This value cannot be negative.")
    return None


def parse_value_for(raw, unit: str) -> Decimal:
    """``parse_number`` then the unit's range; :class:`NotANumber` with the reason."""
    number = parse_number(raw)
    problem = unit_error(number, unit)
    if problem:
        raise NotANumber(problem)
    return number


def value_fields(*, value: Decimal, note: str) -> dict:
    """The columns an indicator value's write sets."""
    return {"value": value, "note": strip_bidi(note or "").strip()}


@dataclass(frozen=True)
class ProgressInput:
    percent_complete: Decimal
    quantity_achieved: Decimal | None = None
    status: str = ReportedStatus.ON_TRACK
    narrative: str = ""

    def fields(self) -> dict:
        """The columns a progress row's write sets."""
        return {
            "percent_complete": self.percent_complete,
            "quantity_achieved": self.quantity_achieved,
            "status": self.status,
            "narrative": strip_bidi(self.narrative or "").strip(),
        }


def progress_problem(*, data: ProgressInput, previous: InitiativeProgress | None) -> str | None:
    """Why this progress cannot be saved; ``None`` when it can.

    ``previous``: the latest visible row before the period (its ``period`` loaded).
    """
    if not (0 <= data.percent_complete <= 100):
        return _("A percentage is between 0 and 100.")
    if data.quantity_achieved is not None and data.quantity_achieved < 0:
        return _("The quantity achieved cannot be negative.")
    if data.status not in ReportedStatus.values:
        return _("Choose a reported status.")
    if previous is not None and data.percent_complete < previous.percent_complete and not data.narrative.strip():
        return _("Progress went down from %(before)s%% in %(period)s: explain why in the narrative.") % {
            "before": format_number(previous.percent_complete),
            "period": quarter_label(previous.period),
        }
    return None
