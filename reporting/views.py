"""Pages of the quarterly workflow: entry, review, history and spreadsheet import.

Views parse the request, call ``reporting.services`` and render; who may read
what comes from ``indicators.permissions``, who may write from the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indicators.choices import WorkflowStatus
from indicators.models import Indicator, IndicatorValue, InitiativeProgress, Target
from indicators.permissions import workflow_rows_visible_to
from indicators.scoring import scorecard
from initiatives.models import Initiative
from madinati.errors import Refused, show_refusal
from madinati.numbers import format_number
from programme.models import Axis, PeriodExtension, ReportingPeriod, Secretariat
from programme.params import parse_period
from reporting.forms import EntryForm, ImportConfirmForm, ImportUploadForm, ProgressRow, ValueRow
from reporting.imports import ImportFileError, parse_upload, template_csv, template_xlsx
from reporting.selectors import previous_visible_progress
from reporting.services.entry import entry_save
from reporting.services.imports import ImportRefused, values_import
from reporting.services.locks import period_lock_reason, row_lock_reason, today, write_refusal
from reporting.services.refusals import EntryRefused, StaleVersion
from reporting.services.review import row_approve, row_return, rows_approve

WHO = ("updated_by", "reviewed_by", "submitted_by")
IMPORT_SALT = "indicators.entry-import"
IMPORT_MAX_AGE = 60 * 60  # a preview is good for an hour


# --------------------------------------------------------------------------- who and when


def _officer_secretariat(request) -> Secretariat:
    """The signed-in officer's secretariat; 403 with the reason for anyone else or another secretariat."""
    user = request.user
    if not user.is_officer:
        raise PermissionDenied(_("Only a secretariat officer enters figures; your role cannot change them."))
    secretariat = user.secretariat
    asked = request.GET.get("secretariat") or request.POST.get("secretariat")
    if asked and asked != secretariat.code:
        other = Secretariat.objects.filter(code=asked).first()
        raise PermissionDenied(write_refusal(user=user, secretariat=other))
    return secretariat


def _periods_with_locks(secretariat: Secretariat) -> list[tuple[ReportingPeriod, str | None]]:
    """Every period with why it is locked for the secretariat (``None`` = open); two queries."""
    extensions = {e.period_id: e for e in PeriodExtension.objects.filter(secretariat=secretariat)}
    on = today()
    return [
        (p, period_lock_reason(period=p, secretariat=secretariat, on=on, extension=extensions.get(p.pk)))
        for p in ReportingPeriod.objects.order_by("id")
    ]


def _pick_period(request, periods: list[tuple[ReportingPeriod, str | None]]) -> tuple[ReportingPeriod, str | None]:
    raw = request.GET.get("period") or request.POST.get("period")
    if raw:
        for period, lock in periods:
            if period.key == raw:
                return period, lock
        parse_period(raw)  # 400 with the reason for a malformed or unknown period
        raise Http404
    open_ones = [(p, lock) for p, lock in periods if lock is None]
    if open_ones:
        return open_ones[-1]
    if not periods:
        raise Http404(_("No reporting period is set up yet."))
    return periods[-1]


# --------------------------------------------------------------------------- entry


def _period_label(period: ReportingPeriod):
    """``2018-Q2`` kept left to right inside Arabic sentences."""
    return format_html("<bdi>{}</bdi>", period.key)


def _entry_rows(*, secretariat: Secretariat, period: ReportingPeriod, period_lock: str | None):
    """The entry page's rows in a fixed number of queries (six), whatever the number of indicators."""
    indicators = list(Indicator.objects.order_by("sort_order", "code"))
    current = {
        v.indicator_id: v
        for v in IndicatorValue.objects.select_related(*WHO).filter(secretariat=secretariat, period=period)
    }
    previous = {
        v.indicator_id: v for v in IndicatorValue.objects.filter(secretariat=secretariat, period_id=period.pk - 1)
    }
    targets = {t.indicator_id: t for t in Target.objects.filter(secretariat=secretariat, period=period)}
    value_rows = [
        ValueRow(
            indicator=i,
            current=current.get(i.pk),
            previous=previous.get(i.pk),
            target=targets.get(i.pk),
            lock=period_lock or row_lock_reason(current.get(i.pk)),
        )
        for i in indicators
        if i.is_manual
    ]
    derived = [(i, targets.get(i.pk)) for i in indicators if not i.is_manual]
    initiatives = list(
        Initiative.objects.filter(participants=secretariat).select_related("axis").order_by("axis__code", "code")
    )
    current_progress = {
        p.initiative_id: p
        for p in InitiativeProgress.objects.select_related(*WHO).filter(secretariat=secretariat, period=period)
    }
    previous_progress = previous_visible_progress(secretariat=secretariat, period=period)
    progress_rows = [
        ProgressRow(
            initiative=i,
            current=current_progress.get(i.pk),
            previous=previous_progress.get(i.pk),
            lock=period_lock or row_lock_reason(current_progress.get(i.pk)),
        )
        for i in initiatives
    ]
    return value_rows, derived, progress_rows


