"""The data of the demo review cycle (see :mod:`demo.meetings`).

From the seed report (``reference/seed-article-ar.txt``): meeting 2 of group two, hosted by Taif,
reviewing the first quarter of 2018; its chair; who attended (the five mayors, the municipal
council's chair and members, the axis leaders, the Vision Realization Offices' directors); its
order and what was said. Everything else (dates, the first and third meetings, decisions, actions,
notes, what the workshops recorded) is invented and flagged as demo data.
"""

from meetings.models import ActionStatus, AgendaKind, AttendeeRole, MeetingStatus, WorkshopOutcome, WorkshopTopic

# code, name ar, name en, axis it leads (its name then comes from the axis), invented?
UNITS = [
    ("goal-achievement-center", "مركز تحقيق الأهداف", "Goal Achievement Center", None, False),
    ("axis-a-leader", "قائد المحور (A)", "Axis A leader", "A", True),
    ("axis-b-leader", "قائد المحور (B)", "Axis B leader", "B", True),
    ("axis-f-leader", "قائد المحور (F)", "Axis F leader", "F", True),
]

CHAIR = {
    "chair_title_ar": "مساعد وزير الشؤون البلدية والقروية للتخطيط والتطوير، رئيس مركز تحقيق الأهداف",
    "chair_title_en": (
        "Assistant Minister of Municipal and Rural Affairs for Planning and Development, "
        "head of the Goal Achievement Center"
    ),
    "chair_name_ar": "الدكتور غانم بن الحميدي المحمدي",
    "chair_name_en": "Dr Ghanem bin Al-Humaidi Al-Mohammadi",
}

GROUP_TWO = [
    ("taif", "أمين محافظة الطائف", "Mayor of Taif"),
    ("al-baha", "أمين منطقة الباحة", "Mayor of Al-Baha"),
    ("jazan", "أمين منطقة جازان", "Mayor of Jazan"),
    ("asir", "أمين منطقة عسير", "Mayor of Asir"),
    ("najran", "أمين منطقة نجران", "Mayor of Najran"),
]
TAIF_MAYOR = ("المهندس محمد بن هميل آل هميل", "Eng. Mohammed bin Humail Al Humail")


def _report_attendees() -> list[tuple]:
    """role, secretariat or unit code, name ar, name en, position ar, position en."""
    rows = [
        (AttendeeRole.MAYOR, code, *(TAIF_MAYOR if code == "taif" else ("", "")), position_ar, position_en)
        for code, position_ar, position_en in GROUP_TWO
    ]
    rows += [
        (AttendeeRole.MUNICIPAL_COUNCIL, "taif", "", "", "رئيس المجلس البلدي", "Chair of the municipal council"),
        (AttendeeRole.MUNICIPAL_COUNCIL, "taif", "", "", "أعضاء المجلس البلدي", "Members of the municipal council"),
    ]
    rows += [
        (
            AttendeeRole.AXIS_LEADER,
            f"axis-{axis}-leader",
            "",
            "",
            f"قائد المحور ({axis.upper()})",
            f"Axis {axis.upper()} leader",
        )
        for axis in ("a", "b", "f")
    ]
    rows += [
        (
            AttendeeRole.VRO_DIRECTOR,
            code,
            "",
            "",
            "مدير مكتب تحقيق الرؤية بالأمانة",
            "Director of the secretariat's Vision Realization Office",
        )
        for code, _ar, _en in GROUP_TWO
    ]
    return rows


