import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Ministry viewer")
    REVIEWER = "reviewer", _("Ministry reviewer")
    OFFICER = "officer", _("Secretariat officer")
    ADMIN = "admin", _("Programme admin")


class User(AbstractUser):
    """A person (or an external system acting through a token) with one role.

    An officer always belongs to one secretariat; the database refuses an
    officer without one.
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    secretariat = models.ForeignKey(
        "programme.Secretariat",
        verbose_name=_("secretariat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="officer") | Q(secretariat__isnull=False),
                name="officer_has_secretariat",
                violation_error_message=_("An officer must belong to a secretariat."),
            ),
        ]

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_reviewer(self) -> bool:
        """Reviewers and programme admins approve and return figures."""
        return self.role in (Role.REVIEWER, Role.ADMIN) or self.is_superuser

    @property
    def is_programme_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """An API token. Only its SHA-256 is stored; the key is shown once, at issue."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=key[: cls.PREFIX_LENGTH], key_hash=_hash_key(key))
        return token, key

    @classmethod
    def lookup(cls, key: str) -> "ApiToken | None":
        return cls.objects.active().select_related("user").filter(key_hash=_hash_key(key)).first()

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
