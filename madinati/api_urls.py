"""REST API v1 (DESIGN §5), its schema and docs."""

urlpatterns = []
