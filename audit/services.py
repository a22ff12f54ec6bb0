"""Writing the audit trail: ``record`` for every event, ``purge`` for the retention, and nothing else."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from audit.models import PATH_MAX, TEXT_MAX, Action, AuditEntry, Outcome
from madinati.client import client_ip, user_agent

logger = logging.getLogger("audit")

#: The PostgreSQL setting the trigger reads: rows strictly older than it may be deleted, in this transaction only.
PURGE_SETTING = "audit.purge_before"


def _acting_user(request, user):
    if user is not None:
        return user
    candidate = getattr(request, "user", None)
    return candidate if getattr(candidate, "is_authenticated", False) else None


def record(
    *,
    action: Action | str,
    request=None,
    user=None,
    obj=None,
    label: str = "",
    username: str = "",
    outcome: Outcome | str = Outcome.SUCCESS,
    detail: dict | None = None,
) -> AuditEntry:
    """Append one entry. ``user`` defaults to the request's signed-in user; ``label`` names an object that is
    not a model row (an exported table); ``username`` names who was tried when no user is known (a failed sign-in).
    """
    # A service or a model signal is called without the request; simple_history's middleware keeps it.
    request = request if request is not None else getattr(HistoricalRecords.context, "request", None)
    user = _acting_user(request, user)
    entry = AuditEntry(
        action=action,
        outcome=outcome,
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(str(obj) if obj is not None else label)[:TEXT_MAX],
        detail=detail or {},
    )
    if request is not None:
        entry.path = request.get_full_path()[:PATH_MAX]
        entry.ip = client_ip(request)
        entry.user_agent = user_agent(request)
    entry.save()
    return entry


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)


@transaction.atomic
def purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the entries older than ``AUDIT_RETENTION_DAYS``: the one deletion the trail allows.

    On PostgreSQL the trigger lets a DELETE through only for rows older than ``audit.purge_before``, which
    is set here with ``set_config(..., is_local => true)``: it lasts to the end of this transaction.
    """
    cutoff = retention_cutoff(now)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [PURGE_SETTING, cutoff.isoformat()])
    deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
    logger.info("Audit purge: %s entries older than %s deleted.", deleted, cutoff.isoformat())
    return deleted
