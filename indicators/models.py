"""Indicator definitions, targets, baselines and the quarterly figures: indicator values and initiative progress."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from indicators.choices import WorkflowStatus
from initiatives.models import Initiative
from madinati.bilingual import BilingualNameMixin, localized
from madinati.text import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, length_limits
from programme.models import Axis, ReportingPeriod, Secretariat


class WorkflowModel(models.Model):
    """The reporting workflow shared by indicator values and initiative progress.

    ``version`` grows on every save: a form carries the version it was read at,
    and a save against an older version is refused instead of overwriting.
    """

    workflow_status = models.CharField(
        _("workflow status"),
        max_length=16,
        choices=WorkflowStatus.choices,
        default=WorkflowStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    return_reason = models.TextField(_("reason for return"), blank=True, max_length=NOTE_MAX_LENGTH)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Invented by seed_demo."))

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.workflow_status in (WorkflowStatus.DRAFT, WorkflowStatus.RETURNED)


class Unit(models.TextChoices):
    PERCENT = "percent", _("Percent")
    COUNT = "count", _("Count")
    SAR = "sar", _("Saudi riyals")
    # "Score" is also a secretariat's score (الدرجة); as a unit it is indefinite.
    SCORE = "score", pgettext_lazy("unit", "Score")
    RATIO = "ratio", _("Ratio")
    # Durations, with decimals: complaint handling is measured in days (7.5 days is a figure).
    DAYS = "days", _("Days")
    HOURS = "hours", _("Hours")


class Polarity(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Higher is better")
    LOWER_BETTER = "lower_better", _("Lower is better")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by the secretariat")
    INITIATIVES_ALL = "initiatives_all", _("Progress of all the secretariat's initiatives")
    INITIATIVES_LED = "initiatives_led", _("Progress of the initiatives the secretariat leads")


class YearRule(models.TextChoices):
    """How an indicator's quarters make its year (issue 15)."""

    LAST = "last", _("Latest quarter")
    MEAN = "mean", _("Mean of the quarters")
    SUM = "sum", _("Sum of the quarters")


def default_year_rule(unit: str) -> str:
    """A flow (riyals collected, things counted) adds up over the year; a duration is averaged; a level
    (a percentage, a score, a ratio) is where the latest quarter left it."""
    if unit in (Unit.SAR, Unit.COUNT):
        return YearRule.SUM
    if unit in (Unit.DAYS, Unit.HOURS):
        return YearRule.MEAN
    return YearRule.LAST


class Indicator(BilingualNameMixin, models.Model):
    """A municipal-sector indicator (مؤشر قياس القطاع البلدي)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ar = models.TextField(_("description (Arabic)"), blank=True, max_length=TEXT_MAX_LENGTH)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=TEXT_MAX_LENGTH)
    formula_ar = models.TextField(_("formula (Arabic)"), blank=True, max_length=TEXT_MAX_LENGTH)
    formula_en = models.TextField(_("formula (English)"), blank=True, max_length=TEXT_MAX_LENGTH)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.PERCENT)
    polarity = models.CharField(_("polarity"), max_length=16, choices=Polarity.choices, default=Polarity.HIGHER_BETTER)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    green_at = models.DecimalField(_("on track from (percent of target)"), max_digits=5, decimal_places=2, default=90)
    amber_at = models.DecimalField(_("at risk from (percent of target)"), max_digits=5, decimal_places=2, default=70)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Invented by seed_demo."))
    year_rule = models.CharField(
        _("how quarters make a year"),
        max_length=8,
        choices=YearRule.choices,
        blank=True,
        help_text=_(
            "Left empty, the unit decides: riyals and counts add up, days and hours are averaged, "
            "percentages, scores and ratios take the latest quarter. Progress of initiatives always takes "
            "the latest quarter."
        ),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]
        constraints = [
            *length_limits(
                "indicator",
                description_ar=TEXT_MAX_LENGTH,
                description_en=TEXT_MAX_LENGTH,
                formula_ar=TEXT_MAX_LENGTH,
                formula_en=TEXT_MAX_LENGTH,
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="indicator_weight_non_negative"),
            models.CheckConstraint(
                condition=Q(amber_at__gte=0) & Q(green_at__lte=100) & Q(amber_at__lte=F("green_at")),
                name="indicator_thresholds_ordered",
                violation_error_message=_("Thresholds must satisfy 0 ≤ amber ≤ green ≤ 100."),
            ),
            # Progress is cumulative (DESIGN §4 rule 2): its year is where the latest quarter left it.
            models.CheckConstraint(
                condition=Q(source=Source.MANUAL) | Q(year_rule__in=["", YearRule.LAST]),
                name="indicator_derived_year_rule_last",
                violation_error_message=_("An indicator computed from initiative progress takes the latest quarter."),
            ),
        ]

    def save(self, *args, **kwargs):
        if not self.year_rule:
            self.year_rule = YearRule.LAST if not self.is_manual else default_year_rule(self.unit)
        super().save(*args, **kwargs)

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def formula(self) -> str:
        return localized(self, "formula")

    @property
    def is_manual(self) -> bool:
        return self.source == Source.MANUAL


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="targets"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="targets"
    )
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["period_id", "indicator__sort_order", "secretariat__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "secretariat", "period"], name="target_unique_indicator_secretariat_period"
            ),
        ]
        indexes = [models.Index(fields=["period", "secretariat"], name="target_period_secretariat_idx")]

    def __str__(self):
        return f"{self.indicator.code} / {self.secretariat.code} / {self.period}: {self.value}"


class Baseline(models.Model):
    """Where a secretariat started on an indicator, for context on the pages."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="baselines"
    )
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="baselines"
    )
    value = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4)
    year = models.PositiveSmallIntegerField(_("year of the baseline"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "secretariat"], name="baseline_unique_indicator_secretariat"),
        ]

    def __str__(self):
        return f"{self.indicator.code} / {self.secretariat.code}: {self.value} ({self.year})"


