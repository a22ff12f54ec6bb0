"""REST API v1 (DESIGN §5), its schema and docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import annual as annual_api
from api import elements as elements_api
from api import exports as exports_api
from api import figures as indicators_api
from api import meetings as meetings_api
from api import structure as initiatives_api
from madinati.handlers import not_found

router = SimpleRouter()
router.register("secretariats", initiatives_api.SecretariatViewSet, basename="api-secretariat")
router.register("axes", initiatives_api.AxisViewSet, basename="api-axis")
router.register("initiatives", initiatives_api.InitiativeViewSet, basename="api-initiative")
router.register("indicators", indicators_api.IndicatorViewSet, basename="api-indicator")
router.register("periods", indicators_api.PeriodViewSet, basename="api-period")
router.register("targets", indicators_api.TargetViewSet, basename="api-target")
router.register("values", indicators_api.ValueViewSet, basename="api-value")
router.register("progress", initiatives_api.ProgressViewSet, basename="api-progress")
router.register("risks", initiatives_api.RiskViewSet, basename="api-risk")
router.register("support-requests", initiatives_api.SupportRequestViewSet, basename="api-support-request")
router.register("ideas", initiatives_api.IdeaViewSet, basename="api-idea")
router.register("meetings", meetings_api.MeetingViewSet, basename="api-meeting")
router.register("actions", meetings_api.ActionViewSet, basename="api-action")
router.register("snapshots", meetings_api.SnapshotViewSet, basename="api-snapshot")
router.register("elements", elements_api.ElementRecordViewSet, basename="api-element")

v1 = [
    path("values/bulk/", indicators_api.ValueBulkView.as_view(), name="api-value-bulk"),
    path("values/export.csv", exports_api.ValueExportView.as_view({"get": "list"}), name="api-value-export"),
    path("progress/export.csv", exports_api.ProgressExportView.as_view({"get": "list"}), name="api-progress-export"),
    path("summary/secretariats/", indicators_api.SecretariatSummaryView.as_view(), name="api-summary-secretariats"),
    path("summary/axes/", indicators_api.AxisSummaryView.as_view(), name="api-summary-axes"),
    path("summary/groups/", annual_api.GroupsSummaryView.as_view(), name="api-summary-groups"),
    path("summary/annual/", annual_api.AnnualSummaryView.as_view(), name="api-summary-annual"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script, ready for a CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Any other path ending in a slash: madinati.handlers' JSON 404, DEBUG or not (DEBUG's 404 page is HTML).
    # A path without the slash still gets APPEND_SLASH's redirect first.
    re_path(r"^.*/$", not_found, {"exception": None}),
]
