"""The visual-distortion elements for ``seed_demo``: the working list as records, and group two's treatments.

The seed report says the secretariats treated 15 elements, and praises the 2017
achievements just before. Each group-two secretariat's records follow its own
demo B-01 reports (``demo.figures``): every element targeted from its
first report, and as many treated by each quarter as that quarter's report
counts (its quantity achieved), in the list's order. So the group's count of
distinct elements treated grows quarter by quarter and is exactly 15 by the end
of 2017, and B-01's progress reads the same as treated ÷ targeted. A record sits
only in a quarter the secretariat reported (the records go with that report).
Deterministic; a rerun writes nothing.
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


def seed_elements() -> int:
    """Each secretariat's records follow its own B-01 reports: as many treated by each as the report says."""
    elements, written = seed_element_list()
    reports = (
        InitiativeProgress.objects.filter(initiative__code=ELEMENTS_INITIATIVE, secretariat__code__in=GROUP_TWO)
        .select_related("secretariat", "period")
        .order_by("secretariat__code", "period_id")
    )
    treated_so_far: dict[str, int] = {}
    for report in reports:
        secretariat = report.secretariat
        first = secretariat.code not in treated_so_far
        before = treated_so_far.get(secretariat.code, 0)
        now = min(len(elements), int(report.quantity_achieved or 0))
        treated_so_far[secretariat.code] = max(before, now)
        for index, element in enumerate(elements):
            if before <= index < now:
                state = True  # treated this quarter
            elif first and index >= now:
                state = False  # targeted from its first report, not yet treated
            else:
                continue  # nothing new about this element this quarter
            written += _record(secretariat, element, report.period, treated=state)
    return written


def _record(secretariat: Secretariat, element: DistortionElement, period: ReportingPeriod, *, treated: bool) -> int:
    rng = random.Random(f"element:{secretariat.code}:{element.code}:{period.key}")
    quantity = None
    if treated and element.unit:
        quantity = Decimal(rng.randint(3, 60) * (10 if element.unit in ("m2", "m", "t") else 1))
    return upsert(
        ElementRecord,
        {"secretariat": secretariat, "element": element, "period": period},
        {
            "treated": treated,
            "quantity": quantity,
            "unit": element.unit if quantity is not None else "",
            "note": "بيانات تجريبية." if treated else "",
            "is_demo": True,
        },
    )[1]
