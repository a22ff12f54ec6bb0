"""/plans/import/: a programme admin uploads the planned progress of the initiatives; all rows or none."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reporting.forms import ImportUploadForm
from reporting.plan_files import plan_rows
from reporting.services.plans import PLAN_COLUMNS, PlanImportRefused, plans_import
from reporting.spreadsheets import ImportFileError


@require_http_methods(["GET", "POST"])
def plan_import(request):
    if not request.user.is_programme_admin:
        raise PermissionDenied(_("Only a programme admin sets the plans."))
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": PLAN_COLUMNS, "errors": []}
    if request.method == "GET":
        return render(request, "entry/plan_import.html", context)
    if form.is_valid():
        try:
            rows, lines = plan_rows(form.cleaned_data["file"])
            result = plans_import(rows=rows, by=request.user)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        except PlanImportRefused as refused:
            context["errors"] = [
                {"line": lines[e.index], "column": e.field, "message": e.message} for e in refused.result.errors
            ]
        else:
            messages.success(
                request,
                _("Plans imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect(reverse("plan-import"))
    messages.error(request, _("Nothing was imported: correct the file and upload it again."))
    return render(request, "entry/plan_import.html", context, status=400)
