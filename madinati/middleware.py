import hashlib
import re

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGet
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, quote_etag

#: Where Django's ``{% csrf_token %}`` and the browsable API put the per-response masked CSRF token.
_MASKED_CSRF_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value="|"csrfToken": ")[A-Za-z0-9]{64}')


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user.

    The API answers 401/403 itself (token or session), so it must not be
    redirected to the HTML login page; the language switch must work on the
    login page too.
    """

    exempt_prefixes = ("/api/", "/i18n/", "/static/", "/healthz")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(self.exempt_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ArabicFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Arabic unless the user chose English with the language switch.

    Browsers on ministry desks often send ``Accept-Language: en``; the product
    is Arabic first, so for pages only the switch's cookie counts. API clients
    get their errors in the language they ask for with ``Accept-Language``.
    """

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every answer, from ``settings.PERMISSIONS_POLICY`` (feature → allowed origins).

    An empty list turns the feature off (``camera=()``); ``"self"`` allows it for our own pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response.headers["Permissions-Policy"] = self.header
        return response


def permissions_policy(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` → ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


class ConditionalGetMiddleware(DjangoConditionalGet):
    """Django's ETag and ``If-None-Match`` → 304, for every page and API answer, with three additions.

    * Only a successful answer has an ETag: an error is never revalidated.
    * The CSRF token of a page's forms is masked afresh on every response (a
      BREACH defence), which would give a page a new ETag each time. The ETag
      hashes the page with the masked tokens left out, and the CSRF secret they
      all unmask to in their place: a page whose cached copy carries tokens of
      an older secret is never a 304.
    * What gets an ETag is ``private, no-cache`` unless the view said otherwise:
      every answer here depends on who asks, and the browser must ask again each
      time (it costs a 304 when nothing changed).
    """

    def needs_etag(self, response):
        return 200 <= response.status_code < 300 and super().needs_etag(response)

    def process_response(self, request, response):
        if (
            request.method == "GET"
            and not response.streaming
            and response.content
            and not response.has_header("ETag")
            and self.needs_etag(response)
        ):
            response.headers["ETag"] = quote_etag(content_etag(response, csrf_secret=request.META.get("CSRF_COOKIE")))
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
        return super().process_response(request, response)


def content_etag(response, *, csrf_secret: str | None) -> str:
    """SHA-256 of the media type and the body, with masked CSRF tokens replaced by the secret they stand for."""
    body, masked = _MASKED_CSRF_TOKEN.subn(rb"\1", response.content)
    digest = hashlib.sha256(response.get("Content-Type", "").encode() + b"\n" + body)
    if masked:
        digest.update(b"\ncsrf:" + (csrf_secret or "").encode())
    return digest.hexdigest()[:40]
