"""Indicators, periods, targets and deterministic synthetic figures for ``seed_demo``.

Every figure invented here is flagged ``is_demo`` so the pages can say so.
The generator is seeded from the row's natural key, so a rerun produces the
same numbers and writes nothing.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from demo.people import REVIEW_DELAY, People, date_history, seed_people
from demo.quality import tripping_figure
from demo.structure import GROUP_TWO
from demo.upsert import upsert
from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, ReportedStatus, Source, Target, Unit
from initiatives.models import Initiative
from programme.models import PeriodState, ReportingPeriod, Secretariat

FIRST_YEAR, LAST_YEAR = 2017, 2018
OPEN_PERIOD = (2018, 2)
LAST_REPORTED = (2018, 1)

INDICATORS = [
    {
        "code": "measurement-efficiency",
        "name_ar": "كفاءة القياس",
        "name_en": "Measurement efficiency",
        "description_ar": "نسبة المؤشرات التي تقاس في موعدها ببيانات موثقة.",
        "description_en": "Share of indicators measured on time with documented data.",
        "formula_ar": "عدد المؤشرات المقاسة في موعدها ÷ عدد المؤشرات × ١٠٠",
        "formula_en": "indicators measured on time ÷ all indicators × 100",
        "unit": Unit.PERCENT,
        "polarity": "higher_better",
        "source": Source.MANUAL,
    },
    {
        "code": "financial-resources",
        "name_ar": "الموارد المالية",
        "name_en": "Financial resources",
        "description_ar": "الإيرادات البلدية الذاتية المحصلة خلال الربع.",
        "description_en": "Municipal own-source revenue collected in the quarter.",
        "formula_ar": "مجموع الإيرادات الذاتية المحصلة (ريال)",
        "formula_en": "sum of own-source revenue collected (SAR)",
        "unit": Unit.SAR,
        "polarity": "higher_better",
        "source": Source.MANUAL,
    },
    {
        "code": "complaint-handling",
        "name_ar": "معالجة الشكاوى",
        "name_en": "Complaint handling",
        "description_ar": "متوسط عدد الأيام لإغلاق الشكوى أو البلاغ.",
        "description_en": "Average number of days to close a complaint or report.",
        "formula_ar": "مجموع أيام الإغلاق ÷ عدد الشكاوى المغلقة",
        "formula_en": "total days to close ÷ complaints closed",
        "unit": Unit.DAYS,
        "polarity": "lower_better",
        "source": Source.MANUAL,
    },
    {
        "code": "beneficiary-satisfaction",
        "name_ar": "رضى المستفيدين",
        "name_en": "Beneficiary satisfaction",
        "description_ar": "نسبة المستفيدين الراضين عن الخدمات البلدية في استبيان الربع.",
        "description_en": "Share of beneficiaries satisfied with municipal services in the quarter's survey.",
        "formula_ar": "عدد الراضين ÷ عدد المستجيبين × ١٠٠",
        "formula_en": "satisfied respondents ÷ respondents × 100",
        "unit": Unit.PERCENT,
        "polarity": "higher_better",
        "source": Source.MANUAL,
    },
    {
        "code": "initiative-progress",
        "name_ar": "نسبة التقدم في المبادرات",
        "name_en": "Progress in initiatives",
        "description_ar": "المتوسط الموزون لنسبة إنجاز المبادرات التي تشارك فيها الأمانة.",
        "description_en": "Weighted mean progress of the initiatives the secretariat takes part in.",
        "formula_ar": "Σ(وزن المبادرة × نسبة الإنجاز) ÷ Σ الأوزان",
        "formula_en": "Σ(initiative weight × percent complete) ÷ Σ weights",
        "unit": Unit.PERCENT,
        "polarity": "higher_better",
        "source": Source.INITIATIVES_ALL,
    },
    {
        "code": "led-initiative-progress",
        "name_ar": "نسبة التقدم في المبادرات التي تقودها الأمانة",
        "name_en": "Progress in the initiatives the secretariat leads",
        "description_ar": "المتوسط الموزون لنسبة إنجاز المبادرات التي تقودها الأمانة.",
        "description_en": "Weighted mean progress of the initiatives the secretariat leads.",
        "formula_ar": "Σ(وزن المبادرة × نسبة الإنجاز) ÷ Σ الأوزان، للمبادرات التي تقودها الأمانة",
        "formula_en": "Σ(weight × percent complete) ÷ Σ weights, over the initiatives it leads",
        "unit": Unit.PERCENT,
        "polarity": "higher_better",
        "source": Source.INITIATIVES_LED,
    },
    {
        "code": "innovation-index",
        "name_ar": "مؤشر الإبداع",
        "name_en": "Innovation index",
        "description_ar": "درجة من ١٠٠ تقيس الأفكار الإبداعية المقدمة والمطبقة.",
        "description_en": "A score out of 100 for creative ideas put forward and put in place.",
        "formula_ar": "درجة تقييم لجنة الإبداع (٠–١٠٠)",
        "formula_en": "innovation committee's assessment (0–100)",
        "unit": Unit.SCORE,
        "polarity": "higher_better",
        "source": Source.MANUAL,
    },
]

REVENUE_BASE = {"taif": 30_000_000, "al-baha": 8_000_000, "jazan": 15_000_000, "asir": 25_000_000, "najran": 10_000_000}
COMPLAINT_DAYS = [10, 9, 9, 8, 8, 7, 6, 5]
# Quarters a secretariat did not report progress: the dashboards carry the last one forward.
PROGRESS_GAPS = {("najran", (2017, 3)), ("al-baha", (2017, 2))}
# 2018-Q1 figures still awaiting review.
SUBMITTED_ONLY = {"jazan", "najran"}

TWO = Decimal("0.01")


def quantize(value: float, unit: str) -> Decimal:
    places = Decimal("1") if unit in (Unit.SAR, Unit.COUNT) else (Decimal("0.1") if unit == Unit.SCORE else TWO)
    return Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP)


def periods() -> list[tuple[int, int]]:
    return [(y, q) for y in range(FIRST_YEAR, LAST_YEAR + 1) for q in range(1, 5)]


def seed_indicators() -> int:
    written = 0
    for order, definition in enumerate(INDICATORS, start=1):
        # The seven names are the report's; the definitions (unit, polarity, formula, thresholds) are invented.
        values = dict(definition, sort_order=order, is_demo=True)
        written += upsert(Indicator, {"code": values.pop("code")}, values)[1]
    return written


def seed_periods() -> int:
    written = 0
    for year, quarter in periods():
        start_month = 3 * quarter - 2
        opens_on = datetime.date(year, start_month, 1)
        next_quarter = datetime.date(year + (quarter == 4), (start_month + 3 - 1) % 12 + 1, 1)
        closes_on = next_quarter + datetime.timedelta(days=29)  # e.g. 2018-Q1 closes on 30 April
        state = PeriodState.OPEN if (year, quarter) == OPEN_PERIOD else PeriodState.SCHEDULED
        written += upsert(
            ReportingPeriod,
            {"year": year, "quarter": quarter},
            {"opens_on": opens_on, "closes_on": closes_on, "state": state},
        )[1]
    return written


def target_for(indicator: Indicator, secretariat: str, n: int) -> Decimal:
    """Target in the n-th quarter of the programme (0 = 2017-Q1)."""
    code = indicator.code
    if code == "measurement-efficiency":
        raw = min(95, 60 + 5 * n)
    elif code == "financial-resources":
        raw = REVENUE_BASE[secretariat] * (1.03**n)
    elif code == "complaint-handling":
        raw = COMPLAINT_DAYS[n]
    elif code == "beneficiary-satisfaction":
        raw = min(95, 65 + 3 * n)
    elif code in ("initiative-progress", "led-initiative-progress"):
        raw = min(100, 12.5 * (n + 1))
    else:
        raw = min(100, 50 + 4 * n)
    return quantize(raw, indicator.unit)


def seed_targets(indicators: list[Indicator], secretariats: dict, period_objs: dict) -> int:
    written = 0
    for n, key in enumerate(periods()):
        for code in GROUP_TWO:
            for indicator in indicators:
                written += upsert(
                    Target,
                    {"indicator": indicator, "secretariat": secretariats[code], "period": period_objs[key]},
                    {"value": target_for(indicator, code, n), "is_demo": True},
                )[1]
    return written


def _workflow(code: str, key: tuple[int, int]) -> dict:
    if key == LAST_REPORTED and code in SUBMITTED_ONLY:
        return {"workflow_status": WorkflowStatus.SUBMITTED}
    return {"workflow_status": WorkflowStatus.APPROVED}


def _stamp(key: tuple[int, int]) -> datetime.datetime:
    """A fixed, plausible submission time: the 20th day after the quarter ends."""
    year, quarter = key
    end_month = 3 * quarter
    base = datetime.datetime(year + (end_month == 12), end_month % 12 + 1, 20, 9, 0, tzinfo=datetime.UTC)
    return base.astimezone(timezone.get_default_timezone())


def _who_and_when(code: str, key: tuple[int, int], workflow: dict, people: People) -> dict:
    """Submitted by the secretariat's demo officer on the seeded date; approved by the demo reviewer days later."""
    stamp = _stamp(key)
    approved = workflow["workflow_status"] == WorkflowStatus.APPROVED
    return {
        "submitted_at": stamp,
        "submitted_by": people.officers[code],
        "reviewed_at": stamp + REVIEW_DELAY if approved else None,
        "reviewed_by": people.reviewer if approved else None,
    }


