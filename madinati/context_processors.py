from django.conf import settings
from django.utils.translation import get_language_bidi


def site(request):
    """Direction-dependent assets and flags used by ``base.html``."""
    rtl = get_language_bidi()
    return {
        "is_rtl": rtl,
        "bootstrap_css": "vendor/bootstrap/bootstrap.rtl.min.css" if rtl else "vendor/bootstrap/bootstrap.min.css",
        "debug": settings.DEBUG,
    }
