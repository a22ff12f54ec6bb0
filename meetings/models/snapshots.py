"""The frozen scorecard of a group for a quarter: canonical JSON, its SHA-256, who froze it and when."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from programme.models import ReportingPeriod


class SnapshotQuerySet(models.QuerySet):
    """A snapshot never changes: bulk updates and deletes are refused before they reach the database."""

    def update(self, **kwargs):
        raise ValidationError(_("A snapshot never changes."))

    def delete(self):
        raise ValidationError(_("A snapshot is never deleted."))


def canonical_json(data) -> str:
    """The one serialisation of a snapshot: sorted keys, no spaces, UTF-8 as written (Arabic stays Arabic)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_of(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class Snapshot(models.Model):
    """The scorecard of a group for a quarter, frozen as canonical JSON with its SHA-256.

    Written once (``meetings.services.snapshots``) and never changed: the model refuses a second
    save and a delete, and in PostgreSQL a trigger refuses UPDATE and DELETE on the table.
    """

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="snapshots"
    )
    group = models.PositiveSmallIntegerField(_("group"))
    body = models.TextField(_("canonical JSON"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        # A person who froze a snapshot stays on record: deactivate them, never delete.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when seed_demo froze it."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-period_id", "group"]
        constraints = [
            models.UniqueConstraint(fields=["period", "group"], name="snapshot_unique_period_group"),
            models.CheckConstraint(condition=Q(group__gte=1), name="snapshot_group_positive"),
        ]

    def __str__(self):
        year, quarter = divmod(self.period_id or 0, 4)
        return f"{year}-Q{quarter + 1} / {self.group} · {self.sha256[:12]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A snapshot never changes."))
        if self.sha256 != sha256_of(self.body):
            raise ValidationError(_("The SHA-256 does not match the stored body."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A snapshot is never deleted."))

    @cached_property
    def data(self) -> dict:
        return json.loads(self.body)

    @property
    def is_intact(self) -> bool:
        return sha256_of(self.body) == self.sha256
