"""The published OpenAPI schema, its docs page, and a property-based run of the API against it.

The fuzz run drives the real WSGI application in-process with schemathesis:
for every operation, a bounded number of generated requests (valid by the
schema, authenticated with an officer's token) must never get a server
error, nor an answer the schema does not describe (status, content type,
body, headers).
"""

import io

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES_PER_OPERATION = 25


def test_the_schema_validates_without_warnings(db):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    assert '"/api/v1/values/bulk/"' in out.getvalue()


def test_the_schema_documents_every_endpoint_and_parameter(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert sorted(schema["paths"]) == sorted(
        [
            f"/api/v1/{p}/"
            for p in (
                "meetings",
                "actions",
                "snapshots",
                "snapshots/{id}",
                "secretariats",
                "axes",
                "initiatives",
                "indicators",
                "periods",
                "targets",
                "values",
                "values/bulk",
                "progress",
                "summary/secretariats",
                "summary/axes",
                "summary/groups",
                "summary/annual",
                "risks",
                "support-requests",
                "ideas",
                "elements",
            )
        ]
        + ["/api/v1/values/export.csv", "/api/v1/progress/export.csv"]
    )
    undocumented = [
        (path, method, parameter["name"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undocumented == []
    names = {p["name"] for p in schema["paths"]["/api/v1/values/"]["get"]["parameters"]}
    assert names == {
        "secretariat",
        "indicator",
        "period",
        "status",
        "updated_since",
        "page",
        "page_size",
        "format",
        "If-None-Match",
    }
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_the_docs_page_is_served_with_the_apps_own_assets(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200
    # Every script is a file (ready for a content security policy), the start-up one included.
    assert "<script>" not in html
    start = client.get("/api/docs/", {"script": ""})
    assert start.status_code == 200
    assert start["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in start.content.decode()


@pytest.fixture
def wsgi_app():
    """The real WSGI application, sharing the test's transaction.

    Django's own test client detaches ``close_old_connections`` from the request
    signals for the same reason: closing the connection would end the test's transaction.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@override_settings(
    REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/minute", "anon": "100000/minute"},
    }
)
@pytest.mark.parametrize(
    ("mode", "checks"),
    [
        # Requests the schema allows: every answer must be one the schema describes.
        (GenerationMode.POSITIVE, CHECKS),
        # Requests the schema forbids (wrong types, bad patterns, missing fields): never a 500.
        (GenerationMode.NEGATIVE, [not_a_server_error]),
    ],
    ids=["positive", "negative"],
)
@pytest.mark.fuzz
def test_fuzzing_the_api_against_its_schema_finds_no_error(
    api_programme, officer, token_client, wsgi_app, mode, checks
):
    key = token_client(officer).api_key
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # 14 of the first round, meetings/, actions/, snapshots/ and a snapshot, values/ and progress/export.csv,
    # elements/; summary/groups/ and summary/annual/
    assert len(operations) == 23
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode, headers={"Authorization": f"Token {key}"}))
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call()
            case.validate_response(response, checks=checks)

        run()
