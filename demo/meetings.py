"""The review cycle of group two, loaded by ``seed_demo``.

- Meeting 1 of group two (reviewing 2017-Q4): invented, with a few actions, some done, some open.
- Meeting 2 of group two: the seed report's meeting, hosted by Taif, reviewing 2018-Q1, held. Its
  chair, attendees' roles, agenda and the substance of its minutes come from the report; its date,
  decisions, actions and what its workshops recorded are invented. Its snapshot is frozen.
- Meeting 3 of group two (2018-Q2): planned, carrying every action still open.

Everything invented is flagged ``is_demo``. Idempotent: rows are found by their natural keys and
only differing fields are written; a snapshot is frozen once and never rewritten.
"""

import datetime

from django.utils import timezone

from demo.meetings_data import CHAIR, MEETINGS, UNITS
from demo.upsert import upsert
from meetings.models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendee,
    CarriedAction,
    Decision,
    Meeting,
    MeetingStatus,
    MinistryUnit,
    Snapshot,
    Workshop,
    WorkshopRisk,
    WorkshopSupportRequest,
)
from meetings.services.meetings import carry_open_actions, default_agenda
from meetings.services.snapshots import snapshot_store
from programme.models import Axis, ReportingPeriod, Secretariat
from registers.models import Risk, SupportRequest


def _moment(day: str, hour: int = 10) -> datetime.datetime:
    """A fixed time in Riyadh on that day, so a rerun writes the same note times."""
    return timezone.make_aware(datetime.datetime.fromisoformat(day).replace(hour=hour), timezone.get_default_timezone())


def seed_units() -> int:
    axes = {axis.code: axis for axis in Axis.objects.all()}
    written = 0
    for code, name_ar, name_en, axis, is_demo in UNITS:
        if axis:
            # An axis's leader is the unit named on the axis (demo/structure.py).
            name_ar, name_en = axes[axis].leader_ar or name_ar, axes[axis].leader_en or name_en
        written += upsert(
            MinistryUnit,
            {"code": code},
            {"name_ar": name_ar, "name_en": name_en, "axis": axes.get(axis), "is_demo": is_demo},
        )[1]
    return written


def _seed_meeting(spec: dict, refs: dict) -> tuple[Meeting, int, bool]:
    meeting, written = upsert(
        Meeting,
        {"group": spec["group"], "number": spec["number"]},
        {
            "period": refs["periods"][spec["period"]],
            "held_on": datetime.date.fromisoformat(spec["held_on"]),
            "host": refs["secretariats"][spec["host"]],
            "is_demo": True,
            **CHAIR,
        },
    )
    created = written and not meeting.agenda_items.exists()
    agenda = spec.get("agenda") or [
        {"kind": kind, "title_ar": ar, "title_en": en}
        for kind, ar, en in default_agenda(carries_actions=spec["carries"])
    ]
    items = {}
    for order, item in enumerate(agenda, start=1):
        values = {"kind": item["kind"], "title_ar": item["title_ar"], "title_en": item["title_en"]}
        values |= {"minutes_ar": item.get("minutes_ar", ""), "minutes_en": item.get("minutes_en", "")}
        items[item["kind"]], changed = upsert(AgendaItem, {"meeting": meeting, "order": order}, values)
        written += changed
    for role, where, name_ar, name_en, position_ar, position_en in spec.get("attendees", []):
        lookup = {"meeting": meeting, "role": role, "position_ar": position_ar}
        lookup |= {"secretariat": refs["secretariats"].get(where), "unit": refs["units"].get(where)}
        written += upsert(Attendee, lookup, {"name_ar": name_ar, "name_en": name_en, "position_en": position_en})[1]
    refs["items"] = items
    return meeting, written, created


