"""Pages of the registers and the review pack: parse, call a selector or a service, render.

Every signed-in user browses; officers write their own secretariat's entries;
reviewers change statuses, merge, answer and decide. The services enforce
all of it again, so a forged request gets the same refusal as the page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_write_secretariat
from madinati.errors import Refused, run_form, show_refusal
from programme.models import Axis, Secretariat
from registers import charts, selectors, services
from registers.filters import IdeaRegisterPageFilter, RiskRegisterPageFilter, SupportRequestRegisterPageFilter
from registers.forms import (
    IdeaForm,
    IdeaTransitionForm,
    RiskForm,
    RiskMergeForm,
    RiskStatusForm,
    SupportRequestForm,
    SupportResponseForm,
)
from registers.models import (
    Idea,
    IdeaStatus,
    Risk,
    RiskKind,
    RiskStatus,
    SupportCategory,
    SupportRequest,
    SupportStatus,
)


def _filter_context(raw: dict) -> dict:
    """Options of the filter bar: two queries (secretariats, axes)."""
    secretariats = list(Secretariat.objects.order_by("group", "code"))
    return {
        "raw": raw,
        "secretariats": secretariats,
        "groups": sorted({s.group for s in secretariats}),
        "axes": list(Axis.objects.order_by("code")),
    }


def _get_or_404(model, pk: int):
    try:
        return model.objects.select_related("secretariat").get(pk=pk)
    except model.DoesNotExist:
        raise Http404(_("No such entry.")) from None


def _require_officer(request) -> None:
    if not (request.user.is_officer and request.user.secretariat_id):
        raise PermissionDenied(_("Only a secretariat officer may raise entries."))


def _require_owner(request, obj) -> None:
    if not can_write_secretariat(request.user, obj.secretariat_id):
        raise PermissionDenied(_("Only an officer of this secretariat may write its entries."))


def _posted(request):
    """The form's data on a POST; ``None`` (an unbound form with its initial values) otherwise."""
    return request.POST if request.method == "POST" else None


def _history(obj) -> list:
    """Who changed the entry, when and why: one query."""
    return list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))


# --- risks and obstacles -------------------------------------------------------------------------------------------


def risk_list(request):
    page_filter = RiskRegisterPageFilter(request.GET)
    filters, raw = page_filter.register_filters(), page_filter.raw
    risks = selectors.risk_register(filters=filters)
    grid = selectors.risk_heatmap(filters=filters)
    heat_rows = [(likelihood, grid[likelihood - 1]) for likelihood in reversed(selectors.LEVELS)]
    return render(
        request,
        "registers/risk_list.html",
        {
            **_filter_context(raw),
            "risks": risks,
            "heatmap_json": charts.risk_heatmap_figure(grid),
            "heat_rows": heat_rows,
            "levels": selectors.LEVELS,
            "kinds": RiskKind.choices,
            "statuses": RiskStatus.choices,
            "is_demo": any(risk.is_demo for risk in risks),
            "can_merge": request.user.is_reviewer,
        },
    )


def risk_create(request):
    _require_officer(request)
    form = RiskForm(request.POST or None)
    form.limit_initiatives(request.user.secretariat_id)
    if request.method == "POST" and form.is_valid():
        try:
            risk = services.risk_create(by=request.user, secretariat=request.user.secretariat, **form.cleaned_data)
        except Refused as exc:
            show_refusal(exc, form=form)
        else:
            messages.success(request, _("The entry was recorded."))
            return redirect("risk-detail", pk=risk.pk)
    return render(request, "registers/form.html", {"form": form, "title": _("Record a risk or obstacle")})


