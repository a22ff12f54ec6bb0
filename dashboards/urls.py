"""Dashboard pages (DESIGN §6)."""

from django.urls import path

from dashboards import views

urlpatterns = [
    path("", views.home, name="home"),
    path("secretariats/<slug:code>/", views.secretariat_detail, name="secretariat-detail"),
    path("axes/<str:code>/", views.axis_detail, name="axis-detail"),
    path("initiatives/<slug:code>/", views.initiative_detail, name="initiative-detail"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator-detail"),
    path("review-pack/", views.review_pack, name="review-pack"),
]
