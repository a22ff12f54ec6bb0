"""Parsing of the ``?period=`` and ``?group=`` parameters shared by every dashboard page."""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from programme.models import ReportingPeriod


def parse_group(raw: str | None) -> int | None:
    """``None`` when absent; ``BadRequest`` with a message for anything but a positive integer."""
    if raw in (None, ""):
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise BadRequest(_("“%(value)s” is not a group number.") % {"value": raw[:20]})
    return int(raw)


def parse_period(raw: str | None, *, default: ReportingPeriod | None = None) -> ReportingPeriod | None:
    """The period named ``YYYY-Qn``; ``default`` when absent; ``BadRequest`` when malformed or unknown."""
    if raw in (None, ""):
        return default
    try:
        return ReportingPeriod.objects.by_key(raw)
    except ReportingPeriod.DoesNotExist:
        raise BadRequest(
            _("“%(value)s” is not a known reporting period; use the form YYYY-Qn, e.g. 2018-Q1.") % {"value": raw[:20]}
        ) from None
