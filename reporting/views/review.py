"""/review/: a reviewer's queue of submitted figures, with approve, return (with a reason) and approve-selected."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from madinati.errors import Refused, show_refusal
from programme.params import parse_period
from reporting.quality import with_quality
from reporting.selectors import axis_by_code, figures_by_key, review_filter_choices, review_queue, secretariat_by_code
from reporting.services.review import row_approve, row_return, rows_approve

#: ``value-12-3``: kind, primary key, and the version the reviewer read.
Item = tuple[str, int, int]


def _flagged(raw: str | None) -> bool:
    """``?flagged=1``: only the values a data-quality check flagged."""
    if raw in (None, "", "0", "false"):
        return False
    if raw in ("1", "true", "on"):
        return True
    raise BadRequest(_("“%(value)s” is not a choice for flagged: use 1 or 0.") % {"value": raw[:20]})


def _filters(request) -> dict:
    """``?period= &secretariat= &axis=``; a malformed or unknown one is a 400 saying which."""
    period = parse_period(request.GET.get("period"))
    secretariat = axis = None
    if code := request.GET.get("secretariat"):
        secretariat = secretariat_by_code(code)
        if secretariat is None:
            raise BadRequest(_("“%(value)s” is not a secretariat code.") % {"value": code[:40]})
    if code := request.GET.get("axis"):
        axis = axis_by_code(code)
        if axis is None:
            raise BadRequest(_("“%(value)s” is not an axis code.") % {"value": code[:20]})
    return {"period": period, "secretariat": secretariat, "axis": axis}


def _parse_item(raw: str) -> Item:
    """``value-12-3`` → ("value", 12, 3) (kind, pk, version read by the reviewer)."""
    try:
        kind, pk, version = raw.split("-")
        if kind not in ("value", "progress"):
            raise ValueError(kind)
        return kind, int(pk), int(version)
    except ValueError:
        raise BadRequest(_("The selected item is not valid; reload the page.")) from None


def _load(items: list[Item]):
    """``(row, version)`` for each item the form names; 404 when one no longer exists."""
    found = figures_by_key((kind, pk) for kind, pk, _version in items)
    try:
        return [(found[(kind, pk)], version) for kind, pk, version in items]
    except KeyError:
        raise Http404(_("This figure no longer exists.")) from None


def _act(request) -> None:
    """Carry out the posted action; a refusal becomes the message on the queue."""
    if raw := request.POST.get("approve"):
        [(row, version)] = _load([_parse_item(raw)])
        row_approve(row=row, by=request.user, version=version)
        messages.success(request, _("Approved."))
    elif raw := request.POST.get("return"):
        kind, pk, version = _parse_item(raw)
        [(row, version)] = _load([(kind, pk, version)])
        row_return(row=row, by=request.user, reason=request.POST.get(f"reason-{kind}-{pk}", ""), version=version)
        messages.success(request, _("Returned to the secretariat with your reason."))
    elif "approve_selected" in request.POST:
        items = [_parse_item(raw) for raw in request.POST.getlist("selected")]
        if not items:
            messages.error(request, _("Select the figures to approve first."))
            return
        count = rows_approve(rows=_load(items), by=request.user)
        messages.success(request, _("Approved %(count)d figures.") % {"count": count})
    else:
        raise BadRequest(_("Choose approve or return."))


@require_http_methods(["GET", "POST"])
def review(request):
    if not request.user.is_reviewer:
        raise PermissionDenied(_("Only a ministry reviewer approves or returns figures."))
    filters = _filters(request)
    flagged = _flagged(request.GET.get("flagged"))

    if request.method == "POST":
        try:
            _act(request)
        except Refused as exc:
            show_refusal(exc, request=request)
        return redirect(f"{reverse('review')}?{request.GET.urlencode()}" if request.GET else reverse("review"))

    values, progress = review_queue(**filters)
    values = with_quality(values)
    if flagged:
        # Only indicator values are checked: the flagged view lists no initiative progress.
        values, progress = [v for v in values if v.quality_flags], []
    context = {
        "values": values,
        "progress": progress,
        "filters": {**filters, "flagged": flagged},
        "flagged_count": sum(1 for v in values if v.quality_flags),
        **review_filter_choices(),
    }
    return render(request, "review/review.html", context)
