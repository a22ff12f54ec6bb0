"""Reads of the review cycle: meetings, their full record, follow-up actions.

Each function runs a fixed number of queries whatever the number of meetings, attendees, agenda
items, decisions or actions: related rows are joined or prefetched once, never read per row.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from meetings.models import (
    Action,
    ActionNote,
    AgendaItem,
    Attendee,
    CarriedAction,
    Decision,
    Meeting,
    Workshop,
    WorkshopRisk,
    WorkshopSupportRequest,
    WorkshopTopic,
)
from meetings.models.actions import OPEN_STATUSES
from programme.models import ReportingPeriod, Secretariat
from registers import selectors as registers_selectors
from registers.selectors import RegisterFilters

ACTION_RELATED = ("decision__meeting", "owner_secretariat", "owner_unit")


def today() -> datetime.date:
    """Today in Riyadh: an action is overdue the day after its due date."""
    return timezone.localdate()


def overdue_q(day: datetime.date | None = None) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on__lt=day or today())


def meetings_queryset() -> QuerySet:
    """Meetings with their period, host and snapshot joined, and their counts of decisions and open actions."""
    return Meeting.objects.select_related("period", "host", "snapshot__period").annotate(
        decision_count=Count("decisions", distinct=True),
        open_action_count=Count(
            "decisions__actions", filter=Q(decisions__actions__status__in=OPEN_STATUSES), distinct=True
        ),
    )


def meeting_list(*, group: int | None = None, year: int | None = None) -> list[Meeting]:
    """The meetings, latest first (one query)."""
    meetings = meetings_queryset()
    if group is not None:
        meetings = meetings.filter(group=group)
    if year is not None:
        meetings = meetings.filter(held_on__year=year)
    return list(meetings.order_by("-held_on", "group", "-number"))


def meeting_filter_options() -> tuple[list[int], list[int]]:
    """Groups and years that have a meeting, for the filter bar (two queries)."""
    groups = list(Meeting.objects.order_by("group").values_list("group", flat=True).distinct())
    years = sorted({day.year for day in Meeting.objects.order_by().values_list("held_on", flat=True).distinct()})
    return groups, years


def actions_queryset() -> QuerySet:
    return Action.objects.select_related(*ACTION_RELATED)


def _actions_prefetch(lookup: str = "actions") -> Prefetch:
    return Prefetch(
        lookup, queryset=Action.objects.select_related("owner_secretariat", "owner_unit").order_by("due_on", "id")
    )


def meeting_detail(pk: int) -> Meeting:
    """A meeting with everything its page shows: eight queries, whatever their number.

    The meeting (with period, host, snapshot), its attendees, agenda items, decisions, their actions,
    the actions it carried (with their meeting and owner), its workshops with their risks and requests.
    """
    return (
        Meeting.objects.select_related("period", "host", "snapshot", "snapshot__frozen_by")
        .prefetch_related(
            Prefetch(
                "attendees", queryset=Attendee.objects.select_related("secretariat", "unit").order_by("role", "id")
            ),
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "id")),
            Prefetch("decisions", queryset=Decision.objects.select_related("agenda_item").order_by("id")),
            _actions_prefetch("decisions__actions"),
            Prefetch(
                "carried_actions",
                queryset=CarriedAction.objects.select_related(
                    "action__decision__meeting", "action__owner_secretariat", "action__owner_unit"
                ).order_by("action__due_on", "action_id"),
            ),
            "workshops",
            Prefetch("workshops__risk_links", queryset=WorkshopRisk.objects.select_related("risk__secretariat")),
            Prefetch(
                "workshops__support_links",
                queryset=WorkshopSupportRequest.objects.select_related("support_request__secretariat"),
            ),
        )
        .get(pk=pk)
    )


def action_detail(pk: int) -> Action:
    """An action with its meeting, owner and progress notes with their writers (two queries)."""
    return (
        actions_queryset()
        .prefetch_related(Prefetch("notes", queryset=ActionNote.objects.select_related("by").order_by("at", "id")))
        .get(pk=pk)
    )


def secretariat_open_actions(secretariat: Secretariat) -> list[Action]:
    """The open actions a secretariat owns, soonest due first (one query)."""
    return list(
        actions_queryset().filter(owner_secretariat=secretariat, status__in=OPEN_STATUSES).order_by("due_on", "id")
    )


def meeting_for(*, period: ReportingPeriod, group: int) -> Meeting | None:
    """The group's latest meeting reviewing the period, if any (one query)."""
    return (
        Meeting.objects.select_related("period", "host", "snapshot")
        .filter(period=period, group=group)
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class MeetingFollowUp:
    """What the review pack shows of the review cycle for one quarter and group."""

    meeting: Meeting | None
    earlier_actions: list[Action]  # actions of earlier meetings, with their status today
    decisions: list[Decision]  # this meeting's decisions with their actions, once it is held

    @property
    def is_demo(self) -> bool:
        return any(row.is_demo for row in (*self.earlier_actions, *self.decisions)) or bool(
            self.meeting and self.meeting.is_demo
        )


def pack_follow_up(*, period: ReportingPeriod, group: int) -> MeetingFollowUp:
    """The pack's two review-cycle sections (at most four queries).

    With a meeting for the quarter: the actions it carried (still open when it was planned) and,
    once held, its decisions with their actions. Without one: the actions of the group's meetings
    on earlier quarters that are still open today.
    """
    meeting = meeting_for(period=period, group=group)
    if meeting is not None:
        earlier = [
            carried.action
            for carried in CarriedAction.objects.filter(meeting=meeting)
            .select_related("action__decision__meeting", "action__owner_secretariat", "action__owner_unit")
            .order_by("action__due_on", "action_id")
        ]
    else:
        earlier = list(
            actions_queryset()
            .filter(
                decision__meeting__group=group, decision__meeting__period_id__lt=period.pk, status__in=OPEN_STATUSES
            )
            .order_by("due_on", "id")
        )
    decisions = []
    if meeting is not None and meeting.is_held:
        decisions = list(meeting.decisions.prefetch_related(_actions_prefetch()).order_by("id"))
    return MeetingFollowUp(meeting=meeting, earlier_actions=earlier, decisions=decisions)


def workshop_detail(pk: int):
    """A workshop with its meeting and the entries it produced or merged, with their secretariats (three queries)."""
    return (
        Workshop.objects.select_related("meeting", "meeting__period", "meeting__host")
        .prefetch_related(
            Prefetch("risk_links", queryset=WorkshopRisk.objects.select_related("risk__secretariat", "by")),
            Prefetch(
                "support_links",
                queryset=WorkshopSupportRequest.objects.select_related("support_request__secretariat", "by"),
            ),
        )
        .get(pk=pk)
    )


def workshop_candidates(workshop) -> list:
    """Entries of the meeting's group a workshop may record: top-level risks with their reach (two queries),
    or support requests (one query)."""
    filters = RegisterFilters(group=workshop.meeting.group)
    if workshop.topic == WorkshopTopic.RISKS:
        return registers_selectors.risk_register(filters=filters)
    return registers_selectors.support_requests(filters=filters)
