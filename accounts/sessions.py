"""Sessions end after a spell of idleness (ASVS V3.3.2); a password change ends them all.

The idle limit is ``SESSION_IDLE_MINUTES`` (default 30). A signed-in request more than
that long after the previous one is signed out and sent to the login page (the API,
where a session is one way in among tokens, answers it as anonymous). The time of the
last request is written at most once a minute, so a busy page does not save the
session on every request.

A password change needs nothing here: Django keeps a hash of the password in every
session and drops any session whose hash no longer matches, on the next request.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

DEFAULT_IDLE_MINUTES = 30
LAST_SEEN_KEY = "madinati_last_seen"
#: How stale the stored time may be before it is written again.
REFRESH_SECONDS = 60


def idle_limit_seconds() -> int:
    return 60 * int(getattr(settings, "SESSION_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))


class IdleTimeoutMiddleware:
    """Sign out a session left idle past the limit; goes right after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if isinstance(last_seen, int) and now - last_seen > idle_limit_seconds():
                logout(request)
                if not request.path_info.startswith("/api/"):
                    return redirect_to_login(request.get_full_path())
            elif not isinstance(last_seen, int) or now - last_seen >= REFRESH_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def stamp_sign_in(sender, request, user, **kwargs) -> None:
    """Start the idle clock at sign-in, so the first request after it need not save the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())
