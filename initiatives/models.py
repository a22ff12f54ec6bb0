from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from madinati.bilingual import BilingualNameMixin, localized
from madinati.models import WorkflowModel

ONE = 1


class Secretariat(BilingualNameMixin, models.Model):
    """A municipal secretariat (أمانة)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    region_ar = models.CharField(_("region (Arabic)"), max_length=200, blank=True)
    region_en = models.CharField(_("region (English)"), max_length=200, blank=True)
    group = models.PositiveSmallIntegerField(_("group"), db_index=True)

    class Meta:
        verbose_name = _("secretariat")
        verbose_name_plural = _("secretariats")
        ordering = ["group", "code"]
        constraints = [models.CheckConstraint(condition=Q(group__gte=1), name="secretariat_group_positive")]

    @property
    def region(self) -> str:
        return localized(self, "region")


class Axis(BilingualNameMixin, models.Model):
    """A strategic axis (محور): A, B, F, ..."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    leader_ar = models.CharField(_("axis leader (Arabic)"), max_length=200, blank=True)
    leader_en = models.CharField(_("axis leader (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["code"]


class Initiative(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    axis = models.ForeignKey(Axis, verbose_name=_("axis"), on_delete=models.PROTECT, related_name="initiatives")
    lead_secretariat = models.ForeignKey(
        Secretariat,
        verbose_name=_("lead secretariat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_initiatives",
        help_text=_("Empty when the ministry leads the initiative."),
    )
    participants = models.ManyToManyField(
        Secretariat,
        verbose_name=_("participating secretariats"),
        through="Participation",
        related_name="initiatives",
    )
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=ONE, validators=[MinValueValidator(0)]
    )
    unit_ar = models.CharField(_("unit (Arabic)"), max_length=50, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=50, blank=True)
    target_quantity = models.DecimalField(
        _("target quantity"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["axis__code", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="initiative_weight_non_negative"),
            models.CheckConstraint(
                condition=Q(target_quantity__isnull=True) | Q(target_quantity__gte=0),
                name="initiative_target_non_negative",
            ),
        ]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.ensure_lead_participates()

    @property
    def unit(self) -> str:
        return localized(self, "unit")

    def ensure_lead_participates(self) -> None:
        """A lead secretariat is always one of the participants (DESIGN §3)."""
        if self.lead_secretariat_id:
            Participation.objects.get_or_create(initiative=self, secretariat_id=self.lead_secretariat_id)


class Participation(models.Model):
    initiative = models.ForeignKey(Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE)
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="participations"
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "secretariat"], name="participation_unique"),
        ]

    def __str__(self):
        return f"{self.initiative.code} / {self.secretariat.code}"


class ReportedStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")


class InitiativeProgress(WorkflowModel):
    """One secretariat's progress on one initiative in one quarter."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.PROTECT, related_name="progress"
    )
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.PROTECT, related_name="progress"
    )
    period = models.ForeignKey(
        "indicators.ReportingPeriod", verbose_name=_("period"), on_delete=models.PROTECT, related_name="progress"
    )
    percent_complete = models.DecimalField(
        _("percent complete"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    quantity_achieved = models.DecimalField(
        _("quantity achieved"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("reported status"), max_length=16, choices=ReportedStatus.choices, default=ReportedStatus.ON_TRACK
    )
    narrative = models.TextField(_("narrative"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("initiative progress")
        verbose_name_plural = _("initiative progress")
        ordering = ["period_id", "initiative__code", "secretariat__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "secretariat", "period"], name="progress_unique_initiative_secretariat_period"
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__gte=0) & Q(percent_complete__lte=100), name="progress_percent_0_100"
            ),
            models.CheckConstraint(
                condition=Q(quantity_achieved__isnull=True) | Q(quantity_achieved__gte=0),
                name="progress_quantity_non_negative",
            ),
        ]
        indexes = [
            # "Latest visible row at or before P" is an index seek per pair.
            models.Index(fields=["secretariat", "initiative", "period"], name="progress_carry_idx"),
            models.Index(fields=["period", "workflow_status"], name="progress_period_status_idx"),
        ]

    def __str__(self):
        return f"{self.initiative.code} / {self.secretariat.code} / {self.period}"


class RegisterEntry(models.Model):
    """What the three registers (risks, support requests, ideas) share: a titled entry, who raised it, when."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
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
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    status_reason = models.TextField(_("reason for the status"), blank=True)
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
    response = models.TextField(_("ministry response"), blank=True)
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


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_STUDY = "under_study", _("Under study")
    ADOPTED = "adopted", _("Adopted")
    DECLINED = "declined", _("Declined")


class Idea(RegisterEntry):
    """A creative idea (فكرة إبداعية) put forward by a secretariat."""

    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.PROTECT, related_name="ideas"
    )
    axis = models.ForeignKey(
        Axis, verbose_name=_("axis"), on_delete=models.PROTECT, null=True, blank=True, related_name="ideas"
    )
    status = models.CharField(_("status"), max_length=16, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
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
