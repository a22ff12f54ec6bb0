"""Reading the audit trail: one filtered queryset for the page, its CSV and ``audit_log``."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from audit.models import AuditEntry

FIELDS = ["at", "username", "action", "outcome", "object_type", "object_id", "object_repr", "path", "ip", "user_agent"]


def entries(
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    username: str = "",
    action: str = "",
) -> QuerySet[AuditEntry]:
    queryset = AuditEntry.objects.order_by("-at", "-id")
    if since is not None:
        queryset = queryset.filter(at__gte=since)
    if until is not None:
        queryset = queryset.filter(at__lt=until)
    if username:
        queryset = queryset.filter(username=username)
    if action:
        queryset = queryset.filter(action=action)
    return queryset


def as_dict(entry: AuditEntry) -> dict:
    row = {name: getattr(entry, name) for name in FIELDS}
    row["at"] = entry.at.isoformat()
    row["user_id"] = entry.user_id
    row["detail"] = entry.detail
    return row
