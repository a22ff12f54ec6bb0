"""/entry/elements/: an officer's visual-distortion elements of a quarter (shown on /entry/ under B-01)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indicators.models import InitiativeProgress
from madinati.errors import Refused, show_refusal
from madinati.numbers import format_number
from reporting.element_forms import element_sections
from reporting.selectors import WHO
from reporting.services.elements import ElementsRefused, elements_save
from reporting.views.scope import officer_secretariat, periods_with_locks, pick_period


@require_http_methods(["GET", "POST"])
def elements_entry(request):
    secretariat = officer_secretariat(request)
    period, period_lock = pick_period(request, periods_with_locks(secretariat))
    progress = {
        r.initiative_id: r
        for r in InitiativeProgress.objects.select_related(*WHO).filter(secretariat=secretariat, period=period)
    }
    data = request.POST if request.method == "POST" else None
    sections = element_sections(
        secretariat=secretariat, period=period, progress=progress, period_lock=period_lock, data=data
    )
    here = f"{reverse('entry')}?{urlencode({'period': period.key})}#elements"
    status = 200
    if request.method == "POST":
        code = request.POST.get("initiative", "")
        section = next((s for s in sections if s.initiative.code == code), None)
        if section is None:
            raise BadRequest(_("Your secretariat enters no elements for “%(code)s”.") % {"code": code[:20]})
        sections = [section]
        if section.form.is_valid():
            try:
                result = elements_save(
                    by=request.user,
                    secretariat=secretariat,
                    period=period,
                    initiative=section.initiative,
                    entries=section.form.entries(),
                )
            except ElementsRefused as refused:
                for element_id, exc in refused.errors.items():
                    section.form.add_error(f"e{element_id}-state", exc.message)
                status = 409
            except Refused as exc:
                show_refusal(exc, request=request)
                return redirect(here)
            else:
                message = _("Elements saved (%(count)d changed).") % {"count": result.written}
                if result.percent is not None:
                    message += " " + _("The progress of %(code)s is now %(percent)s%% (treated ÷ targeted).") % {
                        "code": section.initiative.code,
                        "percent": format_number(result.percent),
                    }
                messages.success(request, message)
                return redirect(here)
        else:
            status = 400
        messages.error(request, _("Nothing was saved: correct the elements marked below."))
    context = {"secretariat": secretariat, "period": period, "period_lock": period_lock, "element_sections": sections}
    return render(request, "entry/_elements_page.html", context, status=status)
