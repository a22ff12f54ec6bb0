from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
