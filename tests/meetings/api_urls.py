"""TEMPORARY: the project's URLs plus the review cycle's API routes, until api/urls.py registers them."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api import meetings as meetings_api
from madinati.urls import urlpatterns as project

router = SimpleRouter()
router.register("meetings", meetings_api.MeetingViewSet, basename="api-meeting")
router.register("actions", meetings_api.ActionViewSet, basename="api-action")
router.register("snapshots", meetings_api.SnapshotViewSet, basename="api-snapshot")

urlpatterns = [path("api/v1/", include(router.urls)), *project]
