from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.models import ApiToken
from accounts.signals import token_first_used

# Writing last_used_at on every request would turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class HashedTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>`` against :class:`ApiToken` (hashed, revocable)."""

    keyword = "Token"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and result[1].last_used_at is None:
            token_first_used.send(sender=ApiToken, token=result[1], request=request)
        return result

    def authenticate_credentials(self, key):
        token = ApiToken.lookup(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
