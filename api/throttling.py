"""API throttles, in a module of their own: DRF reads DEFAULT_THROTTLE_CLASSES while
``rest_framework.views`` is still importing, so these must not import the views."""

from rest_framework import throttling
from rest_framework.settings import api_settings


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """One bucket per API token (sessions: per user), so one noisy integration cannot starve another.

    The rate is read at request time (``DEFAULT_THROTTLE_RATES["token"]``,
    else ``["user"]``), so settings overrides take effect without a restart.
    """

    scope = "token"

    def __init__(self):
        pass

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self):
        rates = api_settings.DEFAULT_THROTTLE_RATES
        return rates.get(self.scope) or rates.get("user")

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        token = request.auth
        ident = f"token-{token.pk}" if getattr(token, "pk", None) else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class UserRateThrottle(TokenRateThrottle):
    """One bucket per user across all their tokens and their browser session."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonRateThrottle(TokenRateThrottle):
    """Unauthenticated attempts (wrong tokens included), per client address."""

    scope = "anon"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get("anon")

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
