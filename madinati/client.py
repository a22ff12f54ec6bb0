"""Who is at the other end of a request: the client's address and user agent.

Behind the TLS proxy (``BEHIND_TLS_PROXY=1``) the peer is nginx, which appends the address it saw
to ``X-Forwarded-For`` (deploy/nginx/madinati-proxy.conf). Only that last entry is trusted: the
entries before it are whatever the client chose to send. Without the proxy the header is ignored.
"""

from __future__ import annotations

from django.conf import settings

USER_AGENT_MAX = 255


def client_ip(request) -> str | None:
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:45]
    return request.META.get("REMOTE_ADDR") or None


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX]
