from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from madinati import views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The one-time code after the password, and its first enrolment (accounts.twofactor).
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("api/", include("api.urls")),
    path("", include("audit.urls")),
    path("", include("reporting.urls")),
    path("", include("registers.urls")),
    path("", include("meetings.urls")),
    path("", include("dashboards.urls")),
]

# JSON for the API's unmatched paths, the HTML pages for everything else.
handler404 = "madinati.handlers.not_found"
handler400 = "madinati.handlers.bad_request"
