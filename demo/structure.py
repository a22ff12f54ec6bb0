"""Programme structure and registers loaded by ``seed_demo``.

Secretariats and axes are real (the 2018 news report and the ministry's
list); initiatives, risks, requests and ideas are illustrative demo data.
"""

import csv
from decimal import Decimal
from pathlib import Path

from demo.upsert import upsert
from initiatives.models import Initiative, Participation
from programme.models import Axis, Secretariat

DATA = Path(__file__).resolve().parent / "data"

AXES = [
    {
        "code": "A",
        "name_ar": "الارتقاء بجودة الخدمات المقدمة في المدن السعودية",
        "name_en": "Raising the quality of services in Saudi cities",
        "description_ar": "مبادرات رفع جودة الخدمات البلدية وسرعة إنجازها ورضى المستفيدين عنها.",
        "description_en": (
            "Initiatives that raise the quality and speed of municipal services and beneficiaries' satisfaction."
        ),
        "leader_ar": "وكالة الخدمات",
        "leader_en": "Services Agency",
    },
    {
        "code": "B",
        "name_ar": "تحسين المشهد الحضري في المدن",
        "name_en": "Improving the urban landscape in cities",
        "description_ar": "مبادرات تحسين المشهد الحضري ومعالجة التشوه البصري وأنسنة المدن.",
        "description_en": "Initiatives that improve the urban landscape, treat visual distortion and humanise cities.",
        "leader_ar": "وكالة التخطيط العمراني",
        "leader_en": "Urban Planning Agency",
    },
    {
        "code": "F",
        "name_ar": "الاستدامة المالية",
        "name_en": "Financial sustainability",
        "description_ar": "مبادرات تنمية الإيرادات البلدية واستثمار الأصول وترشيد الإنفاق.",
        "description_en": "Initiatives that grow municipal revenue, invest municipal assets and rationalise spending.",
        "leader_ar": "وكالة الاستثمار",
        "leader_en": "Investment Agency",
    },
]

GROUP_TWO = ["taif", "al-baha", "jazan", "asir", "najran"]
#: The only group whose members the seed report names; the others' membership is assumed.
DOCUMENTED_GROUP = 2

# code, axis, lead (None = ministry), participants, weight, unit ar/en, target quantity, names.
INITIATIVES = [
    (
        "A-01",
        "A",
        None,
        GROUP_TWO,
        "1",
        "خدمة",
        "service",
        "40",
        "تطوير الخدمات البلدية الإلكترونية",
        "Developing municipal e-services",
    ),
    (
        "A-02",
        "A",
        "taif",
        GROUP_TWO,
        "1",
        "",
        "",
        None,
        "رفع كفاءة معالجة الشكاوى والبلاغات",
        "Faster handling of complaints and reports",
    ),
    (
        "A-03",
        "A",
        "asir",
        ["asir", "jazan", "najran"],
        "1",
        "",
        "",
        None,
        "تحسين مستوى النظافة العامة",
        "Raising the level of public cleanliness",
    ),
    (
        "A-04",
        "A",
        None,
        GROUP_TWO,
        "2",
        # A reduction: the quantity counts the days cut from a 10-day issuing time (target: 3 days, so 7 cut).
        "يوم مختصر",
        "days cut",
        "7",
        "تقليص مدة إصدار الرخص البلدية",
        "Shortening the time to issue municipal licences",
    ),
    ("B-01", "B", None, GROUP_TWO, "2", "عنصر", "element", "15", "معالجة التشوه البصري", "Treating visual distortion"),
    (
        "B-02",
        "B",
        "jazan",
        GROUP_TWO,
        "1",
        "كم",
        "km",
        "12",
        "أنسنة المدن وممرات المشاة",
        "Humanising cities and pedestrian walkways",
    ),
    (
        "B-03",
        "B",
        "al-baha",
        ["al-baha", "asir", "taif"],
        "1",
        "حديقة",
        "park",
        "8",
        "تطوير الحدائق والمتنزهات العامة",
        "Developing public parks and gardens",
    ),
    (
        "B-04",
        "B",
        None,
        ["taif", "jazan", "najran"],
        "1",
        "",
        "",
        None,
        "تطوير مداخل المدن والميادين",
        "Developing city entrances and squares",
    ),
    ("F-01", "F", None, GROUP_TWO, "2", "", "", None, "تنمية الإيرادات البلدية", "Growing municipal revenue"),
    (
        "F-02",
        "F",
        "asir",
        ["asir", "al-baha", "najran"],
        "1",
        "أصل",
        "asset",
        "25",
        "استثمار الأصول البلدية",
        "Investing municipal assets",
    ),
    (
        "F-03",
        "F",
        "al-baha",
        GROUP_TWO,
        "1",
        "",
        "",
        None,
        "ترشيد الإنفاق التشغيلي",
        "Rationalising operating expenditure",
    ),
    (
        "F-04",
        "F",
        "taif",
        ["taif", "jazan"],
        "1",
        "عقد",
        "contract",
        "6",
        "الشراكة مع القطاع الخاص في المشاريع البلدية",
        "Public-private partnership in municipal projects",
    ),
]


def visual_distortion_elements() -> list[dict]:
    with open(DATA / "visual-distortion-elements.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def seed_secretariats() -> int:
    written = 0
    with open(DATA / "secretariats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row.pop("code")
            row["group"] = int(row["group"])
            # The seventeen secretariats are real; the report documents only group two's members.
            row["group_is_assumed"] = row["group"] != DOCUMENTED_GROUP
            written += upsert(Secretariat, {"code": code}, row)[1]
    return written


def seed_axes() -> int:
    written = 0
    for axis in AXES:
        # The names are the report's; the descriptions and the leaders are invented.
        values = dict(axis, is_demo=True)
        written += upsert(Axis, {"code": values.pop("code")}, values)[1]
    return written


def seed_initiatives() -> int:
    axes = {a.code: a for a in Axis.objects.all()}
    secretariats = {s.code: s for s in Secretariat.objects.all()}
    elements = visual_distortion_elements()
    written = 0
    for code, axis, lead, participants, weight, unit_ar, unit_en, target, name_ar, name_en in INITIATIVES:
        description_ar = description_en = ""
        if code == "B-01":
            description_ar = "عناصر التشوه البصري المستهدفة: " + "، ".join(e["name_ar"] for e in elements) + "."
            description_en = "Visual-distortion elements treated: " + "; ".join(e["name_en"] for e in elements) + "."
        initiative, changed = upsert(
            Initiative,
            {"code": code},
            {
                "axis": axes[axis],
                "lead_secretariat": secretariats[lead] if lead else None,
                "weight": Decimal(weight),
                "unit_ar": unit_ar,
                "unit_en": unit_en,
                "target_quantity": Decimal(target) if target else None,
                "name_ar": name_ar,
                "name_en": name_en,
                "description_ar": description_ar,
                "description_en": description_en,
                "is_demo": True,  # invented: the initiatives, their leads, weights, units and participants
            },
        )
        written += changed
        for participant in participants:
            written += upsert(
                Participation, {"initiative": initiative, "secretariat": secretariats[participant]}, {"is_demo": True}
            )[1]
    return written
