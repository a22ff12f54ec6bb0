"""Units of the ministry that attend meetings and own actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from madinati.bilingual import BilingualNameMixin
from programme.models import Axis


class MinistryUnit(BilingualNameMixin, models.Model):
    """A unit of the ministry that attends meetings or owns actions: the Goal Achievement Center, an axis leader."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    axis = models.ForeignKey(
        Axis,
        verbose_name=_("leads the axis"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ministry_units",
        help_text=_("Set when the unit is the leader of an axis."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("ministry unit")
        verbose_name_plural = _("ministry units")
        ordering = ["code"]
