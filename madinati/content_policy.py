"""The Content-Security-Policy and the Permissions-Policy that every answer carries (read by madinati.settings).

Scripts come only from our own static files: no inline script and no ``eval`` (plotly.js is its strict
bundle, the API docs' start-up script is a file). Styles come from our files; what plotly.js adds by itself
is allowed by the hash of its exact text, and nothing more (tests/madinati/test_csp_headers.py recomputes
the hashes from static/vendor/plotly/, so a new plotly.js cannot slip by):

* ``<style>`` elements: the empty one plotly.js creates and then fills through the CSSOM (which CSP does
  not govern), and the map library's fixed stylesheet that the bundle injects when it loads;
* ``style=""`` attributes (``'unsafe-hashes'`` with three hashes, not ``'unsafe-inline'``): the empty one
  plotly.js sets on a colour bar's rectangles, a heatmap's ``image-rendering`` declarations, and the
  ``border-top: 0`` of django-simple-history's paginator on the admin's history pages.

* the browsable API's ``<style>`` of syntax colours, Pygments' CSS for DRF's code style, hashed as it is
  rendered (when Pygments is installed, DRF adds it; otherwise it adds nothing).

Images: Bootstrap's icons and the images plotly.js exports are ``data:`` and ``blob:`` URLs.
"""

import base64
import hashlib

from csp.constants import NONE, SELF

try:
    from pygments.formatters import HtmlFormatter
except ImportError:  # pragma: no cover - DRF then renders no style block
    HtmlFormatter = None


def source_hash(text: str) -> str:
    """The CSP source that allows exactly this inline text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def browsable_api_style() -> list[str]:
    """DRF's ``<style>{{ code_style }}</style>`` (rest_framework.compat.pygments_css of BrowsableAPIRenderer's style)."""
    if HtmlFormatter is None:
        return []
    return [source_hash(HtmlFormatter(style="emacs").get_style_defs(".highlight"))]


EMPTY = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
PLOTLY_MAP_STYLESHEET = "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='"
PLOTLY_IMAGE_RENDERING = "'sha256-AR/cKIZjWPcPmBUPDA6oti9XBiTbJvz0Cro2J1VzzS8='"
HISTORY_PAGINATOR = "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF, EMPTY, PLOTLY_MAP_STYLESHEET, *browsable_api_style()],
        "style-src-attr": ["'unsafe-hashes'", EMPTY, PLOTLY_IMAGE_RENDERING, HISTORY_PAGINATOR],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

#: Features no page uses: off for our pages and for anything they could embed (``camera=()``).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
