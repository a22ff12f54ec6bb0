"""Initiatives (المبادرات) of the axes and the secretariats that take part in them."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from madinati.bilingual import BilingualNameMixin, localized
from madinati.text import TEXT_MAX_LENGTH, length_limits
from programme.models import Axis, Secretariat

ONE = 1


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