REPORT_AGENDA = [
    {
        "kind": AgendaKind.WELCOME,
        "title_ar": "كلمة أمين الطائف للترحيب",
        "title_en": "Welcome by the Mayor of Taif",
        "minutes_ar": (
            "رحب أمين الطائف المهندس محمد بن هميل آل هميل بالحضور، وأوضح أن اللقاء يناقش أعمال وإنجازات الأمانات "
            "في الربع الأول سعياً للارتقاء بالعمل البلدي وتطويره لمواكبة الخطط الطموحة لوزارة الشؤون البلدية والقروية "
            "بما يتوافق مع رؤية المملكة 2030، متمنياً أن يكون اللقاء مفعماً بالأرقام والإنجازات."
        ),
        "minutes_en": (
            "The Mayor of Taif, Eng. Mohammed bin Humail Al Humail, welcomed the participants: the meeting reviews the "
            "secretariats' work and achievements in the first quarter, to raise municipal work to the ministry's plans "
            "in line with Vision 2030. He hoped it would be full of figures and achievements."
        ),
    },
    {
        "kind": AgendaKind.ADDRESS,
        "title_ar": "كلمة رئيس اللقاء: إنجازات عام 2017، ومعالجة التشوه البصري، والأفكار الإبداعية",
        "title_en": "The chair's address: the 2017 achievements, visual distortion, creative ideas",
        "minutes_ar": (
            "شكر الدكتور غانم المحمدي أمانة الطائف على الاستضافة، وبارك الإنجازات التي حققتها الأمانات المشاركة في "
            "عام 2017م، منوهاً بالحماس والجدية وعدم الانحراف عن أهداف المشروع. وأكد أن مبادرة معالجة التشوه البصري "
            "من أهم مبادرات تحسين المشهد الحضري، إذ عالجت الأمانات 15 عنصراً، ودعا إلى عرض الأفكار الإبداعية "
            "القيمة من الأمانات لبحثها."
        ),
        "minutes_en": (
            "Dr Ghanem Al-Mohammadi thanked Taif for hosting and praised the participating secretariats' 2017 "
            "achievements, stressing enthusiasm, seriousness and keeping to the project's goals. He singled out the "
            "visual-distortion treatment initiative, through which the secretariats treated 15 elements, and invited "
            "the secretariats to bring their creative ideas for study."
        ),
    },
    {
        "kind": AgendaKind.FOLLOW_UP,
        "title_ar": "متابعة إجراءات اللقاء الأول",
        "title_en": "Follow-up of the first meeting's actions",
        "minutes_ar": "استعرض اللقاء الإجراءات التي بقيت مفتوحة من اللقاء الأول (بيانات تجريبية).",
        "minutes_en": "The meeting went through the actions still open from the first meeting (demo data).",
    },
    {
        "kind": AgendaKind.TARGETS,
        "title_ar": "عرض المستهدفات حسب المحاور",
        "title_en": "The targets by axis",
        "minutes_ar": (
            "عُرضت مستهدفات أمانات المجموعة الثانية بمحاور الارتقاء بجودة الخدمات المقدمة في المدن السعودية، "
            "وتحسين المشهد الحضري في المدن، والاستدامة المالية."
        ),
        "minutes_en": (
            "The group-two secretariats' targets were presented by axis: quality of services in Saudi cities, "
            "the urban landscape, and financial sustainability."
        ),
    },
    {
        "kind": AgendaKind.INDICATORS,
        "title_ar": "مؤشرات قياس القطاع البلدي لكل أمانة",
        "title_en": "The municipal-sector indicators of each secretariat",
        "minutes_ar": (
            "ناقش اللقاء مؤشرات قياس القطاع البلدي لكل أمانة: كفاءة القياس، والموارد المالية، ومعالجة الشكاوى، "
            "ورضى المستفيدين، ونسبة التقدم في المبادرات، ونسبة التقدم في المبادرات التي تقودها الأمانة، ومؤشر الإبداع."
        ),
        "minutes_en": (
            "The meeting discussed each secretariat's seven indicators: measurement efficiency, financial resources, "
            "complaint handling, beneficiary satisfaction, progress in initiatives, progress in the initiatives it "
            "leads, and the innovation index."
        ),
    },
    {
        "kind": AgendaKind.INITIATIVES,
        "title_ar": "مراجعة تقدم مبادرات المحاور (A) و(B) و(F)",
        "title_en": "Progress of the initiatives of axes A, B and F",
        "minutes_ar": (
            "راجع اللقاء تقدم مبادرات المحور (A) للارتقاء بجودة الخدمات، ثم المحور (B) لتحسين المشهد الحضري، "
            "ثم المحور (F) للاستدامة المالية، من خلال عرض التقدم والإنجاز من قبل الأمانات."
        ),
        "minutes_en": (
            "The secretariats presented their progress on the initiatives of axis A (quality of services), "
            "then axis B (urban landscape), then axis F (financial sustainability)."
        ),
    },
    {
        "kind": AgendaKind.WORKSHOPS,
        "title_ar": "ورش العمل: المعوقات والمخاطر، ومتطلبات الأمانات وسبل الدعم",
        "title_en": "Workshops: obstacles and risks; requirements and means of support",
        "minutes_ar": (
            "في الفترة الثانية من اللقاء عُقدت ورش العمل لجمع وتوحيد كافة المعوقات والمخاطر، ومناقشة متطلبات "
            "الأمانات وسبل الدعم."
        ),
        "minutes_en": (
            "In the second part of the meeting, workshops collected and unified every obstacle and risk, and "
            "discussed the secretariats' requirements and means of support."
        ),
    },
]

