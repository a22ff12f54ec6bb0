"""Error pages for requests no view answered: JSON under /api/, the HTML pages elsewhere.

An API client that mistypes a path gets ``{"detail": ...}`` with the status, as from
every endpoint, rather than the HTML 404 page meant for people.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def not_found(request, exception):
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)
