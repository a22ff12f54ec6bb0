"""Two-factor sign-in (TOTP with django-otp) for the roles in ``MFA_REQUIRED_ROLES``.

Who needs a code, the authenticator's enrolment, checking a code, the recovery codes and the admin's reset.
A password sign-in of such a user leaves the session unverified; ``TwoFactorMiddleware`` then lets it reach
only the code pages until ``code_check`` accepts a code and ``session_verify`` marks the session. A wrong code
counts toward the account's django-axes lockout (``code_refused``), as a wrong password does. API tokens are a
factor of their own and are not asked for a code.
"""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.signals import mfa_code_refused, mfa_devices_removed, mfa_enrolled

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"
#: A code from the app is 6 digits; a recovery code is 8 letters and digits of base32 (``StaticToken.random_token``).
_TOTP_CODE = re.compile(r"^[0-9]{6}$")
_SEPARATORS = re.compile(r"[\s\-]+")


def mfa_required(user) -> bool:
    """Whether this user must give a one-time code after the password. A superuser or staff account counts
    as an admin, whatever its role: it reaches the Django admin."""
    roles = settings.MFA_REQUIRED_ROLES
    if not roles or not getattr(user, "is_authenticated", False):
        return False
    if user.role in roles:
        return True
    return Role.ADMIN in roles and (user.is_superuser or user.is_staff)


def is_verified(user) -> bool:
    """Whether this session's user gave a right code (django-otp's middleware installs ``is_verified``)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def mfa_pending(user) -> bool:
    """Signed in with a password, owing a one-time code."""
    return mfa_required(user) and not is_verified(user)


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, or None before enrolment."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def enrolment_device(user) -> TOTPDevice:
    """The authenticator being enrolled: the same secret on every visit until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, no padding."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def otpauth_uri(device: TOTPDevice) -> str:
    """``otpauth://totp/Madinati:<username>?secret=...``: what the QR code holds."""
    return device.config_url


def qr_svg(uri: str, *, title: str) -> str:
    """The QR code of ``uri`` as an inline ``<svg>`` drawn on the server: no script, no image from elsewhere."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=title, svgclass="mfa-qr")


def recovery_codes_issue(user) -> list[str]:
    """Replace the user's recovery codes with ``RECOVERY_CODE_COUNT`` new ones, each good once; shown only now."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def normalise(code: str) -> str:
    """What the user typed, without spaces or dashes and in lower case (recovery codes are shown in groups)."""
    return _SEPARATORS.sub("", code or "").lower()


@dataclass(frozen=True)
class CodeCheck:
    device: TOTPDevice | StaticDevice | None
    #: Set when the device refused to check the code at all: too many wrong codes in a row, wait until then.
    retry_at: datetime | None = None


@transaction.atomic
def enrolment_confirm(*, user, code: str, request=None) -> tuple[CodeCheck, list[str]]:
    """Confirm the authenticator being enrolled with its first right code: (the check, the new recovery codes);
    no codes when the code is refused."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    check = _verify(device, code)
    if check.device is None:
        return check, []
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_issue(user)
    mfa_enrolled.send(sender=User, user=user, request=request, via="sign-in")
    return check, codes


@transaction.atomic
def totp_enrol(*, user, via: str) -> tuple[TOTPDevice, list[str]]:
    """Enrol an authenticator at once, without a first code (``create_user --totp``): (device, recovery codes)."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    codes = recovery_codes_issue(user)
    mfa_enrolled.send(sender=User, user=user, request=None, via=via)
    return device, codes


@transaction.atomic
def code_check(*, user, code: str) -> CodeCheck:
    """Check a code at sign-in: six digits against the authenticator, anything else against the recovery codes
    (a right recovery code is used up). The device row is locked, so one code cannot be accepted twice."""
    code = normalise(code)
    model = TOTPDevice if _TOTP_CODE.match(code) else StaticDevice
    device = model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    return _verify(device, code)


def _verify(device, code: str) -> CodeCheck:
    """django-otp's check of ``code`` on ``device``, which refuses to check at all for a while after wrong codes."""
    if device is None:
        return CodeCheck(None)
    allowed, why = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(None, retry_at=(why or {}).get("locked_until"))
    return CodeCheck(device if device.verify_token(normalise(code)) else None)


def session_verify(request, device) -> None:
    """Mark this session as having given a right code, under a new session key (no session fixation)."""
    request.session.cycle_key()
    otp_login(request, device)


def code_refused(*, request, user) -> bool:
    """Count a wrong code against the account as a failed sign-in (django-axes, by username) and tell the audit
    trail. Returns True when the account is now locked."""
    AxesProxyHandler.user_login_failed(sender=User, credentials={"username": user.get_username()}, request=request)
    locked = bool(getattr(request, "axes_locked_out", False))
    mfa_code_refused.send(sender=User, user=user, request=request, locked=locked)
    return locked


def account_locked(*, request, user) -> bool:
    """Whether the account is locked (too many wrong passwords or codes), checked before any code is."""
    return AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()})


@transaction.atomic
def mfa_reset(*, user, request=None, via: str) -> int:
    """Remove the user's authenticator and recovery codes: they enrol again at their next sign-in. Every session
    that gave a code with them is unverified from its next request. Returns how many devices went."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        _, per_model = model.objects.filter(user=user).delete()
        removed += per_model.get(model._meta.label, 0)
    mfa_devices_removed.send(sender=User, user=user, request=request, devices=removed, via=via)
    return removed
