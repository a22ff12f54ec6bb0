"""The sign-in lockout backend (django-axes), placed before ModelBackend in AUTHENTICATION_BACKENDS.

A sign-in for a locked account is refused here, before ModelBackend hashes the password, so a flood
of guesses against a locked account costs no hashing work.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check, for every sign-in that comes with a request.

    The login page, the admin login and every other form sign-in pass their request. Only code that
    authenticates outside any request (the test client's ``login()``; no view of this project) comes
    without one, and has no client to count failures against, so it is let through to ModelBackend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
