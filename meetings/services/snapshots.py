"""Freezing the scorecard a meeting saw (issue 14, item 4).

A snapshot is written once, as canonical JSON with the SHA-256 of exactly the stored bytes, and
never changed: there is no update service, the model refuses a second save, and PostgreSQL
refuses UPDATE and DELETE with a trigger. One snapshot per (period, group), so
``/snapshots/<period>/<group>/`` always names the same figures.
"""

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from madinati.bilingual import quarter_label
from madinati.errors import Refused
from meetings.models import Snapshot, canonical_json, sha256_of
from meetings.services.common import require_reviewer
from meetings.snapshots import snapshot_body
from programme.models import ReportingPeriod


def _already_frozen(existing: Snapshot) -> Refused:
    when = formats.date_format(existing.frozen_at, "SHORT_DATETIME_FORMAT")
    return Refused(
        _("The scorecard of group %(group)s for %(period)s was already frozen on %(when)s; it never changes.")
        % {"group": existing.group, "period": quarter_label(existing.period), "when": when},
        field="period",
    )


@transaction.atomic
def snapshot_freeze(*, period: ReportingPeriod, group: int, by) -> Snapshot:
    """A reviewer presses "freeze": store the group's scorecard for the period as it is now."""
    require_reviewer(by)
    existing = Snapshot.objects.filter(period=period, group=group).select_related("period").first()
    if existing is not None:
        raise _already_frozen(existing)
    return snapshot_store(period=period, group=group, by=by)


def snapshot_store(*, period: ReportingPeriod, group: int, by=None) -> Snapshot:
    """Store the snapshot with no permission check: for the services above and ``seed_demo`` (``by=None``).

    Runs in its own savepoint, so a concurrent freeze of the same (period, group) is refused by the
    unique constraint without breaking the caller's transaction.
    """
    data = snapshot_body(period=period, group=group)
    body = canonical_json(data)
    try:
        with transaction.atomic():
            return Snapshot.objects.create(
                period=period,
                group=group,
                body=body,
                sha256=sha256_of(body),
                frozen_by=by,
                is_demo=bool(data["is_demo"]),
            )
    except IntegrityError:
        raise _already_frozen(Snapshot.objects.select_related("period").get(period=period, group=group)) from None


def snapshot_for_meeting(*, period: ReportingPeriod, group: int, by) -> Snapshot:
    """The snapshot of (period, group): the one already frozen (say, before the meeting), else a new one."""
    existing = Snapshot.objects.filter(period=period, group=group).first()
    return existing or snapshot_store(period=period, group=group, by=by)
