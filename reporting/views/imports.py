"""/entry/import/: template download, upload and preview by row and column, then a signed confirm that writes."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from programme.models import Secretariat
from reporting.forms import ImportConfirmForm, ImportUploadForm
from reporting.services.imports import ImportRefused, ImportResult, values_import
from reporting.spreadsheets import ImportFileError, parse_upload, template_csv, template_xlsx
from reporting.views.scope import PeriodLocks, officer_secretariat, periods_with_locks, pick_period

IMPORT_SALT = "indicators.entry-import"
IMPORT_MAX_AGE = 60 * 60  # a preview is good for an hour


def _template(request, secretariat: Secretariat, periods: PeriodLocks) -> HttpResponse:
    period, _lock = pick_period(request, periods)
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


def _preview_rows(parsed_rows: list[dict], lines: list[int], columns: dict[str, str], result: ImportResult):
    """Each row of the file with its line, what the import does with it, and its errors by column."""
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
    secretariat = officer_secretariat(request)
    periods = periods_with_locks(secretariat)
    if request.method == "GET" and "download" in request.GET:
        return _template(request, secretariat, periods)
    period, period_lock = pick_period(request, periods)
    context = {
        "secretariat": secretariat,
        "period": period,
        "period_lock": period_lock,
        "periods": periods,
        "upload_form": ImportUploadForm(),
    }
    if request.method == "POST" and "payload" in request.POST:
        return _confirm(request, context)
    if request.method == "POST":
        return _preview(request, context)
    return render(request, "entry/import.html", context)


def _preview(request, context: dict):
    """Read the uploaded file and import it as a dry run: the preview, and a signed confirm when nothing is refused."""
    upload = ImportUploadForm(request.POST, request.FILES)
    context["upload_form"] = upload
    if not upload.is_valid():
        return render(request, "entry/import.html", context, status=400)
    try:
        parsed = parse_upload(upload.cleaned_data["file"])
    except ImportFileError as exc:
        upload.add_error("file", str(exc))
        return render(request, "entry/import.html", context, status=400)
    status = 200
    try:
        result = values_import(rows=parsed.rows, by=request.user, dry_run=True)
    except ImportRefused as refused:
        result, status = refused.result, 403 if refused.forbidden else 400
    else:
        payload = {
            "user": request.user.pk,
            "rows": parsed.rows,
            "lines": parsed.line_numbers,
            "columns": parsed.columns,
        }
        context["confirm_form"] = ImportConfirmForm(
            initial={"payload": signing.dumps(payload, salt=IMPORT_SALT, compress=True)}
        )
    context["result"] = result
    context["preview"] = _preview_rows(parsed.rows, parsed.line_numbers, parsed.columns, result)
    return render(request, "entry/import.html", context, status=status)


def _confirm(request, context: dict):
    """Write the previewed rows, unchanged since the preview (signed), or show what changed meanwhile."""
    period = context["period"]
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
