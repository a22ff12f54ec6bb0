"""Whose figures and which quarter an officer's page is about (the entry and import pages)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from programme.models import ReportingPeriod, Secretariat
from programme.params import parse_period
from reporting.selectors import periods_with_extensions
from reporting.services.locks import period_lock_reason, today, write_refusal

PeriodLocks = list[tuple[ReportingPeriod, str | None]]


def officer_secretariat(request) -> Secretariat:
    """The signed-in officer's secretariat; 403 with the reason for anyone else or another secretariat."""
    user = request.user
    if not user.is_officer:
        raise PermissionDenied(_("Only a secretariat officer enters figures; your role cannot change them."))
    asked = request.GET.get("secretariat") or request.POST.get("secretariat")
    if asked and asked != user.secretariat.code:
        raise PermissionDenied(write_refusal(user=user, secretariat=None))
    return user.secretariat


def periods_with_locks(secretariat: Secretariat) -> PeriodLocks:
    """Every period with why it is locked for the secretariat (``None`` = open); two queries."""
    on = today()
    return [
        (period, period_lock_reason(period=period, secretariat=secretariat, on=on, extension=extension))
        for period, extension in periods_with_extensions(secretariat=secretariat)
    ]


def pick_period(request, periods: PeriodLocks) -> tuple[ReportingPeriod, str | None]:
    """``?period=`` (a 400 when malformed or unknown); else the latest open period, else the latest."""
    raw = request.GET.get("period") or request.POST.get("period")
    if raw:
        for period, lock in periods:
            if period.key == raw:
                return period, lock
        parse_period(raw)  # 400 with the reason for a malformed or unknown period
        raise Http404
    open_ones = [(p, lock) for p, lock in periods if lock is None]
    if open_ones:
        return open_ones[-1]
    if not periods:
        raise Http404(_("No reporting period is set up yet."))
    return periods[-1]