def _derived_values(*, secretariat: Secretariat, period: ReportingPeriod, derived) -> list[dict]:
    """Computed indicators from the scoring core (submitted and approved progress only)."""
    if not derived:
        return []
    summary = scorecard(period=period, group=secretariat.group).secretariat(secretariat.code)
    rows = []
    for indicator, target in derived:
        result = summary.indicators.get(indicator.code) if summary else None
        rows.append(
            {
                "indicator": indicator,
                "target": target,
                "value": result.value if result else None,
                "status": result.status if result else "no_data",
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def entry(request):
    secretariat = _officer_secretariat(request)
    periods = _periods_with_locks(secretariat)
    period, period_lock = _pick_period(request, periods)
    value_rows, derived, progress_rows = _entry_rows(secretariat=secretariat, period=period, period_lock=period_lock)
    initial = {"secretariat": secretariat.code, "period": period.key}
    form_kwargs = {"value_rows": value_rows, "progress_rows": progress_rows, "initial": initial}
    status = 200

    if request.method == "POST":
        if period_lock:
            messages.error(request, period_lock)
            return redirect(f"{reverse('entry')}?{urlencode({'period': period.key})}")
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
                return redirect(f"{reverse('entry')}?{urlencode({'period': period.key})}")
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
                return redirect(f"{reverse('entry')}?{urlencode({'period': period.key})}")
        else:
            messages.error(request, _("Nothing was saved: correct the figures marked below."))
            status = 400
    else:
        form = EntryForm(**form_kwargs)

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
        "derived_rows": _derived_values(secretariat=secretariat, period=period, derived=derived),
        "editable": editable,
        "returned": [r for r in (*value_rows, *progress_rows) if r.current and r.current.workflow_status == "returned"],
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
        field = f"v{pk}-value" if kind == "value" else f"p{pk}-percent"
        if field in form.fields:
            form.add_error(field, str(exc))
        else:
            form.add_error(None, str(exc))
    return form


# --------------------------------------------------------------------------- review


def _require_reviewer(request) -> None:
    if not request.user.is_reviewer:
        raise PermissionDenied(_("Only a ministry reviewer approves or returns figures."))


def _review_filters(request) -> dict:
    period = parse_period(request.GET.get("period"))
    secretariat = axis = None
    if code := request.GET.get("secretariat"):
        secretariat = Secretariat.objects.filter(code=code).first()
        if secretariat is None:
            raise BadRequest(_("“%(value)s” is not a secretariat code.") % {"value": code[:40]})
    if code := request.GET.get("axis"):
        axis = Axis.objects.filter(code=code).first()
        if axis is None:
            raise BadRequest(_("“%(value)s” is not an axis code.") % {"value": code[:20]})
    return {"period": period, "secretariat": secretariat, "axis": axis}


def _review_querysets(filters: dict):
    values = IndicatorValue.objects.filter(workflow_status=WorkflowStatus.SUBMITTED).select_related(
        "indicator", "secretariat", "period", "submitted_by"
    )
    progress = InitiativeProgress.objects.filter(workflow_status=WorkflowStatus.SUBMITTED).select_related(
        "initiative", "initiative__axis", "secretariat", "period", "submitted_by"
    )
    if filters["period"]:
        values = values.filter(period=filters["period"])
        progress = progress.filter(period=filters["period"])
    if filters["secretariat"]:
        values = values.filter(secretariat=filters["secretariat"])
        progress = progress.filter(secretariat=filters["secretariat"])
    if filters["axis"]:
        # Indicator values belong to no axis: filtering by axis shows initiative progress only.
        values = values.none()
        progress = progress.filter(initiative__axis=filters["axis"])
    return (
        values.order_by("period_id", "secretariat__code", "indicator__sort_order"),
        progress.order_by("period_id", "secretariat__code", "initiative__code"),
    )


def _parse_item(raw: str) -> tuple[str, int, int]:
    """``value-12-3`` → ("value", 12, 3) (kind, pk, version read by the reviewer)."""
    try:
        kind, pk, version = raw.split("-")
        if kind not in ("value", "progress"):
            raise ValueError(kind)
        return kind, int(pk), int(version)
    except ValueError:
        raise BadRequest(_("The selected item is not valid; reload the page.")) from None


def _load_items(items: list[tuple[str, int, int]]):
    """The rows named by the review form, in two queries; 404 when one no longer exists."""
    pks = {
        "value": [pk for k, pk, _v in items if k == "value"],
        "progress": [pk for k, pk, _v in items if k == "progress"],
    }
    found = {
        ("value", r.pk): r
        for r in IndicatorValue.objects.select_related("secretariat", "period").filter(pk__in=pks["value"])
    }
    found.update(
        {
            ("progress", r.pk): r
            for r in InitiativeProgress.objects.select_related("secretariat", "period").filter(pk__in=pks["progress"])
        }
    )
    try:
        return [(found[(kind, pk)], version) for kind, pk, version in items]
    except KeyError:
        raise Http404(_("This figure no longer exists.")) from None


@require_http_methods(["GET", "POST"])
def review(request):
    _require_reviewer(request)
    filters = _review_filters(request)
    back = f"{reverse('review')}?{request.GET.urlencode()}" if request.GET else reverse("review")

    if request.method == "POST":
        try:
            if raw := request.POST.get("approve"):
                [(row, version)] = _load_items([_parse_item(raw)])
                row_approve(row=row, by=request.user, version=version)
                messages.success(request, _("Approved."))
            elif raw := request.POST.get("return"):
                kind, pk, version = _parse_item(raw)
                [(row, version)] = _load_items([(kind, pk, version)])
                row_return(
                    row=row, by=request.user, reason=request.POST.get(f"reason-{kind}-{pk}", ""), version=version
                )
                messages.success(request, _("Returned to the secretariat with your reason."))
            elif "approve_selected" in request.POST:
                items = [_parse_item(raw) for raw in request.POST.getlist("selected")]
                if not items:
                    messages.error(request, _("Select the figures to approve first."))
                else:
                    count = rows_approve(rows=_load_items(items), by=request.user)
                    messages.success(request, _("Approved %(count)d figures.") % {"count": count})
            else:
                raise BadRequest(_("Choose approve or return."))
        except Refused as exc:
            show_refusal(exc, request=request)
        return redirect(back)

    values, progress = _review_querysets(filters)
    values, progress = list(values), list(progress)
    targets = {
        (t.indicator_id, t.secretariat_id, t.period_id): t.value
        for t in Target.objects.filter(
            period_id__in={v.period_id for v in values}, secretariat_id__in={v.secretariat_id for v in values}
        )
    }
    for v in values:
        v.target = targets.get((v.indicator_id, v.secretariat_id, v.period_id))
    context = {
        "values": values,
        "progress": progress,
        "filters": filters,
        "periods": list(ReportingPeriod.objects.order_by("-id")),
        "secretariats": list(Secretariat.objects.order_by("group", "code")),
        "axes": list(Axis.objects.order_by("code")),
    }
    return render(request, "review/review.html", context)


# --------------------------------------------------------------------------- history

VALUE_FIELDS = ("value", "note")
PROGRESS_FIELDS = ("percent_complete", "quantity_achieved", "status", "narrative")


def _show(model, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "as_tuple"):
        return format_number(value)
    return str(value)


def _history(request, model, pk: int, fields: tuple[str, ...]):
    subject = "indicator" if model is IndicatorValue else "initiative"
    row = get_object_or_404(
        workflow_rows_visible_to(request.user, model.objects.select_related("secretariat", "period", subject)), pk=pk
    )
    user = request.user
    sees_drafts = user.is_programme_admin or (user.is_officer and user.secretariat_id == row.secretariat_id)
    records = list(row.history.select_related("history_user").order_by("history_date", "history_id"))
    entries, before = [], None
    for record in records:
        if not sees_drafts and record.workflow_status == WorkflowStatus.DRAFT:
            # A secretariat's drafts are its own until submitted, in the history too.
            continue
        changes = [
            {
                "label": model._meta.get_field(name).verbose_name,
                "old": _show(model, name, getattr(before, name)) if before else "—",
                "new": _show(model, name, getattr(record, name)),
            }
            for name in fields
            if (before is None and getattr(record, name) not in (None, ""))
            or (before is not None and getattr(before, name) != getattr(record, name))
        ]
        transition = None
        if before is None or before.workflow_status != record.workflow_status:
            transition = {
                "old": WorkflowStatus(before.workflow_status).label if before else None,
                "new": WorkflowStatus(record.workflow_status).label,
            }
        entries.append(
            {
                "record": record,
                "who": record.history_user,
                "when": record.history_date,
                "kind": record.get_history_type_display(),
                "changes": changes,
                "transition": transition,
                "reason": record.history_change_reason or "",
            }
        )
        before = record
    entries.reverse()
    return render(
        request,
        "history/history.html",
        {"row": row, "entries": entries, "is_value": model is IndicatorValue, "hidden_drafts": not sees_drafts},
    )


def value_history(request, pk: int):
    return _history(request, IndicatorValue, pk, VALUE_FIELDS)


def progress_history(request, pk: int):
    return _history(request, InitiativeProgress, pk, PROGRESS_FIELDS)


# --------------------------------------------------------------------------- spreadsheet import


def _import_template(request, secretariat: Secretariat, periods) -> HttpResponse:
    period, _lock = _pick_period(request, periods)
    kind = request.GET["download"]
    if kind == "xlsx":
        body = template_xlsx(secretariat=secretariat, period=period, rtl=get_language_bidi())
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif kind == "csv":
        body = template_csv(secretariat=secretariat, period=period)
        content_type = "text/csv; charset=utf-8"
    else:
        raise BadRequest(_("Download the template as xlsx or csv."))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="madinati-{secretariat.code}-{period.key}.{kind}"'
    return response


def _preview_rows(parsed_rows: list[dict], lines: list[int], columns: dict[str, str], result) -> list[dict]:
    errors: dict[int, list] = {}
    for error in result.errors:
        errors.setdefault(error.index, []).append(
            {"field": error.field, "column": columns.get(error.field, ""), "message": error.message}
        )
    return [
        {
            "line": lines[i] if i < len(lines) else i + 2,
            "row": row,
            "action": result.actions[i] if i < len(result.actions) else "error",
            "errors": errors.get(i, []),
        }
        for i, row in enumerate(parsed_rows)
    ]


@require_http_methods(["GET", "POST"])
def entry_import(request):
    secretariat = _officer_secretariat(request)
    periods = _periods_with_locks(secretariat)
    if request.method == "GET" and "download" in request.GET:
        return _import_template(request, secretariat, periods)
    period, period_lock = _pick_period(request, periods)
    context = {
        "secretariat": secretariat,
        "period": period,
        "period_lock": period_lock,
        "periods": periods,
        "upload_form": ImportUploadForm(),
    }
    status = 200

    if request.method == "POST" and "payload" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        try:
            if not confirm.is_valid():
                raise signing.BadSignature
            payload = signing.loads(confirm.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.SignatureExpired:
            messages.error(request, _("The preview is more than an hour old; upload the file again."))
            return redirect(f"{reverse('entry-import')}?{urlencode({'period': period.key})}")
        except signing.BadSignature:
            raise BadRequest(_("The preview was altered or is not valid; upload the file again.")) from None
        if payload.get("user") != request.user.pk:
            raise PermissionDenied(_("This preview belongs to another user; upload the file yourself."))
        submit = "submit" in request.POST
        try:
            result = values_import(rows=payload["rows"], by=request.user, dry_run=False, submit=submit)
        except ImportRefused as refused:
            # Something changed since the preview (a row approved, the period closed): show it, write nothing.
            context["preview"] = _preview_rows(payload["rows"], payload["lines"], payload["columns"], refused.result)
            context["result"] = refused.result
            messages.error(request, _("Nothing was imported: the figures changed since the preview."))
            return render(request, "entry/import.html", context, status=409)
        messages.success(
            request,
            _("Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            + (" " + _("The figures were submitted for review.") if submit else ""),
        )
        return redirect(f"{reverse('entry')}?{urlencode({'period': period.key})}")

    if request.method == "POST":
        upload = ImportUploadForm(request.POST, request.FILES)
        context["upload_form"] = upload
        if not upload.is_valid():
            status = 400
        else:
            try:
                parsed = parse_upload(upload.cleaned_data["file"])
            except ImportFileError as exc:
                upload.add_error("file", str(exc))
                status = 400
            else:
                try:
                    result = values_import(rows=parsed.rows, by=request.user, dry_run=True)
                except ImportRefused as refused:
                    result = refused.result
                    status = 403 if refused.forbidden else 400
                context["result"] = result
                context["preview"] = _preview_rows(parsed.rows, parsed.line_numbers, parsed.columns, result)
                if not result.errors:
                    context["confirm_form"] = ImportConfirmForm(
                        initial={
                            "payload": signing.dumps(
                                {
                                    "user": request.user.pk,
                                    "rows": parsed.rows,
                                    "lines": parsed.line_numbers,
                                    "columns": parsed.columns,
                                },
                                salt=IMPORT_SALT,
                                compress=True,
                            )
                        }
                    )
    return render(request, "entry/import.html", context, status=status)
