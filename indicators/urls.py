"""Dashboard pages (DESIGN §6)."""

from django.urls import path

from madinati import views

urlpatterns = [
    path("", views.home, name="home"),
]
