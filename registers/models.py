"""The registers kept beside the figures: risks and obstacles, support requests, creative ideas."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from initiatives.models import Initiative
from madinati.text import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, length_limits
from programme.models import Axis, Secretariat


class RegisterEntry(models.Model):
    """What the three registers (risks, support requests, ideas) share: a titled entry, who raised it, when."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_LENGTH)
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
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


class RiskKind(models.TextChoices):
    OBSTACLE = "obstacle", _("Obstacle (happening now)")
    RISK = "risk", _("Risk (may happen)")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATING = "mitigating", _("Being mitigated")
    CLOSED = "closed", _("Closed")


LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(RegisterEntry):
    """An obstacle (معوق) or a risk (خطر) raised by a secretariat.

    Duplicates raised by several secretariats point at one canonical entry
    through ``canonical``; unmerging clears the link.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=RiskKind.choices, default=RiskKind.RISK)
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.PROTECT, related_name="risks"
    )
    axis = models.ForeignKey(
        Axis, verbose_name=_("axis"), on_delete=models.PROTECT, null=True, blank=True, related_name="risks"
    )
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.PROTECT, null=True, blank=True, related_name="risks"
    )
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=LEVEL_VALIDATORS)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=LEVEL_VALIDATORS)
    mitigation = models.TextField(_("mitigation"), blank=True, max_length=TEXT_MAX_LENGTH)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    status_reason = models.TextField(_("reason for the status"), blank=True, max_length=NOTE_MAX_LENGTH)
    canonical = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("risk or obstacle")
        verbose_name_plural = _("risks and obstacles")
        ordering = ["-created_at"]
        constraints = [
            *length_limits(
                "risk", description=TEXT_MAX_LENGTH, mitigation=TEXT_MAX_LENGTH, status_reason=NOTE_MAX_LENGTH
            ),
            models.CheckConstraint(condition=Q(likelihood__gte=1) & Q(likelihood__lte=5), name="risk_likelihood_1_5"),
            models.CheckConstraint(condition=Q(impact__gte=1) & Q(impact__lte=5), name="risk_impact_1_5"),
            models.CheckConstraint(
                condition=Q(canonical__isnull=True) | ~Q(canonical=models.F("id")), name="risk_not_merged_into_itself"
            ),
        ]

    @property
    def severity(self) -> int:
        return self.likelihood * self.impact


class SupportCategory(models.TextChoices):
    BUDGET = "budget", _("Budget")
    STAFFING = "staffing", _("Staffing")
    TECHNICAL = "technical", _("Technical")
    REGULATORY = "regulatory", _("Regulatory")
    COORDINATION = "coordination", _("Coordination")


class SupportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    DECLINED = "declined", _("Declined")


class SupportRequest(RegisterEntry):
    """What a secretariat needs from the ministry (متطلبات الأمانات وسبل الدعم)."""

    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.PROTECT, related_name="support_requests"
    )
    axis = models.ForeignKey(
        Axis, verbose_name=_("axis"), on_delete=models.PROTECT, null=True, blank=True, related_name="support_requests"
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    category = models.CharField(_("category"), max_length=16, choices=SupportCategory.choices)
    status = models.CharField(_("status"), max_length=16, choices=SupportStatus.choices, default=SupportStatus.OPEN)
    response = models.TextField(_("ministry response"), blank=True, max_length=TEXT_MAX_LENGTH)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at"]
        constraints = length_limits("supportrequest", description=TEXT_MAX_LENGTH, response=TEXT_MAX_LENGTH)


class IdeaStatus(models.TextChoices):
    # An idea (فكرة) is feminine and is put forward, not submitted for review: its own Arabic forms.
    SUBMITTED = "submitted", pgettext_lazy("idea status", "Submitted")
    UNDER_STUDY = "under_study", pgettext_lazy("idea status", "Under study")
    ADOPTED = "adopted", pgettext_lazy("idea status", "Adopted")
    DECLINED = "declined", pgettext_lazy("idea status", "Declined")


class Idea(RegisterEntry):
    """A creative idea (فكرة إبداعية) put forward by a secretariat."""

    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.PROTECT, related_name="ideas"
    )
    axis = models.ForeignKey(
        Axis, verbose_name=_("axis"), on_delete=models.PROTECT, null=True, blank=True, related_name="ideas"
    )
    status = models.CharField(_("status"), max_length=16, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=NOTE_MAX_LENGTH)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at"]
        constraints = length_limits("idea", description=TEXT_MAX_LENGTH, decision_reason=NOTE_MAX_LENGTH)
