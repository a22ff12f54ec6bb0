"""The quarterly review cycle: meetings, their agenda and minutes, decisions and follow-up actions,
workshops, and the frozen scorecard (``Snapshot``) a meeting saw.

A group's secretariats meet once a quarter to review the quarter before (the seed report's meeting
is the second of group two, reviewing 2018-Q1). What the meeting decides becomes actions with an
owner and a due date; the next meeting of the group goes through those still open when it was
planned. The figures it saw are frozen, so a correction made afterwards is visible, never silent.
"""

from meetings.models.actions import Action, ActionNote, ActionStatus, CarriedAction
from meetings.models.meetings import (
    AgendaItem,
    AgendaKind,
    Attendee,
    AttendeeRole,
    Decision,
    Meeting,
    MeetingStatus,
    exactly_one,
)
from meetings.models.snapshots import Snapshot, canonical_json, sha256_of
from meetings.models.units import MinistryUnit
from meetings.models.workshops import Workshop, WorkshopOutcome, WorkshopRisk, WorkshopSupportRequest, WorkshopTopic

__all__ = [
    "Action",
    "ActionNote",
    "ActionStatus",
    "AgendaItem",
    "AgendaKind",
    "Attendee",
    "AttendeeRole",
    "CarriedAction",
    "Decision",
    "Meeting",
    "MeetingStatus",
    "MinistryUnit",
    "Snapshot",
    "Workshop",
    "WorkshopOutcome",
    "WorkshopRisk",
    "WorkshopSupportRequest",
    "WorkshopTopic",
    "canonical_json",
    "exactly_one",
    "sha256_of",
]
