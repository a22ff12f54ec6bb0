from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from audit import selectors
from audit.forms import AuditFilterForm
from madinati.csv import CONTENT_TYPE, csv_lines

PAGE_SIZE = 50


def audit_list(request):
    """The trail for programme admins: filtered by user, action and dates; ``?format=csv`` downloads it."""
    if not request.user.is_programme_admin:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    queryset = selectors.entries(**form.filters()) if form.is_bound and valid else selectors.entries()
    if not valid:
        queryset = queryset.none()
    if request.GET.get("format") == "csv":
        rows = ([*(getattr(e, name) for name in selectors.FIELDS), e.detail] for e in queryset.iterator())
        response = StreamingHttpResponse(
            csv_lines(rows, header=[*selectors.FIELDS, "detail"]), content_type=CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.csv"'
        return response
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()})
