"""Issue 14's "done when", on the demo data: the seed report's meeting reads as a meeting; its snapshot matches the
live 2018-Q1 group-two summary until a figure is corrected, then stays unchanged and names the revised figure;
the next meeting's agenda lists the still-open actions."""

import re

import pytest

from demo.meetings import seed_meetings
from indicators.models import IndicatorValue
from meetings.models import Action, AgendaKind, AttendeeRole, CarriedAction, Meeting, MeetingStatus, Snapshot
from meetings.models.actions import OPEN_STATUSES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("clear_throttles"),
]


@pytest.fixture
def demo(demo_data):
    return Meeting.objects.select_related("period", "host", "snapshot").get(group=2, number=2)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_seed_reports_meeting_is_a_meeting(demo):
    assert (demo.period.key, demo.host.code, demo.status) == ("2018-Q1", "taif", MeetingStatus.HELD)
    assert demo.chair_name_ar == "الدكتور غانم بن الحميدي المحمدي"
    assert "رئيس مركز تحقيق الأهداف" in demo.chair_title_ar
    roles = {}
    for attendee in demo.attendees.all():
        roles.setdefault(attendee.role, set()).add(
            attendee.secretariat.code if attendee.secretariat else attendee.unit.code
        )
    assert roles[AttendeeRole.MAYOR] == {"taif", "al-baha", "jazan", "asir", "najran"}
    assert roles[AttendeeRole.VRO_DIRECTOR] == {"taif", "al-baha", "jazan", "asir", "najran"}
    assert roles[AttendeeRole.AXIS_LEADER] == {"axis-a-leader", "axis-b-leader", "axis-f-leader"}
    assert roles[AttendeeRole.MUNICIPAL_COUNCIL] == {"taif"}
    kinds = list(demo.agenda_items.order_by("order").values_list("kind", flat=True))
    assert kinds == [
        AgendaKind.WELCOME,
        AgendaKind.ADDRESS,
        AgendaKind.FOLLOW_UP,
        AgendaKind.TARGETS,
        AgendaKind.INDICATORS,
        AgendaKind.INITIATIVES,
        AgendaKind.WORKSHOPS,
    ]
    assert all(item.minutes_ar and item.minutes_en for item in demo.agenda_items.all())
    assert demo.decisions.count() >= 2 and Action.objects.filter(decision__meeting=demo).count() >= 3
    assert sorted(demo.workshops.values_list("topic", flat=True)) == ["risks", "support"]
    assert demo.is_demo  # its date, decisions and actions are invented


def test_the_meeting_page_in_arabic_and_english(demo, viewer_client, english):
    body = text(viewer_client.get(f"/meetings/{demo.pk}/").content.decode())
    for expected in [
        "الدكتور غانم بن الحميدي المحمدي",
        "المهندس محمد بن هميل آل هميل",
        "عالجت الأمانات 15 عنصراً",
        "ورشة جمع وتوحيد المعوقات والمخاطر",
        "تأخر صرف مستحقات مقاولي معالجة التشوه البصري",
        "تقدم كل أمانة فكرتين إبداعيتين",
        "استكمال خط الأساس لمؤشر رضى المستفيدين",  # carried from meeting 1
    ]:
        assert expected in body, expected
    english_body = text(english(viewer_client).get(f"/meetings/{demo.pk}/").content.decode())
    assert "the secretariats treated 15 elements" in english_body
    assert "Dr Ghanem bin Al-Humaidi Al-Mohammadi" in english_body


