"""The published OpenAPI schema, its docs page, and a property-based run of the API against it.

The fuzz run drives the real WSGI application in-process with schemathesis,
with the checks of ``st run --checks all`` that judge one request and its answer:
for every operation, a bounded number of generated requests (authenticated with
an officer's token) must never get a server error, nor an answer the schema does
not describe (status, content type, body, headers); a request the schema allows
must not be refused as malformed (400), and one it forbids must be refused.
(The others of ``--checks all`` follow links, delete resources or probe
missing headers and methods in schemathesis' coverage phase; this API has no
links and no deletes.)
"""

import io
import re

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
    allow_header_conformance,
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_throttles")]

# Whatever the request: never a 500, and only answers the schema describes (a 400's or a 404's body too).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    allow_header_conformance,
]
EXAMPLES_PER_OPERATION = 15


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


def test_the_schema_says_what_the_api_refuses(client):
    """What schemathesis' positive_data_acceptance and negative_data_rejection rely on, said in the schema."""
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    query = [p for op in operations for p in op.get("parameters", []) if p["in"] == "query"]
    # An empty parameter is the same as leaving it out, everywhere.
    assert all(p.get("allowEmptyValue") for p in query if not p.get("required"))
    # Reporting periods are 2000-2999; numbers carry their bounds; a NUL is refused in any free string.
    [period] = {p["schema"]["pattern"] for p in query if p["name"] == "period"}
    assert [bool(re.fullmatch(period, key)) for key in ("2018-Q1", "2999-Q4", "1999-Q4", "0000-Q1")] == [
        True,
        True,
        False,
        False,
    ]
    assert all(p["schema"].get("minimum") == 1 for p in query if p["name"] in ("group", "page", "page_size"))
    assert all(p["schema"]["maximum"] == 500 for p in query if p["name"] == "page_size")
    assert all("pattern" in p["schema"] for p in query if p["name"] in ("secretariat", "axis", "lead", "owner"))
    # A 400 or a 404 names the fields at fault (or says why in detail): one component for both.
    bodies = {
        op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
        for op in operations
        for code in ("400", "404")
        if code in op["responses"] and op.get("operationId") != "v1_values_bulk_create"
    }
    assert bodies == {"#/components/schemas/FieldErrors"}
    # values/bulk/ refuses keys it does not know, at the top and in each row.
    components = schema["components"]["schemas"]
    assert components["BulkRequestRequest"]["additionalProperties"] is False
    assert components["BulkRowRequest"]["additionalProperties"] is False


@pytest.mark.parametrize("debug", [False, True])
def test_an_api_path_no_view_answers_is_a_json_404_even_with_debug_on(viewer_client, settings, debug):
    settings.DEBUG = debug  # DEBUG's own 404 page is HTML; the API's catch-all answers first
    for path in ("/api/v1/snapshots/0.5/", "/api/v1/no-such-thing/", "/api/nothing/here/"):
        response = viewer_client.get(path)
        assert (response.status_code, response["Content-Type"]) == (404, "application/json"), path
        assert list(response.json()) == ["detail"]
    # A path that only lacks its slash is still redirected to it (APPEND_SLASH), not refused.
    assert viewer_client.get("/api/v1/values")["Location"] == "/api/v1/values/"


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
        # Requests the schema allows: accepted (or a 403/404), never a 400; and without the token, refused.
        (GenerationMode.POSITIVE, [*CHECKS, positive_data_acceptance, ignored_auth]),
        # Requests the schema forbids (wrong types, bad patterns, extra keys, values out of bounds): refused.
        (GenerationMode.NEGATIVE, [*CHECKS, negative_data_rejection]),
    ],
    ids=["positive", "negative"],
)
@pytest.mark.fuzz
def test_fuzzing_the_api_against_its_schema_finds_no_error(
    api_programme, officer, token_client, wsgi_app, mode, checks
):
    key = token_client(officer).api_key
    auth = {"Authorization": f"Token {key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # 14 of the first round, meetings/, actions/, snapshots/ and a snapshot, values/ and progress/export.csv,
    # elements/; summary/groups/ and summary/annual/
    assert len(operations) == 23
    for operation in operations:
        fuzz(operation, mode, checks, auth)


def fuzz(operation, mode, checks, auth):
    @given(case=operation.as_strategy(generation_mode=mode, headers=auth))
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call()
        # The token is given as `st run -H` gives it, so ignored_auth knows it for a real one.
        case.validate_response(response, checks=checks, headers=auth)

    run()
