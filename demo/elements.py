"""The visual-distortion elements for ``seed_demo``: the working list as records, and group two's treatments.

The seed report says the secretariats treated 15 elements, and praises the 2017
achievements just before: here each of the five group-two secretariats treats
three elements of its own during 2017 (15 distinct in all), after marking them
targeted a quarter earlier, and targets two more that it has not treated by the
end of 2017. A record sits only in a quarter where the secretariat reported B-01
(the records go with that report). Deterministic; a rerun writes nothing.
"""

from __future__ import annotations

import random
from decimal import Decimal

from demo.structure import GROUP_TWO, visual_distortion_elements
from demo.upsert import upsert
from indicators.models import InitiativeProgress
from initiatives.models import DistortionElement, ElementRecord, ElementUnit, Initiative
from programme.models import ReportingPeriod, Secretariat

ELEMENTS_INITIATIVE = "B-01"
YEAR = 2017
#: The unit each element is usually counted in (none: it is not measured).
UNITS = {
    "construction-waste": ElementUnit.TONNES,
    "damaged-cars": ElementUnit.ITEMS,
    "street-potholes": ElementUnit.ITEMS,
    "worn-sidewalks": ElementUnit.SQUARE_METRES,
    "graffiti": ElementUnit.SQUARE_METRES,
    "illegal-billboards": ElementUnit.ITEMS,
    "guide-signs": ElementUnit.ITEMS,
    "street-lighting": ElementUnit.ITEMS,
    "facades": ElementUnit.SQUARE_METRES,
    "concrete-barriers": ElementUnit.LINEAR_METRES,
    "waste-containers": ElementUnit.ITEMS,
    "canopies-hangars": ElementUnit.ITEMS,
    "random-camps": ElementUnit.SITES,
    "street-vendors": "",
    "abandoned-buildings": ElementUnit.ITEMS,
}


def seed_element_list() -> tuple[list[DistortionElement], int]:
    initiative = Initiative.objects.get(code=ELEMENTS_INITIATIVE)
    elements, written = [], 0
    for order, row in enumerate(visual_distortion_elements(), start=1):
        element, changed = upsert(
            DistortionElement,
            {"code": row["code"]},
            {
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "initiative": initiative,
                "unit": UNITS.get(row["code"], ""),
                "sort_order": order,
                "is_demo": True,
            },
        )
        elements.append(element)
        written += changed
    return elements, written


def _plan(elements: list[DistortionElement]) -> list[tuple[str, DistortionElement, int, bool]]:
    """``(secretariat, element, quarter of 2017, treated)``: three treated per secretariat, two only targeted."""
    plan = []
    for i, code in enumerate(GROUP_TWO):
        own = elements[3 * i : 3 * i + 3]
        for j, element in enumerate(own):
            treated_in = 2 + (i + j) % 3  # Q2, Q3 or Q4
            plan.append((code, element, treated_in - 1, False))  # targeted the quarter before
            plan.append((code, element, treated_in, True))
        for element in elements[(3 * i + 3) % 15 : (3 * i + 3) % 15 + 2]:
            plan.append((code, element, 4, False))  # a neighbour's element, targeted late in the year
    return plan


def seed_elements() -> int:
    elements, written = seed_element_list()
    secretariats = {s.code: s for s in Secretariat.objects.filter(code__in=GROUP_TWO)}
    quarters = {p.quarter: p for p in ReportingPeriod.objects.filter(year=YEAR)}
    reported = set(
        InitiativeProgress.objects.filter(initiative__code=ELEMENTS_INITIATIVE, period__year=YEAR).values_list(
            "secretariat__code", "period__quarter"
        )
    )
    records: dict[tuple[str, DistortionElement, int], bool] = {}
    for code, element, quarter, treated in _plan(elements):
        while (code, quarter) not in reported and quarter < 4:
            quarter += 1  # no B-01 report that quarter (a gap in the demo): the record moves to the next one
        # Moved onto its treatment's quarter, a "targeted" record becomes that one record.
        records[(code, element, quarter)] = records.get((code, element, quarter), False) or treated
    for (code, element, quarter), treated in records.items():
        rng = random.Random(f"element:{code}:{element.code}:{quarter}")
        quantity = None
        if treated and element.unit:
            quantity = Decimal(rng.randint(3, 60) * (10 if element.unit in ("m2", "m", "t") else 1))
        written += upsert(
            ElementRecord,
            {"secretariat": secretariats[code], "element": element, "period": quarters[quarter]},
            {
                "treated": treated,
                "quantity": quantity,
                "unit": element.unit if quantity is not None else "",
                "note": "بيانات تجريبية." if treated else "",
                "is_demo": True,
            },
        )[1]
    return written
