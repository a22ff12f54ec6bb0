"""Planning and running a meeting: the meeting itself, its default agenda, the actions it carries,
its attendees, agenda and minutes, decisions, and marking it held (which freezes its snapshot)."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from madinati.errors import Refused
from meetings.models import (
    Action,
    AgendaItem,
    AgendaKind,
    Attendee,
    AttendeeRole,
    CarriedAction,
    Decision,
    Meeting,
    MeetingStatus,
    MinistryUnit,
)
from meetings.models.actions import OPEN_STATUSES
from meetings.services.common import clean_text, require_reviewer, require_some_text, save_with_history
from meetings.services.snapshots import snapshot_for_meeting
from programme.models import Axis, ReportingPeriod, Secretariat

MEETING_FIELDS = (
    "period",
    "held_on",
    "host",
    "chair_title_ar",
    "chair_title_en",
    "chair_name_ar",
    "chair_name_en",
)


def _initiatives_title(axis_codes: list[str]) -> tuple[str, str]:
    if not axis_codes:
        return "مراجعة تقدم المبادرات", "Progress of the initiatives"
    ar = " و".join(f"({code})" for code in axis_codes)
    en = ", ".join(axis_codes[:-1]) + (" and " if len(axis_codes) > 1 else "") + axis_codes[-1]
    return f"مراجعة تقدم مبادرات المحاور {ar}", f"Progress of the initiatives of axes {en}"


def default_agenda(*, carries_actions: bool) -> list[tuple[str, str, str]]:
    """The order of the group meetings (the seed report's), as ``(kind, Arabic, English)``; one query (the axes).

    Stored in both languages on the meeting, so editing the agenda never depends on the catalogue.
    """
    initiatives_ar, initiatives_en = _initiatives_title(
        list(Axis.objects.order_by("code").values_list("code", flat=True))
    )
    agenda = [
        (AgendaKind.WELCOME, "كلمة الأمانة المستضيفة للترحيب", "The host secretariat's welcome"),
        (
            AgendaKind.ADDRESS,
            "كلمة رئيس اللقاء: الإنجازات، ومعالجة التشوه البصري، والدعوة إلى عرض الأفكار الإبداعية",
            "The chair's address: achievements, visual-distortion treatment, and an invitation to bring creative ideas",
        ),
        (AgendaKind.TARGETS, "عرض المستهدفات حسب المحاور", "The targets by axis"),
        (
            AgendaKind.INDICATORS,
            "مؤشرات قياس القطاع البلدي لكل أمانة (المؤشرات السبعة)",
            "The seven municipal-sector indicators of each secretariat",
        ),
        (AgendaKind.INITIATIVES, initiatives_ar, initiatives_en),
        (
            AgendaKind.WORKSHOPS,
            "ورش العمل: جمع وتوحيد المعوقات والمخاطر، ومناقشة متطلبات الأمانات وسبل الدعم",
            "Workshops: collecting and unifying obstacles and risks; requirements and means of support",
        ),
    ]
    if carries_actions:
        agenda.insert(
            2,
            (AgendaKind.FOLLOW_UP, "متابعة إجراءات اللقاءات السابقة", "Follow-up of the actions of earlier meetings"),
        )
    return agenda


def open_actions_before(meeting: Meeting) -> list[Action]:
    """Actions of the group's earlier meetings that are still open or in progress now (one query)."""
    return list(
        Action.objects.filter(
            decision__meeting__group=meeting.group,
            decision__meeting__number__lt=meeting.number,
            status__in=OPEN_STATUSES,
        ).order_by("due_on", "id")
    )


def carry_open_actions(meeting: Meeting) -> list[CarriedAction]:
    """Fix the list of earlier actions still open when the meeting is planned (two queries)."""
    return CarriedAction.objects.bulk_create(
        [
            CarriedAction(meeting=meeting, action=action, status_when_planned=action.status)
            for action in open_actions_before(meeting)
        ]
    )


def _check_host(host: Secretariat | None, group: int) -> None:
    if host is not None and host.group != group:
        raise Refused(_("The host must be one of the group's secretariats."), field="host")


@transaction.atomic
def meeting_create(
    *,
    by,
    group: int,
    period: ReportingPeriod,
    held_on: datetime.date,
    number: int | None = None,
    host: Secretariat | None = None,
    chair_title_ar: str = "",
    chair_title_en: str = "",
    chair_name_ar: str = "",
    chair_name_en: str = "",
    is_demo: bool = False,
) -> Meeting:
    """Plan the next meeting of a group: its default agenda, and the earlier actions still open today."""
    require_reviewer(by)
    if group < 1:
        raise Refused(_("A group is a number from 1."), field="group")
    _check_host(host, group)
    if number is None:
        number = (Meeting.objects.filter(group=group).aggregate(last=Max("number"))["last"] or 0) + 1
    if Meeting.objects.filter(group=group, number=number).exists():
        raise Refused(
            _("Group %(group)s already has a meeting %(number)s.") % {"group": group, "number": number}, field="number"
        )
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                group=group,
                number=number,
                period=period,
                held_on=held_on,
                host=host,
                chair_title_ar=clean_text(chair_title_ar),
                chair_title_en=clean_text(chair_title_en),
                chair_name_ar=clean_text(chair_name_ar),
                chair_name_en=clean_text(chair_name_en),
                is_demo=is_demo,
                created_by=by,
            )
    except IntegrityError:
        raise Refused(
            _("Group %(group)s already has a meeting %(number)s.") % {"group": group, "number": number}, field="number"
        ) from None
    carried = carry_open_actions(meeting)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, kind=kind, title_ar=ar, title_en=en)
        for n, (kind, ar, en) in enumerate(default_agenda(carries_actions=bool(carried)), start=1)
    )
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, **fields) -> Meeting:
    """Edit a meeting's date, host, chair or period; the period of a held meeting is its snapshot's and stays."""
    require_reviewer(by)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise Refused(_("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if "period" in fields and meeting.is_held and fields["period"].pk != meeting.period_id:
        raise Refused(_("A held meeting keeps the period it reviewed."), field="period")
    if "host" in fields:
        _check_host(fields["host"], meeting.group)
    for name, value in fields.items():
        setattr(meeting, name, clean_text(value) if isinstance(value, str) else value)
    save_with_history(meeting, by=by, reason=_("Meeting edited"))
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by, held_on: datetime.date | None = None) -> Meeting:
    """The meeting took place: freeze the scorecard it saw (or keep the one already frozen for its quarter)."""
    require_reviewer(by)
    meeting = Meeting.objects.select_for_update().select_related("period").get(pk=meeting.pk)
    if meeting.is_held:
        raise Refused(_("This meeting is already marked as held."), field="status")
    meeting.status = MeetingStatus.HELD
    if held_on is not None:
        meeting.held_on = held_on
    meeting.snapshot = snapshot_for_meeting(period=meeting.period, group=meeting.group, by=by)
    save_with_history(meeting, by=by, reason=_("Meeting held; scorecard frozen"))
    return meeting


# --- attendees ----------------------------------------------------------------------------------------------------


@transaction.atomic
def attendee_add(
    *,
    meeting: Meeting,
    by,
    role: str,
    secretariat: Secretariat | None = None,
    unit: MinistryUnit | None = None,
    name_ar: str = "",
    name_en: str = "",
    position_ar: str = "",
    position_en: str = "",
) -> Attendee:
    require_reviewer(by)
    if role not in AttendeeRole.values:
        raise Refused(_("Choose a role."), field="role")
    if (secretariat is None) == (unit is None):
        raise Refused(
            _("Choose the secretariat or the ministry unit the attendee represents, not both."), field="secretariat"
        )
    return Attendee.objects.create(
        meeting=meeting,
        role=role,
        secretariat=secretariat,
        unit=unit,
        name_ar=clean_text(name_ar),
        name_en=clean_text(name_en),
        position_ar=clean_text(position_ar),
        position_en=clean_text(position_en),
    )


@transaction.atomic
def attendee_remove(*, attendee: Attendee, by) -> None:
    require_reviewer(by)
    attendee.delete()


# --- agenda and minutes -------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_save(
    *,
    meeting: Meeting,
    by,
    item: AgendaItem | None = None,
    order: int,
    kind: str = AgendaKind.OTHER,
    title_ar: str,
    title_en: str = "",
    minutes_ar: str = "",
    minutes_en: str = "",
) -> AgendaItem:
    """Add an agenda item, or edit one (its place, title and minutes)."""
    require_reviewer(by)
    if item is not None and item.meeting_id != meeting.pk:
        raise Refused(_("This item belongs to another meeting."), field="order")
    if kind not in AgendaKind.values:
        raise Refused(_("Choose a kind of item."), field="kind")
    title_ar = clean_text(title_ar)
    if not title_ar:
        raise Refused(_("Give the item an Arabic title."), field="title_ar")
    item = item or AgendaItem(meeting=meeting)
    item.order, item.kind, item.title_ar, item.title_en = order, kind, title_ar, clean_text(title_en)
    item.minutes_ar, item.minutes_en = clean_text(minutes_ar), clean_text(minutes_en)
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by) -> None:
    require_reviewer(by)
    item.delete()


