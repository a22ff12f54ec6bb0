"""Frozen quarterly snapshots: the list, the citable and printable page, and the reviewer's "freeze"."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madinati.errors import Refused, show_refusal
from meetings.forms import FreezeForm
from meetings.models import Meeting, Snapshot
from meetings.permissions import can_run_meetings
from meetings.services import snapshots as services
from meetings.snapshots import frozen_scorecard, revised_since, snapshot_by_key


def snapshot_list(request):
    """Every snapshot, latest quarter first, with who froze it (one query)."""
    snapshots = list(
        Snapshot.objects.select_related("period", "frozen_by").defer("body").order_by("-period_id", "group")
    )
    return render(
        request,
        "meetings/snapshot_list.html",
        {
            "snapshots": snapshots,
            "can_run": can_run_meetings(request.user),
            "freeze_form": FreezeForm(),
        },
    )


def snapshot_detail(request, period: str, group: int):
    """``/snapshots/<period>/<group>/``: what was frozen, with its hash, and what was revised since."""
    try:
        snapshot = snapshot_by_key(period_key=period, group=group)
    except Snapshot.DoesNotExist:
        raise Http404(
            _("No snapshot of group %(group)s for %(period)s.") % {"group": group, "period": period[:10]}
        ) from None
    card = frozen_scorecard(snapshot)
    revisions = revised_since(snapshot)
    names = {summary.secretariat.code: summary.secretariat.name for summary in card.secretariats}
    indicators = {indicator.code: indicator.name for indicator in card.indicators}
    return render(
        request,
        "meetings/snapshot_detail.html",
        {
            "snapshot": snapshot,
            "card": card,
            "revisions": revisions,
            "secretariat_names": names,
            "indicator_names": indicators,
            "meetings": list(Meeting.objects.filter(snapshot=snapshot).order_by("number")),
            "intact": snapshot.is_intact,
            "citation_url": request.build_absolute_uri(reverse("snapshot-detail", args=[snapshot.period.key, group])),
        },
    )


@require_POST
def snapshot_freeze(request):
    form = FreezeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a period and a group to freeze."))
        return redirect("snapshot-list")
    period, group = form.cleaned_data["period"], form.cleaned_data["group"]
    try:
        services.snapshot_freeze(period=period, group=group, by=request.user)
    except Refused as refusal:
        show_refusal(refusal, request=request)
        return redirect(request.POST.get("next") or reverse("snapshot-list"))
    messages.success(request, _("The scorecard is frozen."))
    return redirect("snapshot-detail", period=period.key, group=group)