class IndicatorValue(WorkflowModel):
    """A secretariat's figure for one manual indicator in one quarter."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.PROTECT, related_name="values"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["period_id", "secretariat__code", "indicator__sort_order"]
        constraints = [
            *length_limits("indicatorvalue", return_reason=NOTE_MAX_LENGTH, note=NOTE_MAX_LENGTH),
            models.UniqueConstraint(
                fields=["indicator", "secretariat", "period"], name="value_unique_indicator_secretariat_period"
            ),
        ]
        indexes = [
            models.Index(fields=["period", "workflow_status"], name="value_period_status_idx"),
            models.Index(fields=["secretariat", "indicator", "period"], name="value_trend_idx"),
        ]

    def __str__(self):
        return f"{self.indicator.code} / {self.secretariat.code} / {self.period}: {self.value}"


class ReportedStatus(models.TextChoices):
    # An initiative (مبادرة) is feminine: the context gives these their own Arabic forms.
    ON_TRACK = "on_track", pgettext_lazy("initiative status", "On track")
    AT_RISK = "at_risk", pgettext_lazy("initiative status", "At risk")
    DELAYED = "delayed", pgettext_lazy("initiative status", "Delayed")
    COMPLETED = "completed", pgettext_lazy("initiative status", "Completed")


class InitiativeProgress(WorkflowModel):
    """One secretariat's progress on one initiative in one quarter."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.PROTECT, related_name="progress"
    )
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.PROTECT, related_name="progress"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="progress"
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
    narrative = models.TextField(_("narrative"), blank=True, max_length=TEXT_MAX_LENGTH)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("initiative progress")
        verbose_name_plural = _("initiative progress")
        ordering = ["period_id", "initiative__code", "secretariat__code"]
        constraints = [
            *length_limits("initiativeprogress", return_reason=NOTE_MAX_LENGTH, narrative=TEXT_MAX_LENGTH),
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


class AnnualTarget(models.Model):
    """What a secretariat should reach on an indicator by the end of a year (المستهدف السنوي)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="annual_targets"
    )
    secretariat = models.ForeignKey(
        Secretariat, verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="annual_targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("annual target"), max_digits=18, decimal_places=4)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("annual target")
        verbose_name_plural = _("annual targets")
        ordering = ["year", "indicator__sort_order", "secretariat__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "secretariat", "year"], name="annual_target_unique_indicator_secretariat_year"
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2999), name="annual_target_year_range"),
        ]
        indexes = [models.Index(fields=["year", "secretariat"], name="annual_target_year_secr_idx")]

    def __str__(self):
        return f"{self.indicator.code} / {self.secretariat.code} / {self.year}: {self.value}"


class AxisYearTarget(models.Model):
    """The progress an axis is planned to reach by the end of a year: the targets the meeting presented by axis."""

    axis = models.ForeignKey(Axis, verbose_name=_("axis"), on_delete=models.CASCADE, related_name="year_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    planned_progress = models.DecimalField(
        _("planned progress (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("axis target for the year")
        verbose_name_plural = _("axis targets for the year")
        ordering = ["year", "axis__code"]
        constraints = [
            models.UniqueConstraint(fields=["axis", "year"], name="axis_year_target_unique_axis_year"),
            models.CheckConstraint(
                condition=Q(planned_progress__gte=0) & Q(planned_progress__lte=100), name="axis_year_target_0_100"
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2999), name="axis_year_target_year_range"),
        ]

    def __str__(self):
        return f"{self.axis.code} / {self.year}: {self.planned_progress}"
