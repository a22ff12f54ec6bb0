"""Who may write, and when: the period's lock, the row's lock and the writer's role, each with its reason.

Every write of the workflow starts from a :class:`Writer` (made by
:func:`writer_for`, which refuses the wrong user or a closed period) or from
:func:`check_reviewer`, so no path writes a figure without these checks. The
reasons are sentences for the user, in the active language, with who and when.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_write_secretariat
from indicators.choices import EDITABLE_STATUSES, WorkflowStatus
from madinati.bilingual import quarter_label
from programme.models import PeriodExtension, PeriodState, ReportingPeriod, Secretariat
from reporting.services.refusals import NotAllowed, PeriodLocked

# --------------------------------------------------------------------------- words for the reasons


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    """``30 April 2018`` (month name in the active language); datetimes in Riyadh time."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def format_moment(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "j F Y H:i")


def display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def today() -> datetime.date:
    """Today in the programme's time zone (Asia/Riyadh): a period closes at local midnight."""
    return timezone.localdate()


# --------------------------------------------------------------------------- reasons


def period_lock_reason(
    *,
    period: ReportingPeriod,
    secretariat: Secretariat,
    on: datetime.date | None = None,
    extension: PeriodExtension | None | bool = False,
) -> str | None:
    """Why ``secretariat`` cannot enter figures for ``period`` on ``on``; ``None`` when it can.

    An extension keeps the period open for its secretariat up to its date, even
    after the period closed (by date or early): an admin grants it on purpose.
    Pass ``extension`` when it is already loaded (``None`` = none exists) to
    save the query.
    """
    on = on or today()
    if period.is_open(on=on):
        return None
    if on < period.opens_on and period.state != PeriodState.CLOSED:
        return _("%(period)s opens on %(date)s.") % {
            "period": quarter_label(period),
            "date": format_date(period.opens_on),
        }
    if extension is False:
        extension = PeriodExtension.objects.filter(period=period, secretariat=secretariat).first()
    if extension is not None and period.opens_on <= on <= extension.until:
        return None
    if extension is not None and extension.until >= period.closes_on:
        return _("%(period)s closed on %(date)s (your extension ended on %(until)s).") % {
            "period": quarter_label(period),
            "date": format_date(period.closes_on),
            "until": format_date(extension.until),
        }
    if period.state == PeriodState.CLOSED:
        if period.state_changed_on:
            return _("%(period)s was closed early on %(date)s.") % {
                "period": quarter_label(period),
                "date": format_date(period.state_changed_on),
            }
        return _("%(period)s was closed early.") % {"period": quarter_label(period)}
    return _("%(period)s closed on %(date)s.") % {
        "period": quarter_label(period),
        "date": format_date(period.closes_on),
    }


def row_lock_reason(row) -> str | None:
    """Why an officer cannot edit ``row`` (a value or progress row); ``None`` when it is editable.

    Needs ``submitted_by`` / ``reviewed_by`` loaded (select_related) to avoid a query.
    """
    if row is None or row.workflow_status in EDITABLE_STATUSES:
        return None
    if row.workflow_status == WorkflowStatus.APPROVED:
        who, when = display_name(row.reviewed_by), format_date(row.reviewed_at)
        if who and when:
            return _("Approved by %(user)s on %(date)s; an approved figure cannot be changed.") % {
                "user": who,
                "date": when,
            }
        if when:
            return _("Approved on %(date)s; an approved figure cannot be changed.") % {"date": when}
        return _("Approved; an approved figure cannot be changed.")
    who, when = display_name(row.submitted_by), format_date(row.submitted_at)
    if who and when:
        return _(
            "Submitted by %(user)s on %(date)s and awaiting review; it can be changed once a reviewer returns it."
        ) % {
            "user": who,
            "date": when,
        }
    return _("Submitted and awaiting review; it can be changed once a reviewer returns it.")


def write_refusal(*, user: User, secretariat: Secretariat | None) -> str | None:
    """Why ``user`` may not write ``secretariat``'s figures (``None``: one they do not name); ``None`` when they may."""
    if secretariat is not None and can_write_secretariat(user, secretariat.pk):
        return None
    if not getattr(user, "is_officer", False):
        return _("Only a secretariat officer enters figures; your role cannot change them.")
    return _("Not your secretariat: you enter figures for %(own)s only.") % {"own": user.secretariat.name}


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Writer:
    """``by`` may write ``secretariat``'s figures for ``period`` now: only :func:`writer_for` makes one."""

    by: User
    secretariat: Secretariat
    period: ReportingPeriod


def writer_for(
    *,
    by: User,
    secretariat: Secretariat,
    period: ReportingPeriod,
    on: datetime.date | None = None,
    extension: PeriodExtension | None | bool = False,
) -> Writer:
    """The writer of these figures, or :class:`NotAllowed` / :class:`PeriodLocked` with the reason.

    ``on`` and ``extension`` as for :func:`period_lock_reason` (pass them when a
    batch has loaded them, so each row costs no query).
    """
    refusal = write_refusal(user=by, secretariat=secretariat)
    if refusal:
        raise NotAllowed(refusal, field="secretariat")
    reason = period_lock_reason(period=period, secretariat=secretariat, on=on, extension=extension)
    if reason:
        raise PeriodLocked(reason, field="period")
    return Writer(by=by, secretariat=secretariat, period=period)


def check_reviewer(by: User) -> None:
    """:class:`NotAllowed` unless ``by`` is a ministry reviewer (or a programme admin, who reviews too)."""
    if not getattr(by, "is_reviewer", False):
        raise NotAllowed(_("Only a ministry reviewer approves or returns figures."))
