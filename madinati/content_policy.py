"""The Content-Security-Policy and the Permissions-Policy that every answer carries (read by madinati.settings).

Scripts come only from our own static files: no inline script and no ``eval`` (plotly.js is its strict
bundle, the API docs' start-up script is a file). Styles come from our files; what plotly.js adds by itself
is allowed by the hash of its exact text, and nothing more (tests/madinati/test_csp_headers.py recomputes
the hashes from static/vendor/plotly/, so a new plotly.js cannot slip by):

* ``<style>`` elements: the empty one plotly.js creates and then fills through the CSSOM (which CSP does
  not govern), and the map library's fixed stylesheet that the bundle injects when it loads;
* ``style=""`` attributes (``'unsafe-hashes'`` with two hashes, not ``'unsafe-inline'``): the empty one
  plotly.js sets on a colour bar's rectangles, and a heatmap's ``image-rendering`` declarations.

Images: Bootstrap's icons and the images plotly.js exports are ``data:`` and ``blob:`` URLs.
"""

from csp.constants import NONE, SELF

EMPTY = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
PLOTLY_MAP_STYLESHEET = "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='"
PLOTLY_IMAGE_RENDERING = "'sha256-AR/cKIZjWPcPmBUPDA6oti9XBiTbJvz0Cro2J1VzzS8='"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF, EMPTY, PLOTLY_MAP_STYLESHEET],
        "style-src-attr": ["'unsafe-hashes'", EMPTY, PLOTLY_IMAGE_RENDERING],
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
