"""Workshops of a held meeting, what they produced or merged, and the risk merge page opened in a workshop."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madinati.errors import Refused, run_form, show_refusal
from meetings import selectors
from meetings.forms import WorkshopForm, WorkshopLinkForm
from meetings.models import Meeting, Workshop, WorkshopRisk, WorkshopSupportRequest, WorkshopTopic
from meetings.permissions import can_run_meetings
from meetings.services import workshops as services
from meetings.views.common import form_page, get_or_404, not_found, require_reviewer
from registers.forms import RiskMergeForm
from registers.selectors import risks_by_ids

LINKS = {"risk": WorkshopRisk, "support": WorkshopSupportRequest}


def workshop_edit(request, pk: int | None = None, meeting_pk: int | None = None):
    """Record a workshop of a held meeting (``meeting_pk``) or edit one (``pk``)."""
    require_reviewer(request)
    workshop = get_or_404(Workshop.objects.select_related("meeting"), pk) if pk else None
    meeting = workshop.meeting if workshop else get_or_404(Meeting.objects.all(), meeting_pk)
    form = WorkshopForm(request.POST or None, instance=workshop)
    done = run_form(
        request,
        form,
        lambda data: services.workshop_save(meeting=meeting, workshop=workshop, by=request.user, **data),
        done=_("The workshop was saved."),
        then=lambda workshop: reverse("workshop-detail", args=[workshop.pk]),
    )
    if done:
        return done
    title = _("Edit the workshop") if workshop else _("Record a workshop")
    return form_page(
        request, form=form, title=title, back=reverse("meeting-detail", args=[meeting.pk]), back_label=str(meeting)
    )


def _link_choices(workshop: Workshop, candidates) -> list[tuple[str, str]]:
    kind = "risk" if workshop.topic == WorkshopTopic.RISKS else "support"
    return [(f"{kind}:{entry.pk}", f"{entry.title} · {entry.secretariat.name}") for entry in candidates]


def workshop_detail(request, pk: int):
    """A workshop: its notes, the register entries it produced or merged; reviewers link and merge here."""
    try:
        workshop = selectors.workshop_detail(pk)
    except Workshop.DoesNotExist:
        raise not_found() from None
    can_run = can_run_meetings(request.user)
    candidates = selectors.workshop_candidates(workshop) if can_run else []
    form = WorkshopLinkForm(request.POST or None, choices=_link_choices(workshop, candidates))
    if request.method == "POST":
        require_reviewer(request)
        if form.is_valid():
            kind, _sep, entry_pk = form.cleaned_data["entry"].partition(":")
            by_pk = {entry.pk: entry for entry in candidates}
            try:
                entry = by_pk[int(entry_pk)]
                if kind == "risk":
                    services.workshop_link_risk(
                        workshop=workshop, risk=entry, by=request.user, outcome=form.cleaned_data["outcome"]
                    )
                else:
                    services.workshop_link_support_request(
                        workshop=workshop, support_request=entry, by=request.user, outcome=form.cleaned_data["outcome"]
                    )
            except Refused as refusal:
                show_refusal(refusal, form=form, field="entry")
            else:
                messages.success(request, _("The entry was recorded as an outcome of the workshop."))
                return redirect("workshop-detail", pk=pk)
    return render(
        request,
        "meetings/workshop_detail.html",
        {
            "workshop": workshop,
            "meeting": workshop.meeting,
            "can_run": can_run,
            "form": form,
            "merge_candidates": candidates if workshop.topic == WorkshopTopic.RISKS else [],
        },
        status=400 if form.errors else 200,
    )


@require_POST
def workshop_unlink(request, kind: str, pk: int):
    if kind not in LINKS:
        raise PermissionDenied
    link = get_or_404(LINKS[kind].objects.all(), pk)
    try:
        services.workshop_unlink(link=link, by=request.user)
    except Refused as refusal:
        show_refusal(refusal, request=request)
    return redirect("workshop-detail", pk=link.workshop_id)


def workshop_merge(request, pk: int):
    """The merge page of the risk register, opened in a workshop: its merges are attributed to the workshop."""
    require_reviewer(request)
    workshop = get_or_404(Workshop.objects.select_related("meeting"), pk)
    data = request.POST if request.method == "POST" else request.GET
    try:
        ids = sorted({int(value) for value in data.getlist("risks")})
    except ValueError:
        ids = []
    chosen = risks_by_ids(ids=ids)
    form = RiskMergeForm(request.POST or None, risk_ids=[risk.pk for risk in chosen])
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["canonical"]
        by_id = {risk.pk: risk for risk in chosen}
        try:
            services.workshop_merge_risks(
                workshop=workshop,
                canonical=by_id[keep],
                duplicates=[by_id[risk_pk] for risk_pk in form.cleaned_data["risks"] if risk_pk != keep],
                by=request.user,
                reason=form.cleaned_data["reason"],
                title=form.cleaned_data["title"],
            )
        except Refused as refusal:
            show_refusal(refusal, form=form)
        else:
            messages.success(request, _("The entries were merged into one unified entry, in this workshop."))
            return redirect("workshop-detail", pk=pk)
    return render(
        request,
        "meetings/workshop_merge.html",
        {"form": form, "chosen": chosen, "workshop": workshop, "meeting": workshop.meeting},
        status=400 if form.errors else 200,
    )
