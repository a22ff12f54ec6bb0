"""The programme's structure and calendar: secretariats, axes, reporting periods and extensions.

The leaf of the app graph: every other app may refer to these, and this app refers to none of them.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from madinati.bilingual import BilingualNameMixin, localized
from madinati.text import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, length_limits

PERIOD_KEY_RE = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")


class Secretariat(BilingualNameMixin, models.Model):
    """A municipal secretariat (أمانة)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    region_ar = models.CharField(_("region (Arabic)"), max_length=200, blank=True)
    region_en = models.CharField(_("region (English)"), max_length=200, blank=True)
    group = models.PositiveSmallIntegerField(_("group"), db_index=True)
    group_is_assumed = models.BooleanField(
        _("group membership assumed"),
        default=False,
        help_text=_("The seed report documents only group two; the other groups' members are assumed by seed_demo."),
    )

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
    description_ar = models.TextField(_("description (Arabic)"), blank=True, max_length=TEXT_MAX_LENGTH)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=TEXT_MAX_LENGTH)
    leader_ar = models.CharField(_("axis leader (Arabic)"), max_length=200, blank=True)
    leader_en = models.CharField(_("axis leader (English)"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Invented by seed_demo."))

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["code"]
        constraints = length_limits("axis", description_ar=TEXT_MAX_LENGTH, description_en=TEXT_MAX_LENGTH)


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
        Secretariat, verbose_name=_("secretariat"), on_delete=models.CASCADE, related_name="extensions"
    )
    until = models.DateField(_("extended until"))
    reason = models.TextField(_("reason"), blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        verbose_name = _("period extension")
        verbose_name_plural = _("period extensions")
        constraints = [
            *length_limits("periodextension", reason=NOTE_MAX_LENGTH),
            models.UniqueConstraint(fields=["period", "secretariat"], name="extension_unique_period_secretariat"),
        ]

    def __str__(self):
        return f"{self.period} / {self.secretariat.code} → {self.until}"
