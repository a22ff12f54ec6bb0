"""Refusals: the one exception for a write the rules forbid, and how a page shows it.

A service raises :class:`Refused` (or a subclass naming the rule) with a
message already translated into the active language, the input ``field`` at
fault when there is one, and ``forbidden`` when the user may not do this at
all (who they are) rather than not like this or not now (what or when).

Pages show a refusal with :func:`show_refusal`: forbidden is the 403 page,
anything else goes beside its field. The API answers the same refusal in JSON
through ``api.errors.exception_handler``. Nothing here knows a domain model.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


class Refused(Exception):
    """A write the rules refuse; ``message`` (also ``str(exc)``) says why, in the active language."""

    #: The user may not do this at all (HTTP 403), rather than not like this (400) or not now (409).
    forbidden: bool = False

    def __init__(self, message: str, *, field: str | None = None, forbidden: bool | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if forbidden is not None:
            self.forbidden = forbidden


def show_refusal(refusal: Refused, *, form=None, request=None, field: str | None = None) -> None:
    """Show ``refusal`` on the page being answered; call it from ``except Refused``.

    Forbidden: raises ``PermissionDenied``, so the user gets the 403 page with
    the reason. Otherwise, with a ``form``: the message goes beside ``field``
    (default: the refusal's own field), or above the form when the form has no
    such field. Without a form: a message for the next page (``request``).
    """
    if refusal.forbidden:
        raise PermissionDenied(refusal.message) from refusal
    if form is not None:
        name = field or refusal.field
        form.add_error(name if name in form.fields else None, refusal.message)
    elif request is not None:
        messages.error(request, refusal.message)
    else:
        raise TypeError("show_refusal() needs a form or a request to show the refusal on.")


def run_form(request, form, act, *, done: str, then, announce: bool = False):
    """A page's form: a valid POST runs ``act(form.cleaned_data)`` (a service call), then says ``done`` and redirects.

    ``then`` is where to go: a URL, or a callable given the service's result (``lambda meeting: reverse(...)``).
    A refusal is shown by :func:`show_refusal` beside its field (with ``announce``, above the page too).
    ``None`` means: render the page again with the form as it came back.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except Refused as refusal:
        show_refusal(refusal, form=form)
        if announce:
            messages.error(request, refusal.message)
        return None
    messages.success(request, done)
    return redirect(then(result) if callable(then) else then)
