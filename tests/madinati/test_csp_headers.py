"""The Content-Security-Policy and Permissions-Policy headers on every kind of answer, and what they allow.

The browser test (tests/e2e/test_csp.py) shows the pages run under the policy; these check the headers
without a browser, that the hashes the policy allows are those of the vendored plotly.js, and that no
template of ours brings back an inline script or style.
"""

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
import simple_history
from django.conf import settings
from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parent.parent.parent
PLOTLY = ROOT / "static" / "vendor" / "plotly"

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    header = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    features = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in features.split(", ")


def test_a_page_has_the_policy(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert_strict(response)


def test_a_signed_in_page_has_the_policy(viewer_client):
    response = viewer_client.get("/")
    assert response.status_code == 200
    assert_strict(response)


def test_the_api_has_the_policy(client, viewer_client):
    refused = client.get("/api/v1/axes/")
    assert refused.status_code == 401
    assert_strict(refused)
    answer = viewer_client.get("/api/v1/axes/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    assert_strict(answer)


def test_a_404_has_the_policy(viewer_client):
    response = viewer_client.get("/no-such-page/")
    assert response.status_code == 404
    assert_strict(response)


def test_the_admin_has_the_policy(admin_client_):
    response = admin_client_.get("/admin/")
    assert response.status_code == 200
    assert_strict(response)


def test_the_api_docs_have_the_policy_and_no_inline_script_or_style(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert_strict(response)
    html = response.content.decode()
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), html


def test_vendored_plotly_is_the_strict_bundle_of_the_release_python_plotly_bundles():
    bundle = PLOTLY / "plotly-strict.min.js"
    release = get_plotlyjs_version()
    assert bundle.read_text()[:200].count(f"plotly.js (strict - minified) v{release}") == 1
    version = (PLOTLY / "VERSION").read_text()
    assert f"plotly.js-strict-dist-min {release} " in version
    assert f"sha256(plotly-strict.min.js) = {hashlib.sha256(bundle.read_bytes()).hexdigest()}" in version
    assert "MIT License" in (PLOTLY / "LICENSE").read_text()


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_style_hashes_the_policy_allows_are_the_vendored_texts():
    """A new plotly.js (or django-simple-history) whose inline styles changed fails here, not in a browser."""
    source = (PLOTLY / "plotly-strict.min.js").read_text()
    stylesheet = re.search(r"\.textContent='(\.maplibregl-map\{[^']*)'", source)
    declarations = re.search(r"CSS_DECLARATIONS=(\[\[\"image-rendering\".*?\]\])", source)
    assert stylesheet and declarations
    image_rendering = "".join(": ".join(pair) + "; " for pair in json.loads(declarations.group(1)))
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert policy["style-src-elem"][:3] == ["'self'", _csp_hash(""), _csp_hash(stylesheet.group(1))]
    history = Path(simple_history.__file__).parent / "templates" / "simple_history" / "object_history_list.html"
    paginator = re.search(r'<p class="paginator" style="([^"]*)"', history.read_text())
    assert paginator
    assert policy["style-src-attr"] == [
        "'unsafe-hashes'",
        _csp_hash(""),
        _csp_hash(image_rendering),
        _csp_hash(paginator.group(1)),
    ]


def test_the_browsable_api_style_block_is_allowed_by_its_hash(viewer_client):
    html = viewer_client.get("/api/v1/axes/", HTTP_ACCEPT="text/html").content.decode()
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style, "DRF renders its code style when Pygments is installed (it is, with the test tools)"
    assert _csp_hash(style.group(1)) in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src-elem"]


def test_no_template_has_an_inline_script_style_or_handler():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", text):
            offenders.append(f"{template.relative_to(ROOT)}: {match.group(0)}")
        for match in re.finditer(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", text):
            offenders.append(f"{template.relative_to(ROOT)}: {match.group(0).strip()}")
    assert not offenders, offenders