def _seed_decisions(meeting: Meeting, spec: dict, refs: dict) -> int:
    written = 0
    for decision_spec in spec.get("decisions", []):
        decision, changed = upsert(
            Decision,
            {"meeting": meeting, "text_ar": decision_spec["text_ar"]},
            {
                "text_en": decision_spec["text_en"],
                "agenda_item": refs["items"].get(decision_spec.get("item")),
                "is_demo": True,
            },
        )
        written += changed
        for key, owner, due_on, status, text_ar, text_en, drop_reason, notes in decision_spec["actions"]:
            action, changed = upsert(
                Action,
                {
                    "decision": decision,
                    "text_ar": text_ar,
                    "owner_secretariat": refs["secretariats"].get(owner),
                    "owner_unit": refs["units"].get(owner),
                },
                {
                    "text_en": text_en,
                    "due_on": datetime.date.fromisoformat(due_on),
                    "status": status,
                    "drop_reason": drop_reason,
                    "is_demo": True,
                },
            )
            written += changed
            refs["actions"][key] = action
            for day, note_status, text in notes:
                written += upsert(
                    ActionNote,
                    {"action": action, "text": text},
                    {"status": note_status, "at": _moment(day), "is_demo": True},
                )[1]
    return written


def _seed_carried(meeting: Meeting, spec: dict, refs: dict, created: bool) -> int:
    if spec.get("carried") is None:
        # Planned here: the open actions are carried as the product carries them, once, at planning.
        return len(carry_open_actions(meeting)) if created else 0
    written = 0
    for key, status_when_planned, note_ar, note_en in spec["carried"]:
        written += upsert(
            CarriedAction,
            {"meeting": meeting, "action": refs["actions"][key]},
            {"status_when_planned": status_when_planned, "note_ar": note_ar, "note_en": note_en},
        )[1]
    return written


def _seed_workshops(meeting: Meeting, spec: dict, refs: dict) -> int:
    written = 0
    for topic, title_ar, title_en, notes_ar, notes_en, risks, requests in spec.get("workshops", []):
        workshop, changed = upsert(
            Workshop,
            {"meeting": meeting, "topic": topic},
            {"title_ar": title_ar, "title_en": title_en, "notes_ar": notes_ar, "notes_en": notes_en, "is_demo": True},
        )
        written += changed
        for (code, title), outcome in risks:
            risk = Risk.objects.get(secretariat=refs["secretariats"][code], title=title)
            written += upsert(WorkshopRisk, {"workshop": workshop, "risk": risk}, {"outcome": outcome})[1]
        for (code, title), outcome in requests:
            request = SupportRequest.objects.get(secretariat=refs["secretariats"][code], title=title)
            written += upsert(
                WorkshopSupportRequest, {"workshop": workshop, "support_request": request}, {"outcome": outcome}
            )[1]
    return written


def _freeze(meeting: Meeting) -> int:
    """Held: its snapshot, frozen once (never rewritten by a rerun)."""
    if meeting.status != MeetingStatus.HELD:
        return 0
    written = 0
    snapshot = Snapshot.objects.filter(period=meeting.period, group=meeting.group).first()
    if snapshot is None:
        snapshot = snapshot_store(period=meeting.period, group=meeting.group, by=None)
        written += 1
    written += upsert(Meeting, {"pk": meeting.pk}, {"snapshot": snapshot})[1]
    return written


def seed_meetings() -> int:
    written = seed_units()
    refs = {
        "secretariats": {s.code: s for s in Secretariat.objects.all()},
        "units": {u.code: u for u in MinistryUnit.objects.all()},
        "periods": {p.key: p for p in ReportingPeriod.objects.all()},
        "actions": {},
    }
    for spec in MEETINGS:
        meeting, changed, created = _seed_meeting(spec, refs)
        written += changed
        written += _seed_carried(meeting, spec, refs, created)
        meeting, changed = upsert(Meeting, {"pk": meeting.pk}, {"status": spec["status"]})
        written += changed
        written += _seed_decisions(meeting, spec, refs)
        written += _seed_workshops(meeting, spec, refs)
        written += _freeze(meeting)
    return written
