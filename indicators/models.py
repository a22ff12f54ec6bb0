import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from madinati.bilingual import BilingualNameMixin, localized
from madinati.models import WorkflowModel

PERIOD_KEY_RE = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")


class Unit(models.TextChoices):
    PERCENT = "percent", _("Percent")
    COUNT = "count", _("Count")
    SAR = "sar", _("Saudi riyals")
    SCORE = "score", _("Score")
    RATIO = "ratio", _("Ratio")


class Polarity(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Higher is better")
    LOWER_BETTER = "lower_better", _("Lower is better")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by the secretariat")
    INITIATIVES_ALL = "initiatives_all", _("Progress of all the secretariat's initiatives")
    INITIATIVES_LED = "initiatives_led", _("Progress of the initiatives the secretariat leads")


class Indicator(BilingualNameMixin, models.Model):
    """A municipal-sector indicator (مؤشر قياس القطاع البلدي)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    formula_ar = models.TextField(_("formula (Arabic)"), blank=True)
    formula_en = models.TextField(_("formula (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.PERCENT)
    polarity = models.CharField(_("polarity"), max_length=16, choices=Polarity.choices, default=Polarity.HIGHER_BETTER)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    green_at = models.DecimalField(_("on track from (percent of target)"), max_digits=5, decimal_places=2, default=90)
    amber_at = models.DecimalField(_("at risk from (percent of target)"), max_digits=5, decimal_places=2, default=70)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="indicator_weight_non_negative"),
            models.CheckConstraint(
                condition=Q(amber_at__gte=0) & Q(green_at__lte=100) & Q(amber_at__lte=F("green_at")),
                name="indicator_thresholds_ordered",
                violation_error_message=_("Thresholds must satisfy 0 ≤ amber ≤ green ≤ 100."),
            ),
        ]

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def formula(self) -> str:
        return localized(self, "formula")

    @property
    def is_manual(self) -> bool:
        return self.source == Source.MANUAL


class ReportingPeriodQuerySet(models.QuerySet):
    def by_key(self, key: str) -> "ReportingPeriod":
        """``ReportingPeriod.DoesNotExist`` for an unknown or malformed key."""
        year, quarter = ReportingPeriod.parse_key(key)
        return self.get(pk=ReportingPeriod.ordinal(year, quarter))


class PeriodState(models.TextChoices):
    SCHEDULED = "scheduled", _("By dates")
    CLOSED = "closed", _("Closed early")
    OPEN = "open", _("Reopened")


class ReportingPeriod(models.Model):
    """A calendar quarter, keyed ``YYYY-Qn``.

    The primary key is the quarter's ordinal (year × 4 + quarter − 1), so
    foreign keys to a period sort chronologically and "at or before P" is an
    index range on the referencing table.
    """

    id = models.PositiveIntegerField(primary_key=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=PeriodState.choices,
        default=PeriodState.SCHEDULED,
        help_text=_("Close the period early, or reopen it after its closing date."),
    )
    state_changed_on = models.DateField(_("state changed on"), null=True, blank=True, editable=False)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="period_unique_year_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="period_quarter_1_4"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2999), name="period_year_range"),
            models.CheckConstraint(condition=Q(id=F("year") * 4 + F("quarter") - 1), name="period_id_is_ordinal"),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="period_closes_after_opening"),
        ]

    def __str__(self):
        return self.key

    def save(self, *args, **kwargs):
        self.id = self.ordinal(self.year, self.quarter)
        super().save(*args, **kwargs)

    @staticmethod
    def ordinal(year: int, quarter: int) -> int:
        return year * 4 + quarter - 1

    @staticmethod
    def parse_key(key: str) -> tuple[int, int]:
        match = PERIOD_KEY_RE.match(key or "")
        if not match:
            raise ReportingPeriod.DoesNotExist(f"{key!r} is not a period of the form YYYY-Qn")
        return int(match["year"]), int(match["quarter"])

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    def clean(self):
        if self.quarter not in (1, 2, 3, 4):
            raise ValidationError({"quarter": _("A quarter is 1, 2, 3 or 4.")})
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A period cannot close before it opens.")})

    @property
    def starts(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    def previous_key(self) -> str:
        year, quarter = divmod(self.id - 1, 4)
        return f"{year}-Q{quarter + 1}"

    def is_open(self, *, on: datetime.date) -> bool:
        """Open for everyone on that date (extensions are per secretariat)."""
        if self.state == PeriodState.CLOSED:
            return False
        if self.state == PeriodState.OPEN:
            return True
        return self.opens_on <= on <= self.closes_on


class PeriodExtension(models.Model):
    """One secretariat may keep entering figures after the period closes."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="extensions"
    )
    secretariat = models.ForeignKey(
        "initiatives.Secretariat", verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="extensions"
    )
    until = models.DateField(_("extended until"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("period extension")
        verbose_name_plural = _("period extensions")
        constraints = [
            models.UniqueConstraint(fields=["period", "secretariat"], name="extension_unique_period_secretariat"),
        ]

    def __str__(self):
        return f"{self.period} / {self.secretariat.code} → {self.until}"


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    secretariat = models.ForeignKey(
        "initiatives.Secretariat", verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="targets"
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
        "initiatives.Secretariat", verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="baselines"
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
        "initiatives.Secretariat", verbose_name=_("secretariat"), on_delete=models.PROTECT, related_name="values"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["period_id", "secretariat__code", "indicator__sort_order"]
        constraints = [
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