def test_its_snapshot_matches_the_live_summary_until_a_correction(demo, token_client, viewer, admin_user):
    client = token_client(viewer)
    snapshot = demo.snapshot
    live = client.get("/api/v1/summary/secretariats/", {"period": "2018-Q1", "group": 2}).json()
    axes = client.get("/api/v1/summary/axes/", {"period": "2018-Q1", "group": 2}).json()
    detail = client.get(f"/api/v1/snapshots/{snapshot.pk}/").json()
    assert detail["secretariats"] == live == snapshot.data["secretariats"]
    assert detail["axes"] == axes
    assert detail["revised_since"] == []
    assert (detail["period"], detail["group"], detail["sha256"]) == ("2018-Q1", 2, snapshot.sha256)

    # A correction after the meeting: Jazan's complaint-handling figure (submitted, so it counts).
    value = IndicatorValue.objects.get(
        secretariat__code="jazan", period=demo.period, indicator__code="complaint-handling"
    )
    value.value, value._history_user, value._change_reason = value.value + 3, admin_user, "تصحيح بعد اللقاء"
    value.save()

    after = client.get(f"/api/v1/snapshots/{snapshot.pk}/").json()
    assert after["secretariats"] == detail["secretariats"]  # unchanged
    assert Snapshot.objects.get(pk=snapshot.pk).body == snapshot.body
    assert after["sha256"] == snapshot.sha256
    assert [(r["secretariat"], r["indicator"]) for r in after["revised_since"]] == [("jazan", "complaint-handling")]
    live_now = client.get("/api/v1/summary/secretariats/", {"period": "2018-Q1", "group": 2}).json()
    assert live_now != after["secretariats"]


def test_the_snapshot_page_names_the_revised_figure(demo, viewer_client, admin_user):
    value = IndicatorValue.objects.get(
        secretariat__code="jazan", period=demo.period, indicator__code="complaint-handling"
    )
    value.value, value._history_user, value._change_reason = value.value + 3, admin_user, "تصحيح بعد اللقاء"
    value.save()
    html = viewer_client.get("/snapshots/2018-Q1/2/").content.decode()
    row = re.search(r'<tr data-secretariat="jazan" data-indicator="complaint-handling">(.*?)</tr>', html, flags=re.S)
    assert row is not None
    assert "أمانة منطقة جازان" in row.group(1) and "معالجة الشكاوى" in row.group(1)
    assert "programme-admin" in row.group(1) and "تصحيح بعد اللقاء" in row.group(1)


def test_the_next_meetings_agenda_lists_the_still_open_actions(demo, viewer_client):
    # Meeting 2 went through meeting 1's actions that were open when it was planned.
    first_open = CarriedAction.objects.filter(meeting=demo).values_list("action__text_ar", flat=True)
    assert set(first_open) == {"إصدار دليل موحد لقياس المؤشرات السبعة", "استكمال خط الأساس لمؤشر رضى المستفيدين"}
    # Meeting 3, planned, carries every action still open today, and its agenda has the follow-up item.
    third = Meeting.objects.get(group=2, number=3)
    assert third.status == MeetingStatus.PLANNED
    still_open = set(Action.objects.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    assert set(CarriedAction.objects.filter(meeting=third).values_list("action_id", flat=True)) == still_open
    assert third.agenda_items.filter(kind=AgendaKind.FOLLOW_UP).exists()
    html = viewer_client.get(f"/meetings/{third.pk}/").content.decode()
    table = html[html.index('data-testid="carried-actions"') :]
    table = table[: table.index("</table>")]
    for action in Action.objects.filter(pk__in=still_open):
        assert f"/actions/{action.pk}/" in table
    # A planned meeting links to the review pack of its period and group.
    assert "/review-pack/?period=2018-Q2&amp;group=2" in html


def test_seed_demo_records_the_review_cycle(demo):
    assert list(
        Meeting.objects.order_by("number").values_list("group", "number", "period__year", "period__quarter")
    ) == [
        (2, 1, 2017, 4),
        (2, 2, 2018, 1),
        (2, 3, 2018, 2),
    ]
    assert Meeting.objects.filter(is_demo=False).count() == 0
    assert Action.objects.filter(is_demo=False).count() == 0
    assert demo.snapshot.period_id == demo.period_id and demo.snapshot.is_intact


def test_seeding_twice_writes_nothing(demo):
    before = Snapshot.objects.values_list("sha256", flat=True).order_by("pk")
    assert seed_meetings() == 0
    assert list(Snapshot.objects.values_list("sha256", flat=True).order_by("pk")) == list(before)
