"""Workshops of a held meeting and the unified risks and support requests they produced or merged."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madinati.bilingual import localized
from madinati.text import TEXT_MAX_LENGTH, length_limits
from meetings.models.meetings import Meeting
from registers.models import Risk, SupportRequest


class WorkshopTopic(models.TextChoices):
    RISKS = "risks", _("Obstacles and risks")
    SUPPORT = "support", _("Requirements and means of support")


class WorkshopOutcome(models.TextChoices):
    PRODUCED = "produced", _("Produced")
    MERGED = "merged", _("Merged")


class Workshop(models.Model):
    """A workshop of the meeting's second part: collecting and unifying obstacles and risks, or requirements."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="workshops")
    topic = models.CharField(_("topic"), max_length=16, choices=WorkshopTopic.choices)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    notes_ar = models.TextField(_("notes (Arabic)"), blank=True, max_length=TEXT_MAX_LENGTH)
    notes_en = models.TextField(_("notes (English)"), blank=True, max_length=TEXT_MAX_LENGTH)
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

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["meeting", "id"]
        constraints = length_limits("workshop", notes_ar=TEXT_MAX_LENGTH, notes_en=TEXT_MAX_LENGTH)

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title") or self.title_ar

    @property
    def notes(self) -> str:
        return localized(self, "notes")


class WorkshopLink(models.Model):
    """What a workshop produced or merged, who recorded it and when."""

    outcome = models.CharField(_("outcome"), max_length=16, choices=WorkshopOutcome.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True


class WorkshopRisk(WorkshopLink):
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="risk_links"
    )
    risk = models.ForeignKey(Risk, verbose_name=_("risk or obstacle"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("risk of a workshop")
        verbose_name_plural = _("risks of workshops")
        ordering = ["workshop", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["workshop", "risk"], name="workshop_risk_unique")]


class WorkshopSupportRequest(WorkshopLink):
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="support_links"
    )
    support_request = models.ForeignKey(
        SupportRequest, verbose_name=_("support request"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("support request of a workshop")
        verbose_name_plural = _("support requests of workshops")
        ordering = ["workshop", "at", "id"]
        constraints = [models.UniqueConstraint(fields=["workshop", "support_request"], name="workshop_support_unique")]