def seed_values(indicators: list[Indicator], secretariats: dict, period_objs: dict, people: People) -> int:
    written = 0
    reported = [key for key in periods() if key <= LAST_REPORTED]
    for n, key in enumerate(reported):
        for code in GROUP_TWO:
            for indicator in indicators:
                if not indicator.is_manual:
                    continue
                rng = random.Random(f"value:{code}:{indicator.code}:{key}")
                target = float(target_for(indicator, code, n))
                if indicator.polarity == "lower_better":
                    raw = target * rng.uniform(0.8, 1.6)
                else:
                    raw = target * rng.uniform(0.6, 1.1)
                if indicator.unit in (Unit.PERCENT, Unit.SCORE):
                    raw = min(raw, 100)
                workflow = _workflow(code, key)
                values = {
                    "value": quantize(raw, indicator.unit),
                    "is_demo": True,
                    **_who_and_when(code, key, workflow, people),
                    **workflow,
                    **tripping_figure(code, indicator.code, key),  # the few figures the quality checks flag
                }
                row, changed = upsert(
                    IndicatorValue,
                    {"indicator": indicator, "secretariat": secretariats[code], "period": period_objs[key]},
                    values,
                )
                written += changed + (date_history(row, people=people) if changed else 0)
    return written


def seed_progress(secretariats: dict, period_objs: dict, people: People) -> int:
    written = 0
    reported = [key for key in periods() if key <= LAST_REPORTED]
    initiatives = Initiative.objects.prefetch_related("participants").order_by("code")
    for initiative in initiatives:
        for participant in initiative.participants.all():
            code = participant.code
            if code not in GROUP_TWO:
                continue
            rng = random.Random(f"progress:{initiative.code}:{code}")
            pace = rng.uniform(7, 18) if initiative.code != "B-01" else 25.0
            percent = 0.0
            for key in reported:
                percent = min(100.0, percent + pace * rng.uniform(0.7, 1.2))
                if (code, key) in PROGRESS_GAPS:
                    continue
                pct = quantize(percent, Unit.PERCENT)
                quantity = None
                if initiative.target_quantity is not None:
                    quantity = (initiative.target_quantity * pct / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
                if pct >= 100:
                    status = ReportedStatus.COMPLETED
                elif pace < 10:
                    status = ReportedStatus.DELAYED
                elif pace < 13:
                    status = ReportedStatus.AT_RISK
                else:
                    status = ReportedStatus.ON_TRACK
                workflow = _workflow(code, key)
                row, changed = upsert(
                    InitiativeProgress,
                    {"initiative": initiative, "secretariat": secretariats[code], "period": period_objs[key]},
                    {
                        "percent_complete": pct,
                        "quantity_achieved": quantity,
                        "status": status,
                        "narrative": _narrative(initiative, pct),
                        "is_demo": True,
                        **_who_and_when(code, key, workflow, people),
                        **workflow,
                    },
                )
                written += changed + (date_history(row, people=people) if changed else 0)
    return written


def _narrative(initiative: Initiative, pct: Decimal) -> str:
    if initiative.code == "B-01":
        return f"تمت معالجة عناصر التشوه البصري المستهدفة بنسبة {pct}٪ (بيانات تجريبية)."
    return f"نسبة الإنجاز {pct}٪ وفق الخطة التنفيذية (بيانات تجريبية)."


def seed_figures() -> int:
    secretariats = {s.code: s for s in Secretariat.objects.filter(code__in=GROUP_TWO)}
    period_objs = {(p.year, p.quarter): p for p in ReportingPeriod.objects.all()}
    indicators = list(Indicator.objects.order_by("sort_order"))
    people, written = seed_people(GROUP_TWO)
    written += seed_targets(indicators, secretariats, period_objs)
    written += seed_values(indicators, secretariats, period_objs, people)
    written += seed_progress(secretariats, period_objs, people)
    return written
