"""Helpers shared by the review cycle's pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from meetings.permissions import can_run_meetings


def require_reviewer(request) -> None:
    if not can_run_meetings(request.user):
        raise PermissionDenied(_("Only a ministry reviewer or a programme admin may do this."))


def not_found() -> Http404:
    return Http404(_("Not found."))


def get_or_404(queryset, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise not_found() from None


def form_page(request, *, form, title: str, back: str, back_label: str, intro: str = ""):
    """The one form page of the review cycle; 400 when the form came back with errors."""
    return render(
        request,
        "meetings/form.html",
        {"form": form, "title": title, "back": back, "back_label": back_label, "intro": intro},
        status=400 if form.errors else 200,
    )