UNIFIED_RISK = ("taif", "تأخر صرف مستحقات مقاولي معالجة التشوه البصري")

# Each action: key, owner code, due on, status now, Arabic, English, drop reason, notes (day, status, text).
MEETINGS = [
    {
        "group": 2,
        "number": 1,
        "period": "2017-Q4",
        "held_on": "2018-01-24",
        "host": "jazan",
        "status": MeetingStatus.HELD,
        "carries": False,
        "carried": [],
        "attendees": [
            *[(AttendeeRole.MAYOR, code, "", "", ar, en) for code, ar, en in GROUP_TWO],
            (AttendeeRole.MINISTRY_STAFF, "goal-achievement-center", "", "", "فريق المركز", "The center's team"),
        ],
        "decisions": [
            {
                "item": AgendaKind.INITIATIVES,
                "text_ar": "اعتماد خطة لمعالجة عناصر التشوه البصري الخمسة عشر في كل أمانة",
                "text_en": "Each secretariat adopts a plan to treat the fifteen visual-distortion elements",
                "actions": [
                    (
                        "m1-taif-plan",
                        "taif",
                        "2018-02-28",
                        ActionStatus.DONE,
                        "رفع خطة معالجة التشوه البصري لأمانة الطائف",
                        "Submit Taif's visual-distortion plan",
                        "",
                        [("2018-02-20", ActionStatus.DONE, "رُفعت الخطة واعتُمدت.")],
                    ),
                    (
                        "m1-jazan-plan",
                        "jazan",
                        "2018-02-28",
                        ActionStatus.DONE,
                        "رفع خطة معالجة التشوه البصري لأمانة جازان",
                        "Submit Jazan's visual-distortion plan",
                        "",
                        [("2018-02-26", ActionStatus.DONE, "رُفعت الخطة.")],
                    ),
                    (
                        "m1-baha-survey",
                        "al-baha",
                        "2018-02-15",
                        ActionStatus.DROPPED,
                        "حصر مستقل لعناصر التشوه في الباحة",
                        "A separate survey of Al-Baha's distortion elements",
                        "أُدرج الحصر ضمن خطة الأمانة المعتمدة.",
                        [("2018-02-10", ActionStatus.DROPPED, "أُدرج الحصر ضمن خطة الأمانة المعتمدة.")],
                    ),
                ],
            },
            {
                "item": AgendaKind.INDICATORS,
                "text_ar": "توحيد منهجية قياس المؤشرات السبعة بين أمانات المجموعة",
                "text_en": "Unify how the group's secretariats measure the seven indicators",
                "actions": [
                    (
                        "m1-guide",
                        "goal-achievement-center",
                        "2018-03-31",
                        ActionStatus.IN_PROGRESS,
                        "إصدار دليل موحد لقياس المؤشرات السبعة",
                        "Issue one guide to measuring the seven indicators",
                        "",
                        [("2018-03-20", ActionStatus.IN_PROGRESS, "المسودة الأولى قيد المراجعة.")],
                    ),
                    (
                        "m1-najran-baseline",
                        "najran",
                        "2018-03-15",
                        ActionStatus.DONE,
                        "استكمال خط الأساس لمؤشر رضى المستفيدين",
                        "Complete the baseline of beneficiary satisfaction",
                        "",
                        [("2018-06-10", ActionStatus.DONE, "اكتمل الاستبيان وخط الأساس بعد اللقاء الثاني.")],
                    ),
                ],
            },
        ],
    },
    {
        "group": 2,
        "number": 2,
        "period": "2018-Q1",
        "held_on": "2018-05-09",
        "host": "taif",
        "status": MeetingStatus.HELD,
        "carries": True,
        "agenda": REPORT_AGENDA,
        "attendees": _report_attendees(),
        "carried": [
            (
                "m1-guide",
                ActionStatus.IN_PROGRESS,
                "عُرضت مسودة الدليل؛ يُستكمل قبل اللقاء الثالث.",
                "The draft guide was shown; to be finished before the third meeting.",
            ),
            (
                "m1-najran-baseline",
                ActionStatus.OPEN,
                "تأخر الاستبيان؛ التزمت نجران بإنهائه في يونيو.",
                "The survey is late; Najran committed to finish it in June.",
            ),
        ],
        "decisions": [
            {
                "item": AgendaKind.WORKSHOPS,
                "text_ar": "رفع المعوق الموحد لتأخر مستحقات مقاولي التشوه البصري لمعالجته مع وزارة المالية",
                "text_en": "Raise the unified obstacle of late payments to visual-distortion contractors with the Ministry of Finance",
                "actions": [
                    (
                        "m2-payments",
                        "axis-b-leader",
                        "2018-06-30",
                        ActionStatus.IN_PROGRESS,
                        "جدولة صرف مستحقات المقاولين مع وزارة المالية",
                        "Schedule the contractors' payments with the Ministry of Finance",
                        "",
                        [("2018-06-12", ActionStatus.IN_PROGRESS, "عُقد اجتماع أول مع وزارة المالية.")],
                    ),
                ],
            },
            {
                "item": AgendaKind.ADDRESS,
                "text_ar": "تقدم كل أمانة فكرتين إبداعيتين على الأقل في اللقاء القادم",
                "text_en": "Each secretariat brings at least two creative ideas to the next meeting",
                "actions": [
                    (
                        "m2-ideas-taif",
                        "taif",
                        "2018-07-31",
                        ActionStatus.DONE,
                        "تقديم فكرتين إبداعيتين من أمانة الطائف",
                        "Taif puts forward two creative ideas",
                        "",
                        [("2018-06-01", ActionStatus.DONE, "قُدمت الفكرتان.")],
                    ),
                    (
                        "m2-ideas-asir",
                        "asir",
                        "2018-07-31",
                        ActionStatus.OPEN,
                        "تقديم فكرتين إبداعيتين من أمانة عسير",
                        "Asir puts forward two creative ideas",
                        "",
                        [],
                    ),
                    (
                        "m2-ideas-jazan",
                        "jazan",
                        "2018-07-31",
                        ActionStatus.OPEN,
                        "تقديم فكرتين إبداعيتين من أمانة جازان",
                        "Jazan puts forward two creative ideas",
                        "",
                        [],
                    ),
                ],
            },
            {
                "item": AgendaKind.INDICATORS,
                "text_ar": "استكمال مراجعة أرقام الربع الأول المرفوعة من جازان ونجران",
                "text_en": "Finish reviewing the first-quarter figures submitted by Jazan and Najran",
                "actions": [
                    (
                        "m2-review",
                        "goal-achievement-center",
                        "2018-05-31",
                        ActionStatus.OPEN,
                        "مراجعة واعتماد أرقام الربع الأول لجازان ونجران",
                        "Review and approve Jazan's and Najran's Q1 figures",
                        "",
                        [],
                    ),
                ],
            },
        ],
        "workshops": [
            (
                WorkshopTopic.RISKS,
                "ورشة جمع وتوحيد المعوقات والمخاطر",
                "Workshop: collecting and unifying obstacles and risks",
                "جمعت الورشة المعوقات والمخاطر التي رفعتها الأمانات ووحدت المتكرر منها.",
                "The workshop collected the obstacles and risks the secretariats raised and unified the duplicates.",
                [
                    (UNIFIED_RISK, WorkshopOutcome.MERGED),
                    (("jazan", "نقص الكوادر المؤهلة لتشغيل منصة الخدمات الإلكترونية"), WorkshopOutcome.PRODUCED),
                    (("asir", "انخفاض الإقبال على فرص الاستثمار في الأصول البلدية"), WorkshopOutcome.PRODUCED),
                ],
                [],
            ),
            (
                WorkshopTopic.SUPPORT,
                "ورشة متطلبات الأمانات وسبل الدعم",
                "Workshop: the secretariats' requirements and means of support",
                "ناقشت الورشة ما تحتاجه الأمانات من الوزارة.",
                "The workshop discussed what the secretariats need from the ministry.",
                [],
                [
                    (("taif", "ربط منصة البلاغات بنظام الوزارة الموحد"), WorkshopOutcome.PRODUCED),
                    (("asir", "تنسيق مع هيئة عقارات الدولة بشأن الأصول"), WorkshopOutcome.PRODUCED),
                ],
            ),
        ],
    },
    {
        "group": 2,
        "number": 3,
        "period": "2018-Q2",
        "held_on": "2018-08-15",
        "host": "al-baha",
        "status": MeetingStatus.PLANNED,
        "carries": True,
        "carried": None,  # computed when planned, as the product does
    },
]
