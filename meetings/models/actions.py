"""Follow-up actions of a meeting's decisions, their progress notes, and the actions a later meeting carries."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from madinati.bilingual import localized
from madinati.text import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, length_limits
from meetings.models.meetings import Decision, Meeting, exactly_one
from meetings.models.units import MinistryUnit
from programme.models import Secretariat


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


#: An action still to be done: carried to the next meeting, counted as overdue past its date.
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Action(models.Model):
    """Who must do what by when, as a decision asked; owned by a secretariat or a ministry unit."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="actions")
    text_ar = models.TextField(_("action (Arabic)"), blank=True, max_length=TEXT_MAX_LENGTH)
    text_en = models.TextField(_("action (English)"), blank=True, max_length=TEXT_MAX_LENGTH)
    owner_secretariat = models.ForeignKey(
        Secretariat,
        verbose_name=_("owner secretariat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
    )
    owner_unit = models.ForeignKey(
        MinistryUnit,
        verbose_name=_("owner ministry unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN, db_index=True
    )
    drop_reason = models.TextField(_("reason for dropping"), blank=True, max_length=NOTE_MAX_LENGTH)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "id"]
        constraints = [
            *length_limits("action", text_ar=TEXT_MAX_LENGTH, text_en=TEXT_MAX_LENGTH, drop_reason=NOTE_MAX_LENGTH),
            models.CheckConstraint(
                condition=exactly_one("owner_secretariat", "owner_unit"),
                name="action_one_owner",
                violation_error_message=_("An action is owned by a secretariat or a ministry unit, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(drop_reason=""),
                name="action_dropped_has_reason",
                violation_error_message=_("Say why the action is dropped."),
            ),
            models.CheckConstraint(
                condition=~Q(text_ar="") | ~Q(text_en=""),
                name="action_has_text",
                violation_error_message=_("Write the action in Arabic, English or both."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due_idx")]

    def __str__(self):
        return self.text[:80]

    @property
    def text(self) -> str:
        return localized(self, "text") or self.text_ar or self.text_en

    @property
    def owner(self):
        return self.owner_secretariat or self.owner_unit

    @property
    def owner_code(self) -> str:
        return self.owner.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue_on(self, day: datetime.date) -> bool:
        return self.is_open and self.due_on < day

    @property
    def is_overdue(self) -> bool:
        """Past its due date and still open, today in Riyadh."""
        return self.is_overdue_on(timezone.localdate())


class ActionNote(models.Model):
    """A progress note on an action: what was done, the status it left, who wrote it and when."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    status = models.CharField(_("status after the note"), max_length=16, choices=ActionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("written at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["action", "at", "id"]
        constraints = length_limits("actionnote", text=NOTE_MAX_LENGTH)

    def __str__(self):
        return self.text[:80]


class CarriedAction(models.Model):
    """An action of an earlier meeting that was still open when this meeting was planned.

    The list is fixed at planning, so it shows what the meeting had to go through even after the
    actions move on; ``note_*`` is what the minutes record about each one.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="carried_actions"
    )
    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="carried_to")
    status_when_planned = models.CharField(
        _("status when the meeting was planned"), max_length=16, choices=ActionStatus.choices
    )
    note_ar = models.TextField(_("what was said (Arabic)"), blank=True, max_length=NOTE_MAX_LENGTH)
    note_en = models.TextField(_("what was said (English)"), blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        verbose_name = _("carried action")
        verbose_name_plural = _("carried actions")
        ordering = ["meeting", "action__due_on", "action_id"]
        constraints = [
            *length_limits("carriedaction", note_ar=NOTE_MAX_LENGTH, note_en=NOTE_MAX_LENGTH),
            models.UniqueConstraint(fields=["meeting", "action"], name="carried_unique_meeting_action"),
        ]

    def __str__(self):
        return f"{self.meeting} ← {self.action}"

    @property
    def note(self) -> str:
        return localized(self, "note")