@transaction.atomic
def carried_note_save(*, carried: CarriedAction, by, note_ar: str = "", note_en: str = "") -> CarriedAction:
    """What the minutes record about an action carried from an earlier meeting."""
    require_reviewer(by)
    carried.note_ar, carried.note_en = clean_text(note_ar), clean_text(note_en)
    carried.save(update_fields=["note_ar", "note_en"])
    return carried


# --- decisions ----------------------------------------------------------------------------------------------------


@transaction.atomic
def decision_save(
    *,
    meeting: Meeting,
    by,
    decision: Decision | None = None,
    text_ar: str = "",
    text_en: str = "",
    agenda_item: AgendaItem | None = None,
    is_demo: bool = False,
) -> Decision:
    """Record a decision of the meeting (in Arabic, English or both), or edit one."""
    require_reviewer(by)
    text_ar, text_en = require_some_text(text_ar, text_en)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise Refused(_("Choose an item of this meeting's agenda."), field="agenda_item")
    if decision is not None and decision.meeting_id != meeting.pk:
        raise Refused(_("This decision belongs to another meeting."))
    decision = decision or Decision(meeting=meeting, created_by=by, is_demo=is_demo)
    decision.text_ar, decision.text_en, decision.agenda_item = text_ar, text_en, agenda_item
    decision.save()
    return decision
