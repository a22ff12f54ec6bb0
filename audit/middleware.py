"""Refused requests and downloaded tables, recorded once each, whichever view answered them."""

from __future__ import annotations

import logging

from audit.models import Action, Outcome
from audit.services import record

logger = logging.getLogger("audit")

EXPORT_TYPES = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class AuditMiddleware:
    """A 403 (a page, the API, a CSRF failure) is one audit entry and one INFO line; a CSV or XLSX answer
    is an export entry naming the table (the view's name) and the query that chose its rows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            entry = record(action=Action.ACCESS_REFUSED, request=request, outcome=Outcome.REFUSED)
            logger.info(
                "Refused %s %s for %s from %s", request.method, entry.path, entry.username or "anonymous", entry.ip
            )
        elif response.status_code == 200 and response.get("Content-Type", "").startswith(EXPORT_TYPES):
            match = request.resolver_match
            record(
                action=Action.EXPORT,
                request=request,
                label=(match.view_name if match else "") or request.path,
                detail={"query": request.GET.urlencode()[:500]},
            )
        return response
