"""Initiatives (المبادرات) of the axes and the secretariats that take part in them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from madinati.bilingual import BilingualNameMixin, localized
from madinati.text import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, length_limits
from programme.models import Axis, ReportingPeriod, Secretariat

ONE = 1
#: Default schedule thresholds (issue 15): more than 10 points below plan is behind, more than 25 far behind.
BEHIND_AFTER = 10
FAR_BEHIND_AFTER = 25


class Initiative(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    description_ar = models.TextField(_("description (Arabic)"), blank=True, max_length=TEXT_MAX_LENGTH)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=TEXT_MAX_LENGTH)
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
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Invented by seed_demo."))
    behind_after = models.DecimalField(
        _("behind plan after (points)"),
        max_digits=5,
        decimal_places=2,
        default=BEHIND_AFTER,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A participant more than this many points below its plan is behind plan."),
    )
    far_behind_after = models.DecimalField(
        _("far behind plan after (points)"),
        max_digits=5,
        decimal_places=2,
        default=FAR_BEHIND_AFTER,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A participant more than this many points below its plan is far behind plan."),
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["axis__code", "code"]
        constraints = [
            *length_limits("initiative", description_ar=TEXT_MAX_LENGTH, description_en=TEXT_MAX_LENGTH),
            models.CheckConstraint(condition=Q(weight__gte=0), name="initiative_weight_non_negative"),
            models.CheckConstraint(
                condition=Q(target_quantity__isnull=True) | Q(target_quantity__gte=0),
                name="initiative_target_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(behind_after__gte=0) & Q(far_behind_after__gte=F("behind_after")),
                name="initiative_plan_thresholds_ordered",
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
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "secretariat"], name="participation_unique"),
        ]

    def __str__(self):
        return f"{self.initiative.code} / {self.secretariat.code}"


# --------------------------------------------------------------------------- plan against actual


class PlannedProgress(models.Model):
    """The percent complete a participant plans to have reached by the end of a quarter (cumulative, like progress)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="plans"
    )
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="plans"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="plans"
    )
    planned_percent = models.DecimalField(
        _("planned percent complete"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Invented by seed_demo."))

    class Meta:
        verbose_name = _("planned progress")
        verbose_name_plural = _("planned progress")
        ordering = ["initiative__code", "secretariat__code", "period_id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "secretariat", "period"], name="plan_unique_pair_period"),
            models.CheckConstraint(
                condition=Q(planned_percent__gte=0) & Q(planned_percent__lte=100), name="plan_percent_0_100"
            ),
        ]
        # Rule 2's backwards seek, as for progress: the latest plan at or before a quarter is one index probe.
        indexes = [models.Index(fields=["secretariat", "initiative", "period"], name="plan_carry_idx")]

    def __str__(self):
        return f"{self.initiative.code} / {self.secretariat.code} / {self.period}: {self.planned_percent}"


# --------------------------------------------------------------------------- visual-distortion elements


class ElementUnit(models.TextChoices):
    ITEMS = "items", _("items")
    SQUARE_METRES = "m2", _("square metres")
    LINEAR_METRES = "m", _("linear metres")
    CUBIC_METRES = "m3", _("cubic metres")
    TONNES = "t", _("tonnes")
    SITES = "sites", _("sites")


class DistortionElement(BilingualNameMixin, models.Model):
    """One visual-distortion element of an initiative (معالجة التشوه البصري): a working list, not an official one."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="elements",
        help_text=_("The initiative whose progress these elements measure."),
    )
    unit = models.CharField(_("usual unit"), max_length=8, choices=ElementUnit.choices, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Invented by seed_demo."))

    class Meta:
        verbose_name = _("visual-distortion element")
        verbose_name_plural = _("visual-distortion elements (working list)")
        ordering = ["sort_order", "code"]


class ElementRecord(models.Model):
    """What a secretariat did about one element in one quarter; a record means the element is targeted."""

    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="element_records"
    )
    element = models.ForeignKey(
        DistortionElement, verbose_name=_("element"), on_delete=models.PROTECT, related_name="records"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="element_records"
    )
    treated = models.BooleanField(_("treated"), default=False)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=8, choices=ElementUnit.choices, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Invented by seed_demo."))
    # Who changed what and when, old → new, as for the figures of the workflow.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("element record")
        verbose_name_plural = _("element records")
        ordering = ["period_id", "secretariat__code", "element__sort_order"]
        constraints = [
            *length_limits("element_record", note=NOTE_MAX_LENGTH),
            models.UniqueConstraint(fields=["secretariat", "element", "period"], name="element_record_unique"),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | (Q(quantity__gte=0) & ~Q(unit="")),
                name="element_record_quantity_has_unit",
            ),
        ]
        indexes = [models.Index(fields=["period", "secretariat"], name="element_record_period_idx")]

    def __str__(self):
        return f"{self.secretariat.code} / {self.element.code} / {self.period}"
