"""Demo entries of the registers: risks and obstacles, support requests, ideas.

Enough for every register page, the secretariat pages, the overview and the
review pack to show something: one risk raised by three secretariats and
already unified, another raised by three secretariats still waiting for a
reviewer to merge it, requests and ideas at every status. Idempotent: rows
are found by (secretariat, title) and only differing fields are written.
"""

from demo.upsert import upsert
from initiatives.models import Initiative
from programme.models import Axis, Secretariat
from registers.models import (
    Idea,
    IdeaStatus,
    Risk,
    RiskKind,
    RiskStatus,
    SupportCategory,
    SupportRequest,
    SupportStatus,
)

# secretariat, kind, axis, initiative, title, likelihood, impact, mitigation, owner, status
RISKS = [
    (
        "taif",
        RiskKind.OBSTACLE,
        "B",
        "B-01",
        "تأخر صرف مستحقات مقاولي معالجة التشوه البصري",
        4,
        4,
        "جدولة الدفعات مع وزارة المالية",
        "إدارة المشاريع",
        RiskStatus.MITIGATING,
    ),
    (
        "jazan",
        RiskKind.RISK,
        "A",
        "A-01",
        "نقص الكوادر المؤهلة لتشغيل منصة الخدمات الإلكترونية",
        3,
        4,
        "برنامج تدريب مكثف بالتعاون مع الوزارة",
        "إدارة التقنية",
        RiskStatus.OPEN,
    ),
    (
        "asir",
        RiskKind.RISK,
        "F",
        "F-02",
        "انخفاض الإقبال على فرص الاستثمار في الأصول البلدية",
        3,
        3,
        "تسويق الفرص الاستثمارية وتبسيط الإجراءات",
        "وكالة الاستثمار",
        RiskStatus.OPEN,
    ),
    # Raised separately by Al-Baha and Najran too: merged into Taif's entry below.
    (
        "al-baha",
        RiskKind.OBSTACLE,
        "B",
        "B-01",
        "تأخر مستحقات المقاولين في مشاريع التشوه البصري",
        4,
        3,
        "",
        "إدارة العقود",
        RiskStatus.OPEN,
    ),
    (
        "najran",
        RiskKind.OBSTACLE,
        "B",
        "B-01",
        "عدم انتظام صرف مستخلصات مقاولي المشهد الحضري",
        3,
        4,
        "",
        "الإدارة المالية",
        RiskStatus.OPEN,
    ),
    # The same risk from three secretariats, left for a reviewer to merge in the demo.
    (
        "taif",
        RiskKind.RISK,
        "A",
        "A-04",
        "تعدد الجهات المطلوب موافقتها قبل إصدار الرخص",
        4,
        3,
        "الربط الإلكتروني مع الجهات ذات العلاقة",
        "إدارة الرخص",
        RiskStatus.OPEN,
    ),
    (
        "jazan",
        RiskKind.RISK,
        "A",
        "A-04",
        "تأخر موافقات الجهات الخارجية على الرخص البلدية",
        4,
        3,
        "",
        "إدارة الرخص",
        RiskStatus.OPEN,
    ),
    (
        "asir",
        RiskKind.RISK,
        "A",
        "A-04",
        "طول مدة الحصول على موافقات الجهات الأخرى للرخص",
        3,
        3,
        "",
        "وكالة التعمير",
        RiskStatus.OPEN,
    ),
    (
        "najran",
        RiskKind.RISK,
        "F",
        None,
        "تراجع الإيرادات من رسوم اللوحات الإعلانية",
        2,
        3,
        "مراجعة لائحة الرسوم",
        "وكالة الاستثمار",
        RiskStatus.CLOSED,
    ),
]
# (secretariat, title) of the unified entry → the (secretariat, title) merged into it.
MERGED = {
    ("taif", "تأخر صرف مستحقات مقاولي معالجة التشوه البصري"): [
        ("al-baha", "تأخر مستحقات المقاولين في مشاريع التشوه البصري"),
        ("najran", "عدم انتظام صرف مستخلصات مقاولي المشهد الحضري"),
    ],
}

