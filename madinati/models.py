from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from madinati.choices import WorkflowStatus


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
    return_reason = models.TextField(_("reason for return"), blank=True)
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
