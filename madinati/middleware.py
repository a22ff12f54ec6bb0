from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


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
