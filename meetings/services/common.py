"""Checks shared by the review cycle's services."""

from django.utils.translation import gettext as _

from madinati.errors import Refused
from meetings.permissions import can_run_meetings


def require_reviewer(by) -> None:
    if not can_run_meetings(by):
        raise Refused(_("Only a ministry reviewer or a programme admin may do this."), forbidden=True)


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def require_some_text(ar: str, en: str, *, field: str = "text_ar") -> tuple[str, str]:
    """Arabic, English or both; never neither."""
    ar, en = clean_text(ar), clean_text(en)
    if not ar and not en:
        raise Refused(_("Write it in Arabic, English or both."), field=field)
    return ar, en


def save_with_history(obj, *, by, reason: str = "") -> None:
    """Save with the history's who and why (also outside a request, e.g. from a command)."""
    obj._history_user = by
    obj._change_reason = str(reason)
    obj.save()
