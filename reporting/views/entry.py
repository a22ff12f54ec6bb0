"""/entry/: an officer's figures for one quarter, saved as one form and optionally submitted."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indicators.choices import WorkflowStatus
from madinati.errors import Refused, show_refusal
from programme.models import ReportingPeriod, Secretariat
from reporting.element_forms import element_sections
from reporting.forms import EntryForm, ProgressRow, ValueRow
from reporting.quality import flags_of_saved
from reporting.selectors import EntrySheet, derived_figures, entry_sheet
from reporting.services.entry import entry_save
from reporting.services.locks import row_lock_reason
from reporting.services.refusals import EntryRefused, StaleVersion
from reporting.views.scope import officer_secretariat, periods_with_locks, pick_period


def _period_label(period: ReportingPeriod):
    """``2018-Q2`` kept left to right inside Arabic sentences."""
    return format_html("<bdi>{}</bdi>", period.key)


def _rows(sheet: EntrySheet, *, period_lock: str | None):
    """The form's rows, each with why it is locked: value rows, derived indicators, progress rows.

    The value rows' data-quality flags are left empty: only a page that is shown needs them (``_flag``).
    """
    value_rows = [
        ValueRow(
            indicator=i,
            current=sheet.values.get(i.pk),
            previous=sheet.previous_values.get(i.pk),
            target=sheet.targets.get(i.pk),
            lock=period_lock or row_lock_reason(sheet.values.get(i.pk)),
        )
        for i in sheet.indicators
        if i.is_manual
    ]
    derived = [(i, sheet.targets.get(i.pk)) for i in sheet.indicators if not i.is_manual]
    progress_rows = [
        ProgressRow(
            initiative=i,
            current=sheet.progress.get(i.pk),
            previous=sheet.previous_progress.get(i.pk),
            lock=period_lock or row_lock_reason(sheet.progress.get(i.pk)),
        )
        for i in sheet.initiatives
    ]
    return value_rows, derived, progress_rows


def _flag(value_rows: list[ValueRow], sheet: EntrySheet, secretariat: Secretariat) -> None:
    """Each value row's data-quality warnings on its saved figure (two queries once a figure is saved)."""
    flags = flags_of_saved(secretariat=secretariat, indicators=sheet.indicators, values=sheet.values)
    for row in value_rows:
        row.flags = flags.get(row.indicator.pk, [])


@require_http_methods(["GET", "POST"])
def entry(request):
    secretariat = officer_secretariat(request)
    periods = periods_with_locks(secretariat)
    period, period_lock = pick_period(request, periods)
    sheet = entry_sheet(secretariat=secretariat, period=period)
    value_rows, derived, progress_rows = _rows(sheet, period_lock=period_lock)
    initial = {"secretariat": secretariat.code, "period": period.key}
    form_kwargs = {"value_rows": value_rows, "progress_rows": progress_rows, "initial": initial}
    here = f"{reverse('entry')}?{urlencode({'period': period.key})}"
    status = 200

    if request.method == "POST":
        if period_lock:
            messages.error(request, period_lock)
            return redirect(here)
        form = EntryForm(request.POST, **form_kwargs)
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                result = entry_save(
                    by=request.user,
                    secretariat=secretariat,
                    period=period,
                    values=form.value_entries(),
                    progress=form.progress_entries(),
                    submit=submit,
                )
            except EntryRefused as refused:
                form = _form_after_refusal(request, form_kwargs, refused)
                messages.error(request, _("Nothing was saved: some figures were refused (see below)."))
                status = 409
            except Refused as exc:
                show_refusal(exc, request=request)
                return redirect(here)
            else:
                if submit:
                    messages.success(
                        request,
                        _("Saved and submitted %(count)d figures for review.") % {"count": result.submitted}
                        if result.submitted
                        else _("Nothing to submit: every figure is already submitted or approved."),
                    )
                else:
                    messages.success(request, _("Draft saved (%(count)d changed).") % {"count": result.written})
                return redirect(here)
        else:
            messages.error(request, _("Nothing was saved: correct the figures marked below."))
            status = 400
    else:
        form = EntryForm(**form_kwargs)

    # A save that succeeds redirects before this: the warnings are read only for a page that is shown.
    _flag(value_rows, sheet, secretariat)
    values, progress = form.bound_rows()
    editable = not period_lock and any(not r.lock for r in (*value_rows, *progress_rows))
    context = {
        "secretariat": secretariat,
        "period": period,
        "period_label": _period_label(period),
        "period_lock": period_lock,
        "periods": periods,
        "form": form,
        "value_rows": values,
        "progress_rows": progress,
        "derived_rows": derived_figures(secretariat=secretariat, period=period, derived=derived),
        "editable": editable,
        "returned": [
            r
            for r in (*value_rows, *progress_rows)
            if r.current and r.current.workflow_status == WorkflowStatus.RETURNED
        ],
        "element_sections": element_sections(
            secretariat=secretariat, period=period, progress=sheet.progress, period_lock=period_lock
        ),
    }
    return render(request, "entry/entry.html", context, status=status)


def _form_after_refusal(request, form_kwargs, refused: EntryRefused) -> EntryForm:
    """Re-show the form with each refusal beside its field.

    A row someone else changed meanwhile now carries the newer version: the
    message shows the newer figure, and saving again after reading it is a
    deliberate choice, not a silent overwrite.
    """
    data = request.POST.copy()
    for (kind, pk), exc in refused.errors.items():
        if isinstance(exc, StaleVersion) and exc.current is not None:
            data[f"{'v' if kind == 'value' else 'p'}{pk}-version"] = str(exc.current.version)
    form = EntryForm(data, **form_kwargs)
    form.is_valid()
    for (kind, pk), exc in refused.errors.items():
        field = f"v{pk}-{exc.field if exc.field == 'note' else 'value'}" if kind == "value" else f"p{pk}-percent"
        show_refusal(exc, form=form, field=field)
    return form
