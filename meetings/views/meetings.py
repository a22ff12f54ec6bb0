"""Meetings: the list, one meeting's full record, and the reviewer's pages that plan, edit and hold it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madinati.errors import Refused, run_form, show_refusal
from meetings import selectors
from meetings.filters import MeetingFilter
from meetings.forms import (
    ActionForm,
    AgendaItemForm,
    AttendeeForm,
    CarriedNoteForm,
    DecisionForm,
    MarkHeldForm,
    MeetingForm,
)
from meetings.models import AgendaItem, AgendaKind, Attendee, CarriedAction, Decision, Meeting, Snapshot
from meetings.permissions import can_run_meetings
from meetings.services import actions as action_services
from meetings.services import meetings as services
from meetings.views.common import form_page, get_or_404, not_found, require_reviewer


def meeting_list(request):
    """``/meetings/?group= &year=``: every meeting, latest first."""
    query = MeetingFilter(request.GET, queryset=Meeting.objects.none())
    if not query.is_valid():
        raise BadRequest(" ".join(f"{name}: {' '.join(errors)}" for name, errors in query.errors.items()))
    data = query.form.cleaned_data
    groups, years = selectors.meeting_filter_options()
    meetings = selectors.meeting_list(group=data.get("group"), year=data.get("year"))
    if data.get("period") is not None:
        meetings = [meeting for meeting in meetings if meeting.period_id == data["period"]]
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": meetings,
            "groups": groups,
            "years": years,
            "raw": {key: request.GET.get(key, "") for key in ("group", "year")},
            "can_run": can_run_meetings(request.user),
            "is_demo": any(meeting.is_demo for meeting in meetings),
        },
    )


def meeting_detail(request, pk: int):
    try:
        meeting = selectors.meeting_detail(pk)
    except Meeting.DoesNotExist:
        raise not_found() from None
    pack_query = urlencode({"period": meeting.period.key, "group": meeting.group})
    # The quarter may have been frozen before the meeting (a reviewer pressed "freeze"): one query then.
    frozen = meeting.snapshot or Snapshot.objects.filter(period=meeting.period, group=meeting.group).first()
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "can_run": can_run_meetings(request.user),
            "pack_url": f"{reverse('review-pack')}?{pack_query}",
            "frozen": frozen,
            "has_follow_up_item": any(item.kind == AgendaKind.FOLLOW_UP for item in meeting.agenda_items.all()),
            "follow_up_kind": AgendaKind.FOLLOW_UP,
            "workshops_kind": AgendaKind.WORKSHOPS,
            "held_form": MarkHeldForm(initial={"held_on": meeting.held_on}),
            "today": selectors.today(),
        },
    )


def meeting_create(request):
    require_reviewer(request)
    form = MeetingForm(request.POST or None, initial={"group": request.GET.get("group") or 2})
    done = run_form(
        request,
        form,
        lambda data: services.meeting_create(by=request.user, **data),
        done=_("The meeting was planned with its default agenda."),
        then=lambda meeting: reverse("meeting-detail", args=[meeting.pk]),
    )
    if done:
        return done
    return form_page(
        request, form=form, title=_("Plan a meeting"), back=reverse("meeting-list"), back_label=_("Meetings")
    )


def meeting_edit(request, pk: int):
    require_reviewer(request)
    meeting = get_or_404(Meeting.objects.all(), pk)
    form = MeetingForm(request.POST or None, instance=meeting, editing=True)
    done = run_form(
        request,
        form,
        lambda data: services.meeting_update(meeting=meeting, by=request.user, **data),
        done=_("The meeting was saved."),
        then=reverse("meeting-detail", args=[pk]),
    )
    if done:
        return done
    return form_page(
        request,
        form=form,
        title=_("Edit the meeting"),
        back=reverse("meeting-detail", args=[pk]),
        back_label=str(meeting),
    )


@require_POST
def meeting_held(request, pk: int):
    meeting = get_or_404(Meeting.objects.all(), pk)
    form = MarkHeldForm(request.POST)
    held_on = form.cleaned_data.get("held_on") if form.is_valid() else None
    try:
        services.meeting_mark_held(meeting=meeting, by=request.user, held_on=held_on)
    except Refused as refusal:
        show_refusal(refusal, request=request)
    else:
        messages.success(request, _("The meeting is marked as held and the scorecard it saw is frozen."))
    return redirect("meeting-detail", pk=pk)


def attendee_add(request, pk: int):
    require_reviewer(request)
    meeting = get_or_404(Meeting.objects.all(), pk)
    form = AttendeeForm(request.POST or None)
    done = run_form(
        request,
        form,
        lambda data: services.attendee_add(meeting=meeting, by=request.user, **data),
        done=_("The attendee was added."),
        then=reverse("meeting-detail", args=[pk]),
    )
    if done:
        return done
    return form_page(
        request,
        form=form,
        title=_("Add an attendee"),
        back=reverse("meeting-detail", args=[pk]),
        back_label=str(meeting),
    )


@require_POST
def attendee_delete(request, pk: int):
    attendee = get_or_404(Attendee.objects.all(), pk)
    try:
        services.attendee_remove(attendee=attendee, by=request.user)
    except Refused as refusal:
        show_refusal(refusal, request=request)
    return redirect("meeting-detail", pk=attendee.meeting_id)


def agenda_item_edit(request, pk: int | None = None, meeting_pk: int | None = None):
    """Add an agenda item (``meeting_pk``) or edit one and its minutes (``pk``)."""
    require_reviewer(request)
    item = get_or_404(AgendaItem.objects.select_related("meeting"), pk) if pk else None
    meeting = item.meeting if item else get_or_404(Meeting.objects.all(), meeting_pk)
    initial = {} if item else {"order": meeting.agenda_items.count() + 1, "kind": AgendaKind.OTHER}
    form = AgendaItemForm(request.POST or None, instance=item, initial=initial)
    done = run_form(
        request,
        form,
        lambda data: services.agenda_item_save(meeting=meeting, item=item, by=request.user, **data),
        done=_("The agenda was saved."),
        then=f"{reverse('meeting-detail', args=[meeting.pk])}#agenda",
    )
    if done:
        return done
    title = _("Edit the agenda item and its minutes") if item else _("Add an agenda item")
    return form_page(
        request, form=form, title=title, back=reverse("meeting-detail", args=[meeting.pk]), back_label=str(meeting)
    )


@require_POST
def agenda_item_delete(request, pk: int):
    item = get_or_404(AgendaItem.objects.all(), pk)
    try:
        services.agenda_item_delete(item=item, by=request.user)
    except Refused as refusal:
        show_refusal(refusal, request=request)
    return redirect("meeting-detail", pk=item.meeting_id)


def carried_note_edit(request, pk: int):
    """What the minutes record about an action carried from an earlier meeting."""
    require_reviewer(request)
    carried = get_or_404(CarriedAction.objects.select_related("meeting", "action"), pk)
    form = CarriedNoteForm(request.POST or None, instance=carried)
    done = run_form(
        request,
        form,
        lambda data: services.carried_note_save(carried=carried, by=request.user, **data),
        done=_("The minutes were saved."),
        then=f"{reverse('meeting-detail', args=[carried.meeting_id])}#follow-up",
    )
    if done:
        return done
    return form_page(
        request,
        form=form,
        title=_("What was said about this action"),
        intro=carried.action.text,
        back=reverse("meeting-detail", args=[carried.meeting_id]),
        back_label=str(carried.meeting),
    )


def decision_edit(request, pk: int | None = None, meeting_pk: int | None = None):
    """Record a decision (``meeting_pk``) or edit one (``pk``)."""
    require_reviewer(request)
    decision = get_or_404(Decision.objects.select_related("meeting"), pk) if pk else None
    meeting = decision.meeting if decision else get_or_404(Meeting.objects.all(), meeting_pk)
    form = DecisionForm(request.POST or None, instance=decision, meeting=meeting)
    done = run_form(
        request,
        form,
        lambda data: services.decision_save(meeting=meeting, decision=decision, by=request.user, **data),
        done=_("The decision was saved."),
        then=f"{reverse('meeting-detail', args=[meeting.pk])}#decisions",
    )
    if done:
        return done
    title = _("Edit the decision") if decision else _("Record a decision")
    return form_page(
        request, form=form, title=title, back=reverse("meeting-detail", args=[meeting.pk]), back_label=str(meeting)
    )


def action_add(request, decision_pk: int):
    require_reviewer(request)
    decision = get_or_404(Decision.objects.select_related("meeting"), decision_pk)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action_services.action_create(
                decision=decision,
                by=request.user,
                text_ar=data["text_ar"],
                text_en=data["text_en"],
                due_on=data["due_on"],
                **form.owners(),
            )
        except Refused as refusal:
            show_refusal(refusal, form=form)
        else:
            messages.success(request, _("The action was recorded."))
            return redirect(f"{reverse('meeting-detail', args=[decision.meeting_id])}#decisions")
    return form_page(
        request,
        form=form,
        title=_("Add a follow-up action"),
        intro=decision.text,
        back=reverse("meeting-detail", args=[decision.meeting_id]),
        back_label=str(decision.meeting),
    )
