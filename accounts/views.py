"""The one-time-code page and the authenticator's enrolment (accounts.twofactor)."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms import CodeForm
from accounts.lockout import lockout_response
from accounts.twofactor import (
    CodeCheck,
    account_locked,
    authenticator,
    code_check,
    code_refused,
    enrolment_confirm,
    enrolment_device,
    mfa_pending,
    otpauth_uri,
    qr_svg,
    secret_base32,
    session_verify,
)


def _next(request) -> str:
    """Where to go once the code is given: ``next`` when it is a path of this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def _locked_out(request):
    """The account is locked: end this half-signed-in session and show when to try again."""
    logout(request)
    return lockout_response(request)


def _refusal(check: CodeCheck, *, enrolling: bool = False) -> str:
    if check.retry_at is not None:
        seconds = max(1, math.ceil((check.retry_at - timezone.now()).total_seconds()))
        return ngettext(
            "Too many wrong codes in a row. Wait %(seconds)s second, then enter the code your app shows now.",
            "Too many wrong codes in a row. Wait %(seconds)s seconds, then enter the code your app shows now.",
            seconds,
        ) % {"seconds": seconds}
    if enrolling:
        return _("That code is not right. Enter the 6 digits your app shows now for Madinati.")
    return _(
        "That code is not right. Enter the 6-digit code your authenticator app shows now, "
        "or one of your recovery codes."
    )


@never_cache
@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    """After the password: the code from the authenticator app, or a recovery code (each good once)."""
    user = request.user
    next_url = _next(request)
    if not mfa_pending(user):
        return redirect(next_url)
    if account_locked(request=request, user=user):
        return _locked_out(request)
    if authenticator(user) is None:
        return redirect(_with_next(reverse("mfa-enrol"), next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = code_check(user=user, code=form.cleaned_data["code"])
        if check.device is not None:
            session_verify(request, check.device)
            return redirect(next_url)
        if code_refused(request=request, user=user):
            return _locked_out(request)
        form.add_error("code", _refusal(check))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url})


@never_cache
@require_http_methods(["GET", "POST"])
def mfa_enrol(request):
    """First sign-in of a user who needs a code: scan the QR code (or type the secret), confirm with a first code,
    and keep the recovery codes shown once."""
    user = request.user
    next_url = _next(request)
    if not mfa_pending(user):
        return redirect(next_url)
    if account_locked(request=request, user=user):
        return _locked_out(request)
    if authenticator(user) is not None:
        return redirect(_with_next(reverse("mfa-verify"), next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check, codes = enrolment_confirm(user=user, code=form.cleaned_data["code"], request=request)
        if check.device is not None:
            session_verify(request, check.device)
            return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next": next_url})
        form.add_error("code", _refusal(check, enrolling=True))
    device = enrolment_device(user)
    # segno escapes the title and writes nothing but the <svg> of the code.
    qr = mark_safe(qr_svg(otpauth_uri(device), title=_("QR code to scan with your authenticator app")))  # noqa: S308
    context = {"form": form, "next": next_url, "qr": qr, "secret": secret_base32(device)}
    return render(request, "accounts/mfa_enrol.html", context)
