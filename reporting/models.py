"""The data-quality rules a reviewer relies on: one per indicator, edited in the admin.

An indicator without a row is checked with its unit's defaults (:mod:`reporting.quality`).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator


class QualityRule(models.Model):
    """What a plausible figure of one indicator looks like: range, quarterly change, distance from its group."""

    indicator = models.OneToOneField(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="quality_rule"
    )
    min_value = models.DecimalField(
        _("plausible minimum"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("A figure below this is flagged; empty: no minimum."),
    )
    max_value = models.DecimalField(
        _("plausible maximum"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("A figure above this is flagged; empty: no maximum."),
    )
    max_change_percent = models.DecimalField(
        _("largest change from last quarter (percent)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "A rise or fall of more than this, in percent of last quarter's figure, is flagged; empty: no check."
        ),
    )
    outlier_mads = models.DecimalField(
        _("outlier distance (median absolute deviations)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        default=3,
        validators=[MinValueValidator(0)],
        help_text=_(
            "A figure further than this many median absolute deviations from the median of its group "
            "in the same quarter is flagged; empty: no outlier check."
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Invented by seed_demo."))

    class Meta:
        verbose_name = _("data-quality rule")
        verbose_name_plural = _("data-quality rules")
        ordering = ["indicator__sort_order", "indicator__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(min_value__lte=F("max_value")),
                name="qualityrule_min_not_above_max",
                violation_error_message=_("The plausible minimum cannot be above the maximum."),
            ),
            models.CheckConstraint(
                condition=Q(max_change_percent__isnull=True) | Q(max_change_percent__gte=0),
                name="qualityrule_change_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(outlier_mads__isnull=True) | Q(outlier_mads__gte=0),
                name="qualityrule_mads_non_negative",
            ),
        ]

    def __str__(self):
        return str(self.indicator)
