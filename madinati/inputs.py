"""Requests that carry what no view could store answer 400 (or 404 for a path) before any view runs.

A NUL in a path (``/axes/%00/``), a query string or a form field reaches PostgreSQL,
which refuses it with a 500; a lone surrogate can only arrive escaped in a JSON body
(``"\\ud800"``: URLs and forms decode broken UTF-8 to U+FFFD), and no database encodes it.
Checking here covers every page and endpoint, present and future, in one place. A
multipart body larger than the upload cap is refused here too, from its Content-Length,
before Django spools it to disk (the proxy caps the body as well: see the README).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

#: Bytes of a multipart body beyond the file itself: boundaries, headers, the CSRF token, a period.
UPLOAD_FORM_ROOM = 64 * 1024
#: A JSON escape for a surrogate that is not one half of a pair. (A NUL in JSON is refused on its field,
#: by DRF's CharField and by the bulk import, so the answer names the row and field at fault.)
_JSON_UNSTORABLE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
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
            if content_type == "multipart/form-data" and _content_length(request) > upload_body_limit():
                # Refused before a byte of the body is read: Django would spool any size of upload to disk.
                return self._refuse(request, status=413, message=_too_large())
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

    def _refuse(self, request, *, status: int = 400, message: str | None = None):
        message = message or _message()
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status)
        if status == 400:
            raise BadRequest(message)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def upload_body_limit() -> int:
    """The largest multipart body taken: the upload cap, and room for the form's other fields."""
    return settings.IMPORT_MAX_BYTES + UPLOAD_FORM_ROOM


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_large() -> str:
    return _("The upload is too large; the limit is %(limit)s KB.") % {"limit": settings.IMPORT_MAX_BYTES // 1024}


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())