def risk_edit(request, pk: int):
    risk = _get_or_404(Risk, pk)
    _require_owner(request, risk)
    form = RiskForm(request.POST or None, instance=risk)
    form.limit_initiatives(risk.secretariat_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_update(risk=Risk.objects.get(pk=pk), by=request.user, **form.cleaned_data)
        except Refused as exc:
            show_refusal(exc, form=form)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect("risk-detail", pk=pk)
    return render(request, "registers/form.html", {"form": form, "title": _("Edit the risk or obstacle")})


def risk_detail(request, pk: int):
    try:
        risk = selectors.risk_detail(pk=pk)
    except Risk.DoesNotExist:
        raise Http404(_("No such entry.")) from None
    status_form = RiskStatusForm(_posted(request), initial={"status": risk.status})
    done = run_form(
        request,
        status_form,
        lambda data: services.risk_set_status(risk=risk, by=request.user, **data),
        done=_("The status was changed."),
        then=reverse("risk-detail", args=[pk]),
    )
    if done:
        return done
    return render(
        request,
        "registers/risk_detail.html",
        {
            "risk": risk,
            "status_form": status_form,
            "history": _history(risk),
            "can_edit": can_write_secretariat(request.user, risk.secretariat_id),
            "can_review": request.user.is_reviewer,
        },
        status=400 if status_form.errors else 200,
    )


def risk_merge(request):
    if not request.user.is_reviewer:
        raise PermissionDenied(_("Only a ministry reviewer may do this."))
    data = request.POST if request.method == "POST" else request.GET
    try:
        ids = sorted({int(pk) for pk in data.getlist("risks")})
    except ValueError:
        ids = []
    chosen = selectors.risks_by_ids(ids=ids)
    form = RiskMergeForm(request.POST or None, risk_ids=[risk.pk for risk in chosen])
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["canonical"]
        by_id = {risk.pk: risk for risk in chosen}
        try:
            canonical = services.risks_merge(
                canonical=by_id[keep],
                duplicates=[by_id[pk] for pk in form.cleaned_data["risks"] if pk != keep],
                by=request.user,
                reason=form.cleaned_data["reason"],
                title=form.cleaned_data["title"],
            )
        except Refused as exc:
            show_refusal(exc, form=form)
        else:
            messages.success(request, _("The entries were merged into one unified entry."))
            return redirect("risk-detail", pk=canonical.pk)
    return render(
        request,
        "registers/risk_merge.html",
        {"form": form, "chosen": chosen},
        status=400 if form.errors else 200,
    )


@require_POST
def risk_unmerge(request, pk: int):
    risk = _get_or_404(Risk, pk)
    try:
        released = services.risk_unmerge(risk=risk, by=request.user, reason=request.POST.get("reason", ""))
    except Refused as exc:
        show_refusal(exc, request=request)
    else:
        messages.success(request, _("The merge was undone; %(n)s entries stand alone again.") % {"n": len(released)})
    return redirect("risk-detail", pk=pk)


# --- support requests ----------------------------------------------------------------------------------------------


def support_request_list(request):
    page_filter = SupportRequestRegisterPageFilter(request.GET)
    filters, raw = page_filter.register_filters(), page_filter.raw
    board = selectors.support_request_board(filters=filters)
    return render(
        request,
        "registers/support_request_list.html",
        {
            **_filter_context(raw),
            "board": board,
            "categories": SupportCategory.choices,
            "statuses": SupportStatus.choices,
            "is_demo": any(r.is_demo for _status, _label, column in board for r in column),
        },
    )


def support_request_create(request):
    _require_officer(request)
    form = SupportRequestForm(request.POST or None)
    form.limit_initiatives(request.user.secretariat_id)
    if request.method == "POST" and form.is_valid():
        try:
            support = services.support_request_create(
                by=request.user, secretariat=request.user.secretariat, **form.cleaned_data
            )
        except Refused as exc:
            show_refusal(exc, form=form)
        else:
            messages.success(request, _("The support request was raised."))
            return redirect("support-request-detail", pk=support.pk)
    return render(request, "registers/form.html", {"form": form, "title": _("Raise a support request")})


def support_request_edit(request, pk: int):
    support = _get_or_404(SupportRequest, pk)
    _require_owner(request, support)
    form = SupportRequestForm(request.POST or None, instance=support)
    form.limit_initiatives(support.secretariat_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_request_update(
                request=SupportRequest.objects.get(pk=pk), by=request.user, **form.cleaned_data
            )
        except Refused as exc:
            show_refusal(exc, form=form)
        else:
            messages.success(request, _("The support request was saved."))
            return redirect("support-request-detail", pk=pk)
    return render(request, "registers/form.html", {"form": form, "title": _("Edit the support request")})


def support_request_detail(request, pk: int):
    try:
        support = SupportRequest.objects.select_related(
            "secretariat", "axis", "initiative", "responded_by", "created_by"
        ).get(pk=pk)
    except SupportRequest.DoesNotExist:
        raise Http404(_("No such entry.")) from None
    form = SupportResponseForm(_posted(request), initial={"status": support.status, "response": support.response})
    done = run_form(
        request,
        form,
        lambda data: services.support_request_respond(request=support, by=request.user, **data),
        done=_("The response was saved."),
        then=reverse("support-request-detail", args=[pk]),
    )
    if done:
        return done
    return render(
        request,
        "registers/support_request_detail.html",
        {
            "support": support,
            "form": form,
            "history": _history(support),
            "can_edit": can_write_secretariat(request.user, support.secretariat_id)
            and support.status == SupportStatus.OPEN
            and support.responded_at is None,
            "can_review": request.user.is_reviewer,
        },
        status=400 if form.errors else 200,
    )


# --- creative ideas ------------------------------------------------------------------------------------------------


def idea_list(request):
    page_filter = IdeaRegisterPageFilter(request.GET)
    filters, raw = page_filter.register_filters(), page_filter.raw
    board = selectors.idea_board(filters=filters)
    return render(
        request,
        "registers/idea_list.html",
        {
            **_filter_context(raw),
            "board": board,
            "statuses": IdeaStatus.choices,
            "is_demo": any(i.is_demo for _status, _label, column in board for i in column),
        },
    )


def idea_create(request):
    _require_officer(request)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_create(by=request.user, secretariat=request.user.secretariat, **form.cleaned_data)
        except Refused as exc:
            show_refusal(exc, form=form)
        else:
            messages.success(request, _("The idea was put forward."))
            return redirect("idea-detail", pk=idea.pk)
    return render(request, "registers/form.html", {"form": form, "title": _("Put forward a creative idea")})


def idea_edit(request, pk: int):
    idea = _get_or_404(Idea, pk)
    _require_owner(request, idea)
    form = IdeaForm(request.POST or None, instance=idea)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_update(idea=Idea.objects.get(pk=pk), by=request.user, **form.cleaned_data)
        except Refused as exc:
            show_refusal(exc, form=form)
        else:
            messages.success(request, _("The idea was saved."))
            return redirect("idea-detail", pk=pk)
    return render(request, "registers/form.html", {"form": form, "title": _("Edit the idea")})


def idea_detail(request, pk: int):
    try:
        idea = Idea.objects.select_related("secretariat", "axis", "decided_by", "created_by").get(pk=pk)
    except Idea.DoesNotExist:
        raise Http404(_("No such entry.")) from None
    allowed = services.idea_allowed_transitions(idea)
    form = IdeaTransitionForm(_posted(request), allowed=allowed)
    done = run_form(
        request,
        form,
        lambda data: services.idea_transition(idea=idea, to=data["status"], reason=data["reason"], by=request.user),
        done=_("The idea was moved on."),
        then=reverse("idea-detail", args=[pk]),
        announce=True,
    )
    if done:
        return done
    return render(
        request,
        "registers/idea_detail.html",
        {
            "idea": idea,
            "form": form,
            "allowed": allowed,
            "history": _history(idea),
            "can_edit": can_write_secretariat(request.user, idea.secretariat_id)
            and idea.status == IdeaStatus.SUBMITTED,
            "can_review": request.user.is_reviewer,
        },
        status=400 if form.errors else 200,
    )
