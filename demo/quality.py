"""Data-quality rules for the demo indicators, and the few demo figures that trip them (``seed_demo``).

The tripping figures are 2018-Q1 figures of Jazan and Najran, which the demo leaves submitted, so
the reviewer's queue shows them flagged with their reasons. ``demo.figures.seed_values`` writes them
in place of the synthetic figure (so a second seed changes nothing); each carries the note its
officer had to give to submit a flagged figure. Everything here is marked as demo data.
"""

from decimal import Decimal

from demo.upsert import upsert
from indicators.models import Indicator
from reporting.models import QualityRule

Q1_2018 = (2018, 1)

#: indicator code → its rule (min, max, largest change in % a quarter, outlier distance in MADs).
RULES = {
    "measurement-efficiency": (Decimal(20), Decimal(100), Decimal(40), Decimal(3)),
    # Revenue follows the city's size (Taif collects five times Al-Baha's): no outlier test against the group,
    # and collection is seasonal, so a quarter may move by more than half.
    "financial-resources": (Decimal(0), None, Decimal(60), None),
    "complaint-handling": (Decimal(1), Decimal(30), Decimal(60), Decimal(3)),
    # A survey where 99 % are satisfied is more likely a small or one-sided sample than a fact.
    "beneficiary-satisfaction": (Decimal(30), Decimal(98), Decimal(40), Decimal(3)),
    "innovation-index": (Decimal(0), Decimal(100), Decimal(50), Decimal(3)),
}

#: (secretariat, indicator, quarter) → the figure that trips a check, and the officer's note.
TRIPPING_FIGURES = {
    # range (above 98), and with it the change from 61.96 and the distance from the group
    ("jazan", "beneficiary-satisfaction", Q1_2018): {
        "value": Decimal("99.5"),
        "note": "استبيان إلكتروني قصير أجاب عنه 40 مستفيداً فقط (بيانات تجريبية).",
    },
    # change only: up 77 % on 7,066,157 (no outlier test for revenue)
    ("najran", "financial-resources", Q1_2018): {
        "value": Decimal("12500000"),
        "note": "حُصّلت متأخرات رسوم اللوحات الإعلانية لعامين دفعة واحدة (بيانات تجريبية).",
    },
    # outlier only: 16 days against a group around 11 (up 52 % on 10.55, within the 60 % allowed)
    ("jazan", "complaint-handling", Q1_2018): {
        "value": Decimal("16"),
        "note": "تعطل نظام البلاغات ثلاثة أسابيع في فبراير (بيانات تجريبية).",
    },
}


def tripping_figure(secretariat: str, indicator: str, quarter: tuple[int, int]) -> dict:
    """What ``seed_values`` writes instead of the synthetic figure, or ``{}``."""
    return TRIPPING_FIGURES.get((secretariat, indicator, quarter), {})


def seed_quality_rules() -> int:
    written = 0
    for indicator in Indicator.objects.filter(code__in=RULES):
        minimum, maximum, change, mads = RULES[indicator.code]
        values = {
            "min_value": minimum,
            "max_value": maximum,
            "max_change_percent": change,
            "outlier_mads": mads,
            "is_demo": True,
        }
        written += upsert(QualityRule, {"indicator": indicator}, values)[1]
    return written
