"""Requests that carry what no view could store answer 400 (or 404 for a path) before any view runs.

A NUL in a path (``/axes/%00/``), a query string or a form field reaches PostgreSQL,
which refuses it with a 500; a lone surrogate can only arrive escaped in a JSON body
(``"\\ud800"``: URLs and forms decode broken UTF-8 to U+FFFD), and no database encodes it.
Checking here covers every page and endpoint, present and future, in one place.
"""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

#: A JSON escape for NUL, or for a surrogate that is not one half of a pair.
_JSON_UNSTORABLE = re.compile(
    rb"\\u0000|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _message() -> str:
    return _("The request holds a character that is not allowed (a NUL or a lone surrogate).")


class RefuseUnstorableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404(_message())
        if _has_nul(request.GET):
            return self._refuse(request)
        if request.method in ("POST", "PUT", "PATCH"):
            content_type = request.content_type or ""
            if content_type in ("application/x-www-form-urlencoded", "multipart/form-data") and _has_nul(request.POST):
                return self._refuse(request)
            if content_type.endswith("json"):
                try:
                    body = request.body
                except RequestDataTooBig:
                    body = b""  # the view answers the size itself
                if _JSON_UNSTORABLE.search(body):
                    return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _message()}, status=400)
        raise BadRequest(_message())


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())
