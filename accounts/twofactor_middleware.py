"""Nothing opens for a signed-in user who owes a one-time code, but the code pages (accounts.twofactor)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.twofactor import mfa_pending

#: What a session owing a code may still reach: the language switch, static files and the health checks.
OPEN_PREFIXES = ("/i18n/", "/static/")
OPEN_PATHS = ("/healthz", "/readyz")
#: The code pages themselves and signing out, by URL name.
OPEN_VIEWS = ("mfa-verify", "mfa-enrol", "logout")


class TwoFactorMiddleware:
    """Goes after the authentication and django-otp middleware.

    A page or the admin sends the user to the code page, with the page as ``next``; the session API answers
    403. A request that signs in with a password (the login page, the admin login) is sent straight to the code
    page instead of where it was going. A request authenticated by an API token is not concerned: the
    session is not what authenticates it, and a token is a factor of its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: set[str] | None = None

    def __call__(self, request):
        if not settings.MFA_REQUIRED_ROLES:
            return self.get_response(request)
        if not self._open(request) and mfa_pending(request.user):
            if request.path_info.startswith("/api/"):
                if not _token_request(request):
                    return JsonResponse(
                        {"detail": _("Enter your one-time code on the sign-in page first.")}, status=403
                    )
            else:
                return self._to_code_page(request.get_full_path())
        response = self.get_response(request)
        if response.status_code in (301, 302, 303) and mfa_pending(request.user):
            target = response.get("Location", "")
            if not target.startswith(reverse("mfa-verify")):
                return self._to_code_page(target)
        return response

    def _open(self, request) -> bool:
        path = request.path_info
        if path.startswith(OPEN_PREFIXES) or path in OPEN_PATHS:
            return True
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in OPEN_VIEWS}
        return path in self._open_paths

    @staticmethod
    def _to_code_page(next_url: str) -> HttpResponseRedirect:
        url = reverse("mfa-verify")
        return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


def _token_request(request) -> bool:
    """``Authorization: Token …``: DRF authenticates it by the token or refuses it (never by the session)."""
    scheme, _sep, _rest = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return scheme.lower() == "token"
