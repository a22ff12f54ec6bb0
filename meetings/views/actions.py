"""Follow-up actions: ``/actions/`` (filterable by group, owner, status, overdue) and one action's page."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from madinati.errors import Refused, run_form, show_refusal
from meetings import selectors
from meetings.filters import ActionFilter
from meetings.forms import ActionForm, ActionUpdateForm
from meetings.models import Action, ActionStatus, MinistryUnit
from meetings.permissions import can_run_meetings, can_update_action
from meetings.services import actions as services
from meetings.views.common import form_page, get_or_404, not_found, require_reviewer
from programme.models import Secretariat

#: Actions per page of the list; the rest is reached with ``?page=``.
PAGE_SIZE = 100


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def action_list(request):
    query = ActionFilter(request.GET, queryset=selectors.actions_queryset().order_by("due_on", "id"))
    if not query.is_valid():
        raise BadRequest(" ".join(f"{name}: {' '.join(errors)}" for name, errors in query.errors.items()))
    # Two queries: the count and the page.
    page = Paginator(query.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    actions = list(page.object_list)
    secretariats = list(Secretariat.objects.order_by("group", "code"))
    return render(
        request,
        "meetings/action_list.html",
        {
            "actions": actions,
            "page": page,
            "page_query": query_without_page(request),
            "today": selectors.today(),
            "raw": {key: request.GET.get(key, "") for key in ("group", "owner", "status", "overdue", "meeting")},
            "groups": sorted({s.group for s in secretariats}),
            "secretariats": secretariats,
            "units": list(MinistryUnit.objects.order_by("code")),
            "statuses": ActionStatus.choices,
            "is_demo": any(action.is_demo for action in actions),
        },
    )


def action_detail(request, pk: int):
    try:
        action = selectors.action_detail(pk)
    except Action.DoesNotExist:
        raise not_found() from None
    can_update = can_update_action(request.user, action)
    form = ActionUpdateForm(request.POST or None, initial={"status": action.status})
    done = run_form(
        request,
        form,
        lambda data: services.action_update(action=action, by=request.user, **data),
        done=_("The action was updated."),
        then=reverse("action-detail", args=[pk]),
    )
    if done:
        return done
    return render(
        request,
        "meetings/action_detail.html",
        {
            "action": action,
            "form": form,
            "can_update": can_update,
            "can_run": can_run_meetings(request.user),
            "today": selectors.today(),
        },
        status=400 if form.errors else 200,
    )


def action_edit(request, pk: int):
    require_reviewer(request)
    action = get_or_404(selectors.actions_queryset(), pk)
    form = ActionForm(request.POST or None, initial=ActionForm.initial_for(action))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_edit(
                action=action,
                by=request.user,
                text_ar=data["text_ar"],
                text_en=data["text_en"],
                due_on=data["due_on"],
                **form.owners(),
            )
        except Refused as refusal:
            show_refusal(refusal, form=form)
        else:
            messages.success(request, _("The action was saved."))
            return redirect("action-detail", pk=pk)
    return form_page(
        request, form=form, title=_("Edit the action"), back=reverse("action-detail", args=[pk]), back_label=action.text
    )
