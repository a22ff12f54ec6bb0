"""The API's answer to a refused write (``madinati.errors.Refused``), the JSON twin of ``show_refusal``.

Forbidden is a 403 ``{"detail": why}``; any other refusal is a 400 naming
its field, ``{field: [why]}`` like every other bad input, or ``{"detail": why}``
when no single field is at fault. A view whose refusals have a richer body
(``values/bulk/`` lists every bad row) shapes it in ``refusal_body(refusal)``;
the status stays the one decided here. Everything else goes to DRF's handler.
"""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from madinati.errors import Refused


def refusal_body(refusal: Refused) -> dict:
    if refusal.field and not refusal.forbidden:
        return {refusal.field: [refusal.message]}
    return {"detail": refusal.message}


def exception_handler(exc, context):
    if not isinstance(exc, Refused):
        return drf_exception_handler(exc, context)
    view = context.get("view")
    shape = getattr(view, "refusal_body", refusal_body)
    set_rollback()
    return Response(shape(exc), status=status.HTTP_403_FORBIDDEN if exc.forbidden else status.HTTP_400_BAD_REQUEST)
