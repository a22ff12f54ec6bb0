"""Dashboard pages (DESIGN §6)."""

from django.urls import path

from dashboards import views, year_views

urlpatterns = [
    # ?year= turns these three into the year's pages (issue 15); without it they are the quarter's.
    path("", year_views.overview, name="home"),
    path("secretariats/<slug:code>/", year_views.secretariat, name="secretariat-detail"),
    path("axes/<str:code>/", year_views.axis, name="axis-detail"),
    path("groups/", year_views.groups_page, name="groups"),
    path("initiatives/<slug:code>/", views.initiative_detail, name="initiative-detail"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator-detail"),
    path("review-pack/", views.review_pack, name="review-pack"),
]
