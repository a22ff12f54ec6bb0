"""Demo entries of the registers: risks and obstacles, support requests, ideas."""

from initiatives.models import Axis, Idea, Risk, RiskKind, Secretariat, SupportCategory, SupportRequest
from madinati.demo import upsert

RISKS = [
    # secretariat, kind, axis, title, likelihood, impact, mitigation, owner
    (
        "taif",
        RiskKind.OBSTACLE,
        "B",
        "تأخر صرف مستحقات مقاولي معالجة التشوه البصري",
        4,
        4,
        "جدولة الدفعات مع وزارة المالية",
        "إدارة المشاريع",
    ),
    (
        "jazan",
        RiskKind.RISK,
        "A",
        "نقص الكوادر المؤهلة لتشغيل منصة الخدمات الإلكترونية",
        3,
        4,
        "برنامج تدريب مكثف بالتعاون مع الوزارة",
        "إدارة التقنية",
    ),
    (
        "asir",
        RiskKind.RISK,
        "F",
        "انخفاض الإقبال على فرص الاستثمار في الأصول البلدية",
        3,
        3,
        "تسويق الفرص الاستثمارية وتبسيط الإجراءات",
        "وكالة الاستثمار",
    ),
]

REQUESTS = [
    ("al-baha", SupportCategory.BUDGET, "B", "اعتماد ميزانية إضافية لتطوير الحدائق"),
    ("najran", SupportCategory.STAFFING, "A", "دعم بعدد من المهندسين لمتابعة الرخص"),
]

IDEAS = [
    ("taif", "A", "تطبيق للإبلاغ عن التشوه البصري بالصور والموقع"),
    ("asir", "B", "مسابقة لأجمل واجهة محل في كل حي"),
]


def seed_registers() -> int:
    secretariats = {s.code: s for s in Secretariat.objects.all()}
    axes = {a.code: a for a in Axis.objects.all()}
    written = 0
    for code, kind, axis, title, likelihood, impact, mitigation, owner in RISKS:
        written += upsert(
            Risk,
            {"secretariat": secretariats[code], "title": title},
            {
                "kind": kind,
                "axis": axes[axis],
                "likelihood": likelihood,
                "impact": impact,
                "mitigation": mitigation,
                "owner": owner,
                "is_demo": True,
            },
        )[1]
    for code, category, axis, title in REQUESTS:
        written += upsert(
            SupportRequest,
            {"secretariat": secretariats[code], "title": title},
            {"category": category, "axis": axes[axis], "is_demo": True},
        )[1]
    for code, axis, title in IDEAS:
        written += upsert(
            Idea, {"secretariat": secretariats[code], "title": title}, {"axis": axes[axis], "is_demo": True}
        )[1]
    return written
