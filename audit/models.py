"""The audit trail: one row per security-relevant event, written once and never changed.

Rows are only ever inserted. The model refuses to save a row twice or to delete one; on PostgreSQL a
trigger (migration 0002) refuses UPDATE and DELETE for every client, save the purge of rows past the
retention (``audit.services.purge``). The user is kept by id without a foreign-key constraint, and by
name, so deleting a user neither rewrites nor loses their entries.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT_MAX = 200
PATH_MAX = 500


class Action(models.TextChoices):
    SIGNIN_SUCCEEDED = "signin.succeeded", _("Sign-in succeeded")
    SIGNIN_FAILED = "signin.failed", _("Sign-in failed")
    SIGNIN_LOCKED = "signin.locked", _("Sign-in refused: account locked")
    SIGNOUT = "signout", _("Sign-out")
    MFA_ENROLLED = "mfa.enrolled", _("Two-factor sign-in set up")
    MFA_FAILED = "mfa.failed", _("One-time code refused")
    MFA_RESET = "mfa.reset", _("Two-factor sign-in reset")
    ACCESS_REFUSED = "access.refused", _("Access refused")
    FIGURE_APPROVED = "figure.approved", _("Figure approved")
    FIGURE_RETURNED = "figure.returned", _("Figure returned")
    PERIOD_CLOSED = "period.closed", _("Period closed early")
    PERIOD_REOPENED = "period.reopened", _("Period reopened")
    PERIOD_SCHEDULED = "period.scheduled", _("Period back to its dates")
    PERIOD_EXTENDED = "period.extended", _("Period extended for a secretariat")
    USER_CREATED = "user.created", _("User created")
    USER_CHANGED = "user.changed", _("User or role changed")
    TOKEN_ISSUED = "token.issued", _("API token issued")
    TOKEN_REVOKED = "token.revoked", _("API token revoked")
    TOKEN_FIRST_USE = "token.first_use", _("API token used for the first time")
    EXPORT = "export", _("Table exported")
    IMPORT = "import", _("Figures imported")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    REFUSED = "refused", _("Refused")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=TEXT_MAX, blank=True)
    path = models.CharField(_("path"), max_length=PATH_MAX, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["username", "at"], name="audit_username_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only; only the retention purge removes them.")
