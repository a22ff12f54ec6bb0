"""Sign-in lockout (django-axes): the page a locked account sees, and unlocking it."""

from axes.utils import reset
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

LOCKED_STATUS = 429


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: when to try again, in the reader's language.

    The page is the same for a name that exists and one that does not (axes counts failures for
    any name typed), and it never repeats the name.
    """
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "cooloff_minutes": int(cooloff.total_seconds() // 60),
        # A failure during a lockout starts the cool-off again (axes' default), so it ends one cool-off from now.
        "retry_at": timezone.localtime(timezone.now() + cooloff),
    }
    return render(request, "registration/locked_out.html", context, status=LOCKED_STATUS)


def user_unlock(*, username: str) -> int:
    """Forget the failed sign-ins counted against ``username``; returns how many records went."""
    return reset(username=username)