# secretariat, category, axis, title, status, response
REQUESTS = [
    ("al-baha", SupportCategory.BUDGET, "B", "اعتماد ميزانية إضافية لتطوير الحدائق", SupportStatus.OPEN, ""),
    ("najran", SupportCategory.STAFFING, "A", "دعم بعدد من المهندسين لمتابعة الرخص", SupportStatus.OPEN, ""),
    (
        "taif",
        SupportCategory.TECHNICAL,
        "A",
        "ربط منصة البلاغات بنظام الوزارة الموحد",
        SupportStatus.IN_PROGRESS,
        "تم تكليف فريق التحول الرقمي بالوزارة بإعداد واجهة الربط خلال الربع الثاني.",
    ),
    (
        "jazan",
        SupportCategory.REGULATORY,
        "B",
        "تحديث اشتراطات اللوحات التجارية",
        SupportStatus.FULFILLED,
        "صدرت الاشتراطات المحدثة وعُممت على الأمانات.",
    ),
    ("asir", SupportCategory.COORDINATION, "F", "تنسيق مع هيئة عقارات الدولة بشأن الأصول", SupportStatus.OPEN, ""),
]

# secretariat, axis, title, status, reason
IDEAS = [
    ("taif", "A", "تطبيق للإبلاغ عن التشوه البصري بالصور والموقع", IdeaStatus.UNDER_STUDY, ""),
    ("asir", "B", "مسابقة لأجمل واجهة محل في كل حي", IdeaStatus.SUBMITTED, ""),
    ("jazan", "B", "تشجير الممرات بمشاركة المدارس والمتطوعين", IdeaStatus.SUBMITTED, ""),
    (
        "al-baha",
        "F",
        "استثمار أسطح المباني البلدية بالطاقة الشمسية",
        IdeaStatus.ADOPTED,
        "فكرة قابلة للتطبيق وتخفض تكاليف التشغيل؛ تُعمم تجربتها على أمانات المجموعة.",
    ),
    (
        "najran",
        "A",
        "خدمة توصيل الرخص ورقياً إلى المنازل",
        IdeaStatus.DECLINED,
        "الرخص تصدر إلكترونياً بالكامل ولا حاجة لنسخ ورقية.",
    ),
]


def seed_registers() -> int:
    secretariats = {s.code: s for s in Secretariat.objects.all()}
    axes = {a.code: a for a in Axis.objects.all()}
    initiatives = {i.code: i for i in Initiative.objects.all()}
    written = 0
    risks = {}
    for code, kind, axis, initiative, title, likelihood, impact, mitigation, owner, status in RISKS:
        risk, changed = upsert(
            Risk,
            {"secretariat": secretariats[code], "title": title},
            {
                "kind": kind,
                "axis": axes[axis],
                "initiative": initiatives.get(initiative) if initiative else None,
                "likelihood": likelihood,
                "impact": impact,
                "mitigation": mitigation,
                "owner": owner,
                "status": status,
                "is_demo": True,
            },
        )
        risks[(code, title)] = risk
        written += changed
    for canonical, duplicates in MERGED.items():
        for key in duplicates:
            written += upsert(Risk, {"pk": risks[key].pk}, {"canonical": risks[canonical]})[1]
    for code, category, axis, title, status, response in REQUESTS:
        written += upsert(
            SupportRequest,
            {"secretariat": secretariats[code], "title": title},
            {"category": category, "axis": axes[axis], "status": status, "response": response, "is_demo": True},
        )[1]
    for code, axis, title, status, reason in IDEAS:
        written += upsert(
            Idea,
            {"secretariat": secretariats[code], "title": title},
            {"axis": axes[axis], "status": status, "decision_reason": reason, "is_demo": True},
        )[1]
    return written
