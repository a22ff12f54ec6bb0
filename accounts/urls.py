from django.urls import path

from accounts import views

urlpatterns = [
    path("mfa/", views.mfa_verify, name="mfa-verify"),
    path("mfa/enrol/", views.mfa_enrol, name="mfa-enrol"),
]
