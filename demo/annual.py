"""Annual targets and axis targets for the year, for ``seed_demo`` (issue 15).

A secretariat's annual target is its four quarterly targets made into a year by the indicator's own
year rule (revenue: the sum; complaint days: the mean; percentages: the fourth quarter's), so the year
and the quarters tell the same story. Axes are planned to be half done by the end of 2017 and done by
the end of 2018; visual distortion (axis B) was planned ahead, as the report's "important leaps" say.
Everything here is marked ``is_demo``.
"""

from decimal import Decimal

from demo.figures import FIRST_YEAR, LAST_YEAR, periods, quantize, target_for
from demo.structure import GROUP_TWO
from demo.upsert import upsert
from indicators.annual import year_figure, year_rule_of
from indicators.models import AnnualTarget, AxisYearTarget, Indicator
from programme.models import Axis, ReportingPeriod, Secretariat

# axis code -> {year: planned progress at the end of the year (%)}
AXIS_PLANS = {
    "A": {2017: Decimal("50"), 2018: Decimal("100")},
    "B": {2017: Decimal("60"), 2018: Decimal("100")},
    "F": {2017: Decimal("45"), 2018: Decimal("100")},
}


def annual_target_for(indicator: Indicator, secretariat: str, year: int) -> Decimal:
    quarterly = [
        (ReportingPeriod.ordinal(y, q), target_for(indicator, secretariat, n))
        for n, (y, q) in enumerate(periods())
        if y == year
    ]
    return quantize(float(year_figure(year_rule_of(indicator), quarterly)), indicator.unit)


def seed_annual() -> int:
    written = 0
    indicators = list(Indicator.objects.order_by("sort_order"))
    secretariats = {s.code: s for s in Secretariat.objects.filter(code__in=GROUP_TWO)}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for code in GROUP_TWO:
            for indicator in indicators:
                written += upsert(
                    AnnualTarget,
                    {"indicator": indicator, "secretariat": secretariats[code], "year": year},
                    {"value": annual_target_for(indicator, code, year), "is_demo": True},
                )[1]
    for axis in Axis.objects.filter(code__in=AXIS_PLANS):
        for year, planned in AXIS_PLANS[axis.code].items():
            written += upsert(
                AxisYearTarget, {"axis": axis, "year": year}, {"planned_progress": planned, "is_demo": True}
            )[1]
    return written
